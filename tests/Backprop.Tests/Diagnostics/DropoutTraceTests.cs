using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagnostics;

public class DropoutTraceTests
{
    private const double P = 0.5;

    private static Network Make()
    {
        var network = Network.Create(3,
            [new LayerDefinition(6, Activation.Tanh) { Dropout = P }, new LayerDefinition(4, Activation.Sigmoid) { Dropout = 0.25 },
             new LayerDefinition(2, Activation.Softmax)],
            new UniformInitializer(-1, 1), seed: 21, Loss.CategoricalCrossEntropy);
        network.SeedDropout(1);
        return network;
    }

    private static readonly Vector<double> X = Vector<double>.Build.DenseOfArray([0.4, -0.9, 0.7]);
    private static readonly Vector<double> Y = Vector<double>.Build.DenseOfArray([0.0, 1.0]);

    private static double Relative(double a, double n) => Math.Abs(a - n) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(n)), 1e-5);

    [Fact]
    public void The_trace_records_each_hidden_layers_mask_and_its_scaled_outputs()
    {
        var trace = StepTrace.Record(Make(), X, Y, new Sgd(0.1));
        var hidden = trace.Layers[0];

        hidden.Dropout.Should().Be(P);
        // The first masks of seed 1, pinned: the stream must not change unnoticed.
        hidden.Mask.Should().Equal(0, 0, 0, 1, 1, 0);
        trace.Layers[1].Mask.Should().Equal(1, 1, 1, 0);
        for (int j = 0; j < 6; j++) hidden.DroppedOut[j].Should().Be(hidden.Out[j] * (hidden.Mask[j] * 2));
        trace.Layers[1].Input.Should().Equal(hidden.DroppedOut, "the next layer reads out′");
        trace.Layers[2].Mask.Should().BeEmpty();
        trace.Layers[2].DroppedOut.Should().BeEmpty();
    }

    [Fact]
    public void A_dropped_neuron_passes_no_gradient_back_and_its_weights_get_none()
    {
        var trace = StepTrace.Record(Make(), X, Y, new Sgd(0.1));
        var hidden = trace.Layers[0];
        var next = trace.Layers[1];

        for (int j = 0; j < 6; j++)
        {
            double fromAbove = Enumerable.Range(0, 4).Sum(k => next.Delta[k] * next.WeightsBefore[k, j]);
            hidden.OutputGradient[j].Should().BeApproximately(fromAbove * hidden.Mask[j] / (1 - P), 1e-15, $"∂E/∂out of h{j + 1}");
            if (hidden.Mask[j] != 0) continue;
            hidden.Delta[j].Should().Be(0);
            hidden.WeightGradient.Row(j).Should().OnlyContain(g => g == 0);
            hidden.BiasGradient[j].Should().Be(0);
            next.WeightGradient.Column(j).Should().OnlyContain(g => g == 0, "out′ of a dropped neuron is 0");
        }
    }

    [Fact]
    public void Every_traced_gradient_agrees_with_its_finite_difference_under_the_same_masks()
    {
        var trace = StepTrace.Record(Make(), X, Y, new Sgd(0.1), finiteDifferences: true);

        foreach (var l in trace.Layers)
        {
            for (int j = 0; j < l.WeightGradient.RowCount; j++)
            for (int i = 0; i < l.WeightGradient.ColumnCount; i++)
                Relative(l.WeightGradient[j, i], l.NumericWeightGradient![j, i]).Should().BeLessThan(1e-7, $"layer {l.Index} W[{j}, {i}]");
            for (int j = 0; j < l.BiasGradient.Count; j++)
                Relative(l.BiasGradient[j], l.NumericBiasGradient![j]).Should().BeLessThan(1e-7, $"layer {l.Index} b[{j}]");
        }
    }

    [Fact]
    public void The_gradient_check_passes_with_the_masks_held_fixed_and_leaves_the_networks_masks_alone()
    {
        var network = Make();
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.4, -0.2, 1.0, 0.1 }, { -0.9, 0.5, 0.3, -0.6 }, { 0.7, 0.8, -0.4, 0.2 } });
        var t = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0, 1.0, 0.0 }, { 1.0, 0.0, 0.0, 1.0 } });
        var untouched = Make();

        var result = GradientCheck.Run(network, x, t);

        result.MaxRelativeError.Should().BeLessThan(1e-7, result.ToString());
        result.ParametersChecked.Should().Be(6 * 3 + 6 + 4 * 6 + 4 + 2 * 4 + 2);
        network.TrainStep(x, t, new Sgd(0.1));
        untouched.TrainStep(x, t, new Sgd(0.1));
        network.Layers[0].Weights.Should().Be(untouched.Layers[0].Weights, "the check drew its masks on a copy");
    }

    [Fact]
    public void The_masks_change_the_gradient_so_the_check_sees_them()
    {
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.4 }, { -0.9 }, { 0.7 } });
        var t = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0 }, { 1.0 } });
        var dropping = Make();
        var plain = new Network(dropping.Layers.Select(l => new DenseLayer(l.Weights, l.Bias, l.Activation, l.BiasMode)), dropping.Loss);

        var withMasks = dropping.ComputeGradients(x, t);
        var without = plain.ComputeGradients(x, t);

        withMasks.Weights[0].Should().NotBe(without.Weights[0]);
        withMasks.Loss.Should().NotBe(without.Loss);
    }

    [Fact]
    public void A_traced_step_with_dropout_and_a_plain_step_give_bit_identical_weights()
    {
        var (traced, plain) = (Make(), Make());

        for (int i = 0; i < 3; i++)
        {
            StepTrace.Record(traced, X, Y, new Sgd(0.1), finiteDifferences: i == 1);
            plain.TrainStep(X, Y, new Sgd(0.1));
        }

        for (int l = 0; l < 3; l++) traced.Layers[l].Weights.Should().Be(plain.Layers[l].Weights);
    }

    [Fact]
    public void The_json_gives_the_rate_the_mask_and_out_prime_of_a_dropout_layer_only()
    {
        var trace = StepTrace.Record(Make(), X, Y, new Sgd(0.1));
        var json = TraceJson.ToJson(trace);
        var layers = json["layers"]!.AsArray();
        var h = layers[0]!["neurons"]!.AsArray();

        layers[0]!["dropout"]!.GetValue<double>().Should().Be(P);
        h.Select(n => n!["mask"]!.GetValue<double>()).Should().Equal(trace.Layers[0].Mask);
        h.Select(n => n!["dropped_out"]!.GetValue<double>()).Should().Equal(trace.Layers[0].DroppedOut);
        ((JsonObject)h[0]!).Select(p => p.Key).Should().StartWith(["name", "net", "out", "mask", "dropped_out"]);
        ((JsonObject)layers[2]!).ContainsKey("dropout").Should().BeFalse();
        ((JsonObject)layers[2]!["neurons"]![0]!).ContainsKey("mask").Should().BeFalse();
    }

    [Fact]
    public void The_markdown_has_a_dropout_table_with_each_neurons_mask()
    {
        var trace = StepTrace.Record(Make(), X, Y, new Sgd(0.1));
        var md = TraceMarkdown.Write(trace, digits: 6);
        var l = trace.Layers[0];
        string F(double x) => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

        md.Should().Contain("## Dropout").And.Contain("| neuron | p | out | mask m | out′ |");
        md.Should().Contain($"| l1:j2 | 0.5 | {F(l.Out[1])} | 0 | 0 |");
        md.Should().Contain($"| l1:j4 | 0.5 | {F(l.Out[3])} | 1 | {F(l.DroppedOut[3])} |");
        md.Should().Contain($"| l2:j4 | 0.25 | {F(trace.Layers[1].Out[3])} | 0 | 0 |");
        md.IndexOf("## Dropout", StringComparison.Ordinal).Should().BeLessThan(md.IndexOf("## Loss", StringComparison.Ordinal));
    }

    [Fact]
    public void A_trace_without_dropout_has_no_dropout_table_and_no_mask_fields()
    {
        var network = Network.Create(3, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(2, Activation.Softmax)],
            new UniformInitializer(-1, 1), seed: 21, Loss.CategoricalCrossEntropy);
        var trace = StepTrace.Record(network, X, Y, new Sgd(0.1));

        trace.Layers[0].Mask.Should().BeEmpty();
        trace.Layers[0].Dropout.Should().Be(0);
        TraceMarkdown.Write(trace).Should().NotContain("Dropout");
        TraceJson.Write(trace).Should().NotContain("mask").And.NotContain("dropout");
    }

    [Fact]
    public void The_chain_rule_of_a_weight_below_a_dropout_layer_multiplies_by_the_mask()
    {
        var trace = StepTrace.Record(Make(), X, Y, new Sgd(0.1));
        var hidden = trace.Layers[0];
        const int kept = 3; // l1:j4, kept in this step
        hidden.Mask[kept].Should().Be(1);

        var rule = ChainRule.For(trace, 0, kept, 1);
        var above = ChainRule.For(trace, 1, 0, kept);

        rule.Product.Should().BeApproximately(rule.Gradient, 1e-15);
        rule.OutputGradientTerms.Sum(f => f.Value).Should().BeApproximately(hidden.OutputGradient[kept], 1e-15);
        rule.OutputGradientTerms[0].Label.Should().EndWith("·m_l1:j4/(1 − p)");
        above.Factors[^1].Label.Should().Be("∂net_l2:j1/∂w[l2: j1←i4] = out′_l1:j4");
        above.Factors[^1].Value.Should().Be(hidden.DroppedOut[kept]);
    }
}
