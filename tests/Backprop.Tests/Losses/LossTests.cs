using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Losses;

public class LossTests
{
    public static TheoryData<string> Names() => new() { "half-squared-error", "mse", "binary-cross-entropy", "categorical-cross-entropy" };

    // Two samples of three outputs each, every output a probability and each sample summing to 1.
    private static readonly double[] Output = [0.2, 0.5, 0.3, 0.6, 0.1, 0.3];
    private static readonly double[] Target = [0.0, 1.0, 0.0, 1.0, 0.0, 0.0];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_gradient_agrees_with_a_central_difference(string name)
    {
        var loss = Loss.Parse(name);
        var gradient = new double[6];
        loss.Gradient(Output, Target, gradient, outputs: 3);

        const double h = 1e-7;
        for (int i = 0; i < 6; i++)
        {
            double[] plus = [.. Output], minus = [.. Output];
            plus[i] += h;
            minus[i] -= h;
            double numeric = (loss.Value(plus, Target, 3) - loss.Value(minus, Target, 3)) / (2 * h);
            gradient[i].Should().BeApproximately(numeric, 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{name} ∂E/∂out[{i}]");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_terms_add_up_to_the_value(string name)
    {
        var loss = Loss.Parse(name);
        var terms = new double[6];

        loss.Terms(Output, Target, terms, 3);

        terms.Sum().Should().BeApproximately(loss.Value(Output, Target, 3), 1e-15);
    }

    [Fact]
    public void Each_loss_computes_its_formula()
    {
        double[] o = [0.25, 0.75];
        double[] t = [0.0, 1.0];

        Loss.HalfSquaredError.Value(o, t, 2).Should().Be(0.0625);
        Loss.MeanSquaredError.Value(o, t, 2).Should().Be(0.0625);
        Loss.BinaryCrossEntropy.Value(o, t, 2).Should().BeApproximately(-2 * Math.Log(0.75), 1e-15);
        Loss.CategoricalCrossEntropy.Value(o, t, 2).Should().BeApproximately(-Math.Log(0.75), 1e-15);
    }

    [Fact]
    public void Fused_softmax_cross_entropy_equals_the_unfused_form_where_that_is_finite()
    {
        double[] net = [0.3, -1.2, 2.0, 0.5, 0.5, -0.5];
        var output = new double[6];
        Activation.Softmax.Forward(net, output, 3);
        var loss = Loss.CategoricalCrossEntropy;

        loss.FusedValue(net, output, Target, 3).Should().BeApproximately(loss.Value(output, Target, 3), 1e-14);
        var fused = new double[6];
        var gradient = new double[6];
        var unfused = new double[6];
        loss.FusedDelta(output, Target, fused, 3);
        loss.Gradient(output, Target, gradient, 3);
        Activation.Softmax.Backward(net, output, gradient, unfused, 3);
        fused.Should().Equal(unfused, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Fact]
    public void Fused_sigmoid_binary_cross_entropy_equals_the_unfused_form_where_that_is_finite()
    {
        double[] net = [0.3, -1.2, 2.0];
        double[] target = [1.0, 0.0, 0.25];
        var output = new double[3];
        Activation.Sigmoid.Forward(net, output, 3);
        var loss = Loss.BinaryCrossEntropy;

        loss.FusedValue(net, output, target, 3).Should().BeApproximately(loss.Value(output, target, 3), 1e-14);
        var fused = new double[3];
        var gradient = new double[3];
        var unfused = new double[3];
        loss.FusedDelta(output, target, fused, 3);
        loss.Gradient(output, target, gradient, 3);
        Activation.Sigmoid.Backward(net, output, gradient, unfused, 3);
        fused.Should().Equal(unfused, (a, b) => Math.Abs(a - b) < 1e-14);
    }

    [Theory]
    [InlineData("categorical-cross-entropy", "softmax")]
    [InlineData("binary-cross-entropy", "sigmoid")]
    public void Cross_entropy_stays_finite_for_huge_logits(string lossName, string activationName)
    {
        var network = new Network([
            new DenseLayer(new[,] { { 2000.0, 0 }, { -2000.0, 0 }, { 0, 1 } }, null, Activation.Parse(activationName))],
            Loss.Parse(lossName));
        var input = Vector<double>.Build.DenseOfArray([1.0, 0.0]);
        var target = Vector<double>.Build.DenseOfArray([0.0, 1.0, 0.0]);

        var g = network.ComputeGradients(input, target);

        double.IsFinite(g.Loss).Should().BeTrue();
        g.Loss.Should().BeGreaterThan(1000);
        g.Weights[0].Enumerate().Should().OnlyContain(x => double.IsFinite(x));
    }

    [Fact]
    public void Fused_cross_entropy_falls_back_to_the_logits_where_the_softmax_underflowed()
    {
        double[] net = [0.0, -800.0];
        double[] target = [0.0, 1.0];
        var output = new double[2];
        Activation.Softmax.Forward(net, output, 2);

        output[1].Should().Be(0);
        Loss.CategoricalCrossEntropy.FusedValue(net, output, target, 2).Should().BeApproximately(800, 1e-9);
    }

    [Theory]
    [InlineData("categorical-cross-entropy", "sigmoid", "softmax")]
    [InlineData("categorical-cross-entropy", "identity", "softmax")]
    [InlineData("binary-cross-entropy", "identity", "sigmoid")]
    [InlineData("binary-cross-entropy", "relu", "sigmoid")]
    public void A_loss_that_is_wrong_after_the_output_activation_is_rejected_saying_what_fits(string lossName, string activationName, string fits)
    {
        var act = () => new Network([new DenseLayer(new double[2, 2], null, Activation.Parse(activationName))], Loss.Parse(lossName));

        act.Should().Throw<ArgumentException>().Where(e => e.Message.Contains(fits) && e.Message.Contains(activationName));
    }

    [Theory]
    [InlineData("half-squared-error", "softmax")]
    [InlineData("mse", "identity")]
    [InlineData("binary-cross-entropy", "softmax")]
    public void Losses_that_fit_the_output_activation_are_accepted(string lossName, string activationName)
    {
        var network = new Network([new DenseLayer(new double[2, 2], null, Activation.Parse(activationName))], Loss.Parse(lossName));

        network.Loss.Name.Should().Be(lossName);
    }

    [Fact]
    public void A_cross_entropy_target_outside_zero_to_one_names_its_place()
    {
        var network = new Network([new DenseLayer(new double[3, 2], null, Activation.Softmax)], Loss.CategoricalCrossEntropy);
        var inputs = Matrix<double>.Build.Dense(2, 4);
        var targets = Matrix<double>.Build.Dense(3, 4);
        targets[2, 3] = 2;

        var act = () => network.ComputeGradients(inputs, targets);

        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "targets" && e.Message.Contains("targets[2, 3] is 2"));
    }

    [Fact]
    public void Losses_are_found_by_name_and_an_unknown_name_lists_the_choices()
    {
        Loss.Parse("MSE").Should().BeSameAs(Loss.MeanSquaredError);
        var act = () => Loss.Parse("hinge");

        act.Should().Throw<ArgumentException>().WithMessage("*hinge*half-squared-error, mse, binary-cross-entropy, categorical-cross-entropy*");
    }
}
