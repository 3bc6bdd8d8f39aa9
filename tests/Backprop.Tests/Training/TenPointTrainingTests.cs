using Backprop.Tests.Reference;

namespace Backprop.Tests.Training;

public class TenPointTrainingTests
{
    private static TrainingHistory Train(out Network network)
    {
        network = TenPoint.Network();
        var (inputs, targets, _) = TenPoint.Data();
        return new Trainer(new Sgd(0.5), new TrainingOptions { Epochs = 20 }).Train(network, inputs, targets);
    }

    [Fact]
    public void All_twenty_epoch_errors_match_the_tutorial_run()
    {
        var history = Train(out _);

        var expected = Golden.Vector("brownlee_tenpoint", "computed", "tenpoint_epoch_errors");
        var printed = Golden.At("brownlee_tenpoint", "printed", "epoch_errors_3dp").EnumerateArray().Select(x => x.GetString()!).ToArray();
        history.Epochs.Should().HaveCount(20);
        for (int e = 0; e < 20; e++)
        {
            // The tutorial prints Σ (target − out)², twice the ½-sum-of-squares loss.
            double sse = 2 * history.Epochs[e].Loss;
            sse.Should().BeApproximately(expected[e], expected[e] * Golden.LongRunRelative, $"epoch {e}");
            sse.Should().BeApproximately(Golden.Parse(printed[e]), Golden.HalfUnitInLastPlace(printed[e]), $"epoch {e} as printed");
            history.Epochs[e].Updates.Should().Be(10);
        }
    }

    [Fact]
    public void The_trained_weights_match_the_tutorial_print()
    {
        Train(out var network);

        var expected = Golden.At("brownlee_tenpoint", "computed", "tenpoint_trained_weights").EnumerateArray().ToArray();
        for (int l = 0; l < 2; l++)
        {
            var neurons = expected[l].EnumerateArray().ToArray();
            for (int j = 0; j < 2; j++)
            {
                var w = neurons[j].EnumerateArray().Select(x => x.GetDouble()).ToArray();
                network.Layers[l].Weights[j, 0].Should().BeApproximately(w[0], Math.Abs(w[0]) * Golden.LongRunRelative);
                network.Layers[l].Weights[j, 1].Should().BeApproximately(w[1], Math.Abs(w[1]) * Golden.LongRunRelative);
                network.Layers[l].Bias[j].Should().BeApproximately(w[2], Math.Abs(w[2]) * Golden.LongRunRelative);
            }
        }
    }

    [Fact]
    public void The_trained_network_predicts_all_ten_points()
    {
        Train(out var network);
        var (inputs, _, labels) = TenPoint.Data();

        var outputs = network.Predict(inputs);
        var predicted = Enumerable.Range(0, 10).Select(j => outputs.Column(j).MaximumIndex()).ToArray();
        predicted.Should().Equal(labels);
        predicted.Should().Equal(Golden.At("brownlee_tenpoint", "computed", "tenpoint_predictions_trained").EnumerateArray().Select(x => x.GetInt32()));
    }
}
