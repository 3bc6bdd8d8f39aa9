using Backprop.Demo.Tour;
using Backprop.Tests.Reference;

namespace Backprop.Tests.Networks;

public class MazurWorkedExampleTests
{
    private static readonly Lazy<OrderedDictionary<string, double>> Step = new(MazurTour.Run);

    public static TheoryData<string> TableANames()
    {
        var data = new TheoryData<string>();
        foreach (var p in Golden.At("mazur", "single_step").EnumerateObject())
            if (p.Name != "E_total_after_1_sequential") data.Add(p.Name);
        return data;
    }

    public static TheoryData<string> PrintedNames()
    {
        var data = new TheoryData<string>();
        foreach (var p in Golden.At("mazur", "single_step").EnumerateObject())
            if (p.Value.TryGetProperty("printed", out _) && p.Name is not "E_total_after_1" and not "E_total_after_1_sequential")
                data.Add(p.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(TableANames))]
    public void Every_value_of_one_step_equals_the_recomputed_reference(string name)
    {
        double expected = Golden.Number("mazur", "single_step", name, "computed");

        Step.Value[name].Should().BeApproximately(expected, Golden.RelativeTolerance(expected, Golden.SingleStepRelative) + 1e-300, name);
    }

    [Theory]
    [MemberData(nameof(PrintedNames))]
    public void Every_value_the_blog_prints_agrees_to_its_last_printed_digit(string name)
    {
        var entry = Golden.At("mazur", "single_step", name);
        string printed = entry.GetProperty("printed").GetString()!;
        // The blog rounded its intermediates for dE_o2/dout_h1; the reference allows 1e-9 there.
        double tolerance = entry.GetProperty("agrees_with_print").GetBoolean() ? Golden.HalfUnitInLastPlace(printed) : 1e-9;

        Step.Value[name].Should().BeApproximately(Golden.Parse(printed), tolerance, name);
    }

    [Fact]
    public void The_blogs_error_after_the_first_update_is_the_sequential_rule_not_the_one_it_states()
    {
        var single = Golden.At("mazur", "single_step");
        double printed = Golden.Parse(single.GetProperty("E_total_after_1").GetProperty("printed").GetString()!);
        double sequential = single.GetProperty("E_total_after_1_sequential").GetProperty("computed").GetDouble();

        Step.Value["E_total_after_1"].Should().NotBeApproximately(printed, Golden.HalfUnitInLastPlace("0.291027924"));
        Step.Value["E_total_after_1_sequential"].Should().BeApproximately(sequential, sequential * Golden.SingleStepRelative);
        Step.Value["E_total_after_1_sequential"].Should().BeApproximately(printed, Golden.HalfUnitInLastPlace("0.291027924"));
    }

    [Theory]
    [InlineData(BiasMode.Frozen, "parallel/frozen")]
    [InlineData(BiasMode.Trainable, "parallel/per_neuron")]
    public void Ten_thousand_updates_give_the_reference_error_and_outputs(BiasMode biasMode, string variant)
    {
        var network = MazurTour.CreateNetwork(biasMode);
        var sgd = new Sgd(0.5);
        for (int i = 0; i < 10_000; i++) network.TrainStep(MazurTour.Input, MazurTour.Target, sgd);

        double e = network.ComputeLoss(MazurTour.Input, MazurTour.Target);
        var outputs = network.Predict(MazurTour.Input.ToColumnMatrix());
        var reference = Golden.At("mazur", "training_10000_updates", variant);
        Expect(e, reference.GetProperty("E_total").GetDouble());
        Expect(outputs[0, 0], reference.GetProperty("out_o1").GetDouble());
        Expect(outputs[1, 0], reference.GetProperty("out_o2").GetDouble());
        if (biasMode == BiasMode.Frozen)
        {
            var w = reference.GetProperty("final_w1_w8").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var actual = network.Layers[0].Weights.ToRowMajorArray().Concat(network.Layers[1].Weights.ToRowMajorArray()).ToArray();
            for (int i = 0; i < 8; i++) Expect(actual[i], w[i]);
            network.Layers[0].Bias.Should().Equal(0.35, 0.35);
            network.Layers[1].Bias.Should().Equal(0.60, 0.60);
        }

        static void Expect(double actual, double expected) =>
            actual.Should().BeApproximately(expected, Golden.RelativeTolerance(expected, Golden.LongRunRelative));
    }

    [Fact]
    public void Ten_thousand_updates_agree_with_the_blogs_printed_figures_within_the_reference_tolerance()
    {
        var network = MazurTour.CreateNetwork();
        var sgd = new Sgd(0.5);
        for (int i = 0; i < 10_000; i++) network.TrainStep(MazurTour.Input, MazurTour.Target, sgd);

        double e = network.ComputeLoss(MazurTour.Input, MazurTour.Target);
        var printed = Golden.At("mazur", "blog_printed_after_training");
        double blogE = Golden.Parse(printed.GetProperty("E_after_10000").GetString()!);
        e.Should().BeApproximately(blogE, 1e-3 * blogE);
        var outputs = network.Predict(MazurTour.Input);
        outputs[0].Should().BeApproximately(Golden.Parse(printed.GetProperty("out_o1").GetString()!), 5e-6);
        outputs[1].Should().BeApproximately(Golden.Parse(printed.GetProperty("out_o2").GetString()!), 5e-6);
    }

    [Fact]
    public void The_error_after_each_reference_checkpoint_matches()
    {
        var network = MazurTour.CreateNetwork();
        var sgd = new Sgd(0.5);
        var checkpoints = Golden.At("mazur", "training_10000_updates", "parallel/frozen", "E_after").EnumerateObject()
            .ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetDouble());
        for (int i = 1; i <= 10_000; i++)
        {
            network.TrainStep(MazurTour.Input, MazurTour.Target, sgd);
            if (checkpoints.TryGetValue(i, out double expected))
                network.ComputeLoss(MazurTour.Input, MazurTour.Target).Should().BeApproximately(expected, expected * Golden.LongRunRelative, $"after {i} updates");
        }
    }
}
