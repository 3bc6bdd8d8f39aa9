namespace Backprop.Tests.Activations;

public class ActivationTests
{
    public static TheoryData<string> Names() => new() { "sigmoid", "identity" };

    private static ElementwiseActivation ByName(string name) =>
        (ElementwiseActivation)(name == "sigmoid" ? Activation.Sigmoid : Activation.Identity);

    [Theory]
    [MemberData(nameof(Names))]
    public void The_derivative_agrees_with_a_central_difference(string name)
    {
        var f = ByName(name);
        const double h = 1e-5;
        foreach (double x in new[] { -6.0, -1.5, -0.1, 0.0, 0.3777, 2.0, 8.0 })
        {
            double numeric = (f.Apply(x + h) - f.Apply(x - h)) / (2 * h);
            f.Derivative(x, f.Apply(x)).Should().BeApproximately(numeric, 1e-9, $"at {x}");
        }
    }

    [Fact]
    public void The_sigmoid_gives_the_blogs_out_h1()
    {
        ((ElementwiseActivation)Activation.Sigmoid).Apply(0.3775).Should().BeApproximately(0.593269992107187, 1e-15);
    }

    [Fact]
    public void The_sigmoid_saturates_without_NaN_for_huge_inputs()
    {
        var f = (ElementwiseActivation)Activation.Sigmoid;

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

        var f = (ElementwiseActivation)Activation.Sigmoid;
        for (int i = 0; i < 6; i++)
        {
            output[i].Should().Be(f.Apply(net[i]));
            delta[i].Should().Be(g[i] * (output[i] * (1 - output[i])));
        }
    }
}
