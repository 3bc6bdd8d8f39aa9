using Backprop.Tests.Reference;

namespace Backprop.Tests.Training;

public class TenPointFromSeedTests
{
    private static Network FromSeedOne() =>
        Network.Create(2, [new LayerDefinition(2), new LayerDefinition(2)], new UniformInitializer(), new PythonRandom(1));

    [Fact]
    public void Pythons_seed_one_draws_the_tutorials_initial_weights_bit_for_bit()
    {
        var network = FromSeedOne();

        var expected = TenPoint.Network();
        for (int l = 0; l < 2; l++)
        {
            network.Layers[l].Weights.ToColumnMajorArray().Should().Equal(expected.Layers[l].Weights.ToColumnMajorArray());
            network.Layers[l].Bias.ToArray().Should().Equal(expected.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void Training_from_seed_one_reproduces_all_twenty_printed_epoch_lines()
    {
        var network = FromSeedOne();
        var (inputs, targets, labels) = TenPoint.Data();

        var history = new Trainer(new Sgd(0.5), new TrainingOptions { Epochs = 20 }).Train(network, inputs, targets);

        var printed = Golden.At("brownlee_tenpoint", "printed", "epoch_errors_3dp").EnumerateArray().Select(x => x.GetString()).ToArray();
        var lines = history.Epochs.Select(e => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $">epoch={e.Epoch}, lrate=0.500, error={2 * e.Loss:F3}")).ToArray();
        lines.Should().Equal(printed.Select((p, e) => $">epoch={e}, lrate=0.500, error={p}"));
        var expected = Golden.Vector("brownlee_tenpoint", "computed", "tenpoint_epoch_errors");
        history.Epochs.Select(e => 2 * e.Loss).Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-9 * b);
        Classes.Of(network.Predict(inputs).ToColumnMajorArray(), 2, 10).Should().Equal(labels);
    }
}
