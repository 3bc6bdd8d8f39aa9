using Backprop.Demo.Tour;
using Backprop.Tests.Reference;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagnostics;

public class StepTraceTests
{
    private static StepTrace Mazur(bool fd = false) =>
        StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(0.5), fd);

    private static double A(string name) => Golden.Number("mazur", "single_step", name, "computed");

    private static void Near(double actual, string name) =>
        actual.Should().BeApproximately(A(name), Math.Abs(A(name)) * Golden.SingleStepRelative, name);


    public static TheoryData<string, int[], string, string, string> Others() => new()
    {
        { "3-4-2 tanh, softmax + categorical cross-entropy", [3, 4, 2], "tanh", "softmax", "categorical-cross-entropy" },
        { "2-3-3-1 relu, identity + mse", [2, 3, 3, 1], "relu", "identity", "mse" },
        { "the notebook's linear 2-2-2-2", [2, 2, 2, 2], "identity", "identity", "half-squared-error" },
    };

    [Theory]
    [MemberData(nameof(Others))]
    public void Every_traced_gradient_agrees_with_its_finite_difference(string name, int[] sizes, string hidden, string output, string loss)
    {
        var layers = sizes.Skip(1).Select((n, i) => new LayerDefinition(n, Activation.Parse(i == sizes.Length - 2 ? output : hidden)));
        var network = Network.Create(sizes[0], layers, new UniformInitializer(-1, 1), seed: 21, Loss.Parse(loss));
        var x = Vector<double>.Build.Dense(sizes[0], i => 0.3 * i - 0.2);
        var y = Vector<double>.Build.Dense(sizes[^1], k => k == 0 ? 1 : 0);

        var trace = StepTrace.Record(network, x, y, new Sgd(0.1), finiteDifferences: true);

        trace.HasFiniteDifferences.Should().BeTrue();
        foreach (var l in trace.Layers)
        {
            for (int j = 0; j < l.WeightGradient.RowCount; j++)
            for (int i = 0; i < l.WeightGradient.ColumnCount; i++)
                Relative(l.WeightGradient[j, i], l.NumericWeightGradient![j, i]).Should().BeLessThan(1e-7, $"{name} layer {l.Index} W[{j}, {i}]");
            for (int j = 0; j < l.BiasGradient.Count; j++)
                Relative(l.BiasGradient[j], l.NumericBiasGradient![j]).Should().BeLessThan(1e-7, $"{name} layer {l.Index} b[{j}]");
        }
    }

    private static double Relative(double a, double n) => Math.Abs(a - n) / Math.Max(Math.Max(Math.Abs(a), Math.Abs(n)), 1e-5);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_traced_step_and_a_plain_step_give_bit_identical_weights(bool finiteDifferences)
    {
        Network Make() => Network.Create(3, [new LayerDefinition(4, Activation.Tanh), new LayerDefinition(3, Activation.Softmax)],
            ScaledInitializer.GlorotNormal, seed: 2, Loss.CategoricalCrossEntropy);
        var x = Vector<double>.Build.DenseOfArray([0.2, -0.4, 0.9]);
        var y = Vector<double>.Build.DenseOfArray([0.0, 0.0, 1.0]);
        var (traced, plain) = (Make(), Make());
        var (adamA, adamB) = (new Adam(0.01), new Adam(0.01));

        for (int step = 0; step < 3; step++)
        {
            StepTrace.Record(traced, x, y, adamA, finiteDifferences);
            plain.TrainStep(x, y, adamB);
        }

        for (int l = 0; l < 2; l++)
        {
            traced.Layers[l].Weights.ToColumnMajorArray().Should().Equal(plain.Layers[l].Weights.ToColumnMajorArray());
            traced.Layers[l].Bias.ToArray().Should().Equal(plain.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void A_rejected_trace_changes_nothing()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = network.Layers[0].Weights.ToColumnMajorArray();

        var act = () => StepTrace.Record(network, Vector<double>.Build.DenseOfArray([0.1, double.NaN]), MazurTour.Target, new Sgd(0.5));

        act.Should().Throw<ArgumentException>().WithMessage("*input[1] is NaN*");
        network.Layers[0].Weights.ToColumnMajorArray().Should().Equal(before);
    }

    [Fact]
    public void The_chain_rule_for_w5_has_the_blogs_three_factors()
    {
        var rule = ChainRule.For(Mazur(), 1, 0, 0);

        rule.Weight.Should().Be("w5");
        rule.Unambiguous.Should().Be("w[o1←h1]");
        rule.Factors.Select(f => f.Label).Should().Equal("∂E_total/∂out_o1", "∂out_o1/∂net_o1", "∂net_o1/∂w5 = out_h1");
        Near(rule.Factors[0].Value, "dE_dout_o1");
        Near(rule.Factors[1].Value, "dout_o1_dnet_o1");
        Near(rule.Factors[2].Value, "dnet_o1_dw5");
        rule.Product.Should().BeApproximately(rule.Gradient, 1e-16);
        rule.OutputGradientTerms.Should().BeEmpty();
    }

    [Fact]
    public void The_chain_rule_for_w1_sums_the_two_output_paths()
    {
        var rule = ChainRule.For(Mazur(), 0, 0, 0);

        rule.Weight.Should().Be("w1");
        rule.OutputGradientTerms.Select(t => t.Label).Should().Equal("∂E_o1/∂out_h1 = δ_o1·w5", "∂E_o2/∂out_h1 = δ_o2·w7");
        Near(rule.OutputGradientTerms[0].Value, "dEo1_dout_h1");
        Near(rule.OutputGradientTerms[1].Value, "dEo2_dout_h1");
        (rule.OutputGradientTerms[0].Value + rule.OutputGradientTerms[1].Value).Should().BeApproximately(rule.Factors[0].Value, 1e-16);
        Near(rule.Product, "dE_dw1");
    }

    [Fact]
    public void After_a_softmax_the_chain_rule_starts_from_delta()
    {
        var network = Network.Create(2, [new LayerDefinition(3, Activation.Softmax)], new UniformInitializer(), 1, Loss.CategoricalCrossEntropy);
        var trace = StepTrace.Record(network, Vector<double>.Build.DenseOfArray([1.0, 2.0]), Vector<double>.Build.DenseOfArray([0.0, 1.0, 0.0]), new Sgd(0.1));

        var rule = ChainRule.For(trace, 0, 1, 1);

        rule.Weight.Should().Be("w[l1: j2←i2]");
        rule.Factors.Select(f => f.Label).Should().Equal("δ_l1:j2 = ∂E/∂net_l1:j2", "∂net_l1:j2/∂w[l1: j2←i2] = i2");
        rule.Product.Should().BeApproximately(rule.Gradient, 1e-15);
        trace.Layers[0].IsElementwise.Should().BeFalse();
        trace.Layers[0].Jacobian[0, 1].Should().BeApproximately(-trace.Layers[0].Out[0] * trace.Layers[0].Out[1], 1e-16);
    }

    [Fact]
    public void Generic_networks_get_generic_names_and_one_hidden_layer_gets_the_blogs()
    {
        var deep = StepTrace.Record(SeedLinearNetwork(), Vector<double>.Build.DenseOfArray([0.5, 0.1]), Vector<double>.Build.DenseOfArray([0.1, 0.99]), new Sgd(0.5));
        var names = TraceNames.For(deep);

        names.BlogStyle.Should().BeFalse();
        names.Weight(1, 2 - 1, 0, 2).Should().Be("w[l2: j2←i1]");
        names.Neuron(2, 0).Should().Be("l3:j1");
        var blog = TraceNames.For(Mazur());
        blog.Weight(1, 1, 1, 2).Should().Be("w8");
        blog.Unambiguous(0, 0, 1).Should().Be("w[h1←i2]");
        blog.Bias(1, 0).Should().Be("b2");
    }

    private static Network SeedLinearNetwork() => LinearTour.CreateNetwork();

    [Fact]
    public void Markdown_lists_every_number_with_its_labels()
    {
        string md = TraceMarkdown.Write(Mazur(fd: true));

        md.Should().Contain("| w5 | w[o1←h1] | 0.4 | 0.0821670405642 |");
        md.Should().Contain("0.358916479718 |");
        md.Should().Contain("| h1 | 0.3775 | 0.593269992107 | sigmoid |");
        md.Should().Contain("E_total = 0.29837110876");
        md.Should().Contain("| b1 | frozen | 0.35 |");
        md.Should().Contain("finite difference");
        TraceMarkdown.Write(ChainRule.For(Mazur(), 1, 0, 0)).Should().Contain("∂E_total/∂w5 (w[o1←h1]) = 0.741365069552 × 0.186815601809 × 0.593269992107");
    }

    [Fact]
    public void Json_gives_every_number_at_full_precision()
    {
        var doc = System.Text.Json.JsonDocument.Parse(TraceJson.Write(Mazur()));

        var root = doc.RootElement;
        root.GetProperty("loss").GetDouble().Should().Be(Mazur().Loss);
        var w5 = root.GetProperty("layers")[1].GetProperty("weights")[0];
        w5.GetProperty("name").GetString().Should().Be("w5");
        w5.GetProperty("unambiguous").GetString().Should().Be("w[o1←h1]");
        Near(w5.GetProperty("dE_dw").GetDouble(), "dE_dw5");
        Near(w5.GetProperty("after").GetDouble(), "w5_new");
        Near(root.GetProperty("layers")[0].GetProperty("neurons")[0].GetProperty("delta").GetDouble(), "delta_h1");
    }
}
