namespace Backprop.Tests.Activations;

public class ActivationTests
{
    public static TheoryData<string> ElementwiseNames() => new() { "sigmoid", "tanh", "relu", "leaky-relu", "identity" };

    private static ElementwiseActivation Elementwise(string name) => (ElementwiseActivation)Activation.Parse(name);

    [Theory]
    [MemberData(nameof(ElementwiseNames))]
    public void The_derivative_agrees_with_a_central_difference(string name)
    {
        var f = Elementwise(name);
        const double h = 1e-6;
        foreach (double x in new[] { -6.0, -1.5, -0.1, 0.3777, 2.0, 8.0 })
        {
            double numeric = (f.Apply(x + h) - f.Apply(x - h)) / (2 * h);
            f.Derivative(x, f.Apply(x)).Should().BeApproximately(numeric, 1e-8, $"{name} at {x}");
        }
    }

    [Theory]
    [InlineData("sigmoid", 0.3775, 0.593269992107187)]
    [InlineData("tanh", 0.5, 0.46211715726000974)]
    [InlineData("relu", -2.0, 0.0)]
    [InlineData("relu", 2.5, 2.5)]
    [InlineData("leaky-relu", -2.0, -0.02)]
    [InlineData("identity", -3.25, -3.25)]
    public void Each_activation_computes_its_formula(string name, double net, double expected)
    {
        Elementwise(name).Apply(net).Should().BeApproximately(expected, 1e-15);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(37)]
    public void Every_elementwise_backward_pass_rounds_as_its_per_value_derivative(int length)
    {
        var rng = new Random(length);
        var net = Enumerable.Range(0, length).Select(_ => rng.NextDouble() * 8 - 4).ToArray();
        var gradient = Enumerable.Range(0, length).Select(_ => rng.NextDouble() - 0.5).ToArray();
        foreach (string name in new[] { "sigmoid", "tanh", "relu", "leaky-relu", "identity" })
        {
            var f = Elementwise(name);
            var output = new double[length];
            var delta = new double[length];
            f.Forward(net, output, length);

            f.Backward(net, output, gradient, delta, length);

            delta.Should().Equal(Enumerable.Range(0, length).Select(i => gradient[i] * f.Derivative(net[i], output[i])), name);
        }
    }

    [Fact]
    public void The_rectifiers_take_the_zero_side_derivative_at_zero()
    {
        Elementwise("relu").Derivative(0, 0).Should().Be(0);
        new LeakyReLU(0.2).Derivative(0, 0).Should().Be(0.2);
    }

    [Fact]
    public void The_sigmoid_saturates_without_NaN_for_huge_inputs()
    {
        var f = Elementwise("sigmoid");

        f.Apply(1000).Should().Be(1.0);
        f.Apply(-1000).Should().Be(0.0);
    }

    [Fact]
    public void The_block_forms_apply_to_every_sample_and_chain_the_gradient()
    {
        double[] net = [0.1, -0.2, 0.3, 0.4, 0.5, -0.6];
        var output = new double[6];
        var delta = new double[6];
        double[] g = [1, 2, 3, 4, 5, 6];

        Activation.Sigmoid.Forward(net, output, neurons: 2);
        Activation.Sigmoid.Backward(net, output, g, delta, neurons: 2);

        var f = Elementwise("sigmoid");
        for (int i = 0; i < 6; i++)
        {
            output[i].Should().Be(f.Apply(net[i]));
            delta[i].Should().Be(g[i] * (output[i] * (1 - output[i])));
        }
    }

    [Fact]
    public void Softmax_gives_a_distribution_per_sample_even_for_huge_logits()
    {
        double[] net = [1000, 999, -1000, 1, 2, 3];
        var output = new double[6];

        Activation.Softmax.Forward(net, output, neurons: 3);

        output.Should().OnlyContain(x => double.IsFinite(x) && x >= 0);
        (output[0] + output[1] + output[2]).Should().BeApproximately(1, 1e-15);
        (output[3] + output[4] + output[5]).Should().BeApproximately(1, 1e-15);
        output[0].Should().BeApproximately(1 / (1 + Math.Exp(-1)), 1e-15);
        output[5].Should().BeApproximately(Math.Exp(3) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)), 1e-15);
    }

    [Fact]
    public void Softmax_backward_is_the_transposed_Jacobian_by_central_differences()
    {
        double[] net = [0.2, -1.3, 0.7, 2.1];
        double[] g = [0.5, -2.0, 1.5, 0.25];
        var output = new double[4];
        var delta = new double[4];
        Activation.Softmax.Forward(net, output, 4);
        Activation.Softmax.Backward(net, output, g, delta, 4);

        const double h = 1e-6;
        for (int j = 0; j < 4; j++)
        {
            double[] plus = [.. net], minus = [.. net];
            plus[j] += h;
            minus[j] -= h;
            var op = new double[4];
            var om = new double[4];
            Activation.Softmax.Forward(plus, op, 4);
            Activation.Softmax.Forward(minus, om, 4);
            double numeric = 0;
            for (int i = 0; i < 4; i++) numeric += g[i] * (op[i] - om[i]) / (2 * h);
            delta[j].Should().BeApproximately(numeric, 1e-9, $"δ[{j}]");
        }
    }

    [Fact]
    public void Activations_are_found_by_name_and_an_unknown_name_lists_the_choices()
    {
        Activation.Parse("TANH").Should().BeSameAs(Activation.Tanh);
        var act = () => Activation.Parse("swish");

        act.Should().Throw<ArgumentException>().WithMessage("*swish*sigmoid, tanh, relu, leaky-relu, identity, softmax*");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_leaky_slope_outside_zero_to_one_is_out_of_range(double alpha)
    {
        var act = () => new LeakyReLU(alpha);

        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "alpha");
    }
}
