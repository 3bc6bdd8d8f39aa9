using System.Text.Json.Nodes;
using Backprop.Visualization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Visualization.Browser;

/// <summary>The page of a 3-4-3-2 network's step (generic labels, three layers of weights).</summary>
public sealed class DeepPage : PageRun
{
    public DeepPage() : base("deep", [DeepStep()], path => TraceHtml.Write(DeepStep(), path), new JsonObject
    {
        ["select"] = new JsonArray(Select("w[l2: j3←i4]"), Select("w[l1: j2<-i3]"), Select("w[l3: j1←i3]", "tab"), Select("l2:j1")),
        ["shots"] = new JsonArray(Screenshot("deep-network", stage: 11, select: "w[l2: j3←i4]")),
    })
    {
    }
}

/// <summary>The page of an 8-16-16-16-4 network's step: too many weights to label at once, so labels come on demand.</summary>
public sealed class WidePage : PageRun
{
    public static StepTrace WideStep() => StepTrace.Record(
        Network.Create(8, [new LayerDefinition(16, Activation.Tanh), new LayerDefinition(16, Activation.Tanh), new LayerDefinition(16, Activation.Tanh),
            new LayerDefinition(4, Activation.Softmax)], ScaledInitializer.GlorotUniform, seed: 3, Loss.CategoricalCrossEntropy),
        Vector<double>.Build.Dense(8, k => 0.1 * k - 0.3), Vector<double>.Build.DenseOfArray([0, 1, 0, 0]), new Sgd(0.1));

    public WidePage() : base("wide", [WideStep()], path => TraceHtml.Write(WideStep(), path), new JsonObject
    {
        ["select"] = new JsonArray(Select("w[l3: j5←i7]", stage: 20)),
        ["shots"] = new JsonArray(Screenshot("wide-network", stage: 20, select: "w[l3: j5←i7]")),
    })
    {
    }
}

[Collection(BrowserTests.Name)]
[Trait("Category", "Integration")]
public sealed class DeepPageTests(DeepPage deep, WidePage wide) : IClassFixture<DeepPage>, IClassFixture<WidePage>
{
    [Fact]
    public void The_pages_make_no_request_and_log_no_error()
    {
        foreach (var run in new PageRun[] { deep, wide })
        {
            BrowserRunner.Strings(run.Report["errors"]).Should().BeEmpty();
            BrowserRunner.Strings(run.Report["requests"]).Should().BeEmpty();
        }
    }

    [Fact]
    public void Every_stage_of_the_deep_step_shows_the_traces_numbers()
    {
        // The network, 3 forward layers, 2 loss terms and the total, 2 + 3 + 4 neurons backward, the update.
        deep.Stages.Should().HaveCount(1 + 3 + 3 + 9 + 1);
        foreach (var stage in deep.Stages)
            ShownValues.CheckAll(stage!["numbers"]!.AsObject(), key => ShownValues.Stage(deep.Steps[0], key), (string)stage["title"]!);
        ((string)deep.Stages[12]!["title"]!).Should().Be("Backward pass: δ of l1:j1");
        ((string)deep.Shot("deep-network")["stage"]!).Should().Be("Backward pass: δ of l2:j3");
    }

    [Theory]
    [InlineData("w[l2: j3←i4]", 1, 2, 3)]
    [InlineData("w[l1: j2<-i3]", 0, 1, 2)]
    [InlineData("w[l3: j1←i3]", 2, 0, 2)]
    public void A_weight_of_any_layer_shows_its_chain_rule_with_the_traces_values(string typed, int layer, int j, int i)
    {
        var selection = deep.Selection(typed);

        ((string)selection["title"]!).Should().Be($"w[l{layer + 1}: j{j + 1}←i{i + 1}]");
        int count = ShownValues.CheckAll(selection["values"]!.AsObject(), key => ShownValues.Weight(deep.Steps[0], layer, j, i, key), typed);
        count.Should().BeGreaterThanOrEqualTo(layer == 2 ? 8 : 10, "a hidden weight's first factor also shows the terms it sums");
    }

    [Fact]
    public void A_neuron_of_a_middle_layer_shows_where_its_numbers_came_from()
    {
        var values = deep.Selection("l2:j1")["values"]!.AsObject();

        ShownValues.CheckAll(values, key => ShownValues.Neuron(deep.Steps[0], 1, 0, key), "l2:j1").Should().BeGreaterThanOrEqualTo(4 + 2 + 2 + 2 + 2);
    }

    [Fact]
    public void The_wide_network_shows_a_weights_label_on_demand_and_its_chain_rule()
    {
        var selection = wide.Selection("w[l3: j5←i7]");
        ShownValues.CheckAll(selection["values"]!.AsObject(), key => ShownValues.Weight(wide.Steps[0], 2, 4, 6, key), "wide").Should().BeGreaterThan(8);
        var shot = wide.Shot("wide-network");
        var labels = shot["labels"]!.AsArray();
        labels.Select(l => (string)l!["text"]!).Should().Equal(["w[l3: j5←i7] " + Short(wide.Steps[0].Layers[2].WeightsBefore[4, 6])],
            "with 704 weights only the selected one is labelled");
        Screenshots.Ink((string)shot["path"]!, labels[0]!).Should().BeGreaterThan(20);
    }

    [Fact]
    public void No_two_texts_overlap_in_the_deep_and_wide_diagrams()
    {
        foreach (var stage in deep.Stages.Concat(deep.Report["shots"]!.AsArray()))
        {
            BrowserRunner.Strings(stage!["overlaps"]).Should().BeEmpty();
            BrowserRunner.Strings(stage["onLines"]).Should().BeEmpty();
        }
        // 256 lines cross each gap of the wide network: a label there cannot keep clear of them all (the selection
        // dims them instead), but it covers no other text.
        BrowserRunner.Strings(wide.Shot("wide-network")["overlaps"]).Should().BeEmpty();
        var shot = deep.Shot("deep-network");
        shot["labels"]!.AsArray().Should().NotBeEmpty();
        foreach (var label in shot["labels"]!.AsArray())
            Screenshots.Ink((string)shot["path"]!, label!).Should().BeGreaterThan(20);
    }

    private static string Short(double value) => PageRun.Printed(value, 4).ToString(System.Globalization.CultureInfo.InvariantCulture).Replace('-', '\u2212');
}
