using Backprop.Demo.Tour;
using Backprop.Tests.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Diagnostics;

public class GradientCheckTests
{
    [Fact]
    public void Backprop_agrees_with_finite_differences_on_the_blogs_network()
    {
        var result = GradientCheck.Run(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target);

        result.MaxRelativeError.Should().BeLessThan(1e-7, result.ToString());
        result.ParametersChecked.Should().Be(12, "8 weights and 4 frozen biases");
    }

    [Fact]
    public void Backprop_agrees_with_finite_differences_on_the_linear_network()
    {
        var result = GradientCheck.Run(SeedLinearExampleTests.Network(), SeedLinearExampleTests.Input, SeedLinearExampleTests.Target);

        result.MaxRelativeError.Should().BeLessThan(1e-7, result.ToString());
        result.ParametersChecked.Should().Be(12, "three 2×2 weight matrices and no bias");
    }

    [Fact]
    public void Backprop_agrees_with_finite_differences_on_a_sigmoid_network_with_two_hidden_layers()
    {
        var network = Network.Create(3, [new LayerDefinition(4), new LayerDefinition(3), new LayerDefinition(2)],
            new UniformInitializer(-1, 1), seed: 7);
        var input = Vector<double>.Build.DenseOfArray([0.3, -0.8, 0.5]);
        var target = Vector<double>.Build.DenseOfArray([0.2, 0.9]);

        var result = GradientCheck.Run(network, input, target);

        result.MaxRelativeError.Should().BeLessThan(1e-7, result.ToString());
        result.ParametersChecked.Should().Be(4 * 3 + 4 + 3 * 4 + 3 + 2 * 3 + 2);
    }

    [Fact]
    public void Backprop_agrees_with_finite_differences_on_a_batch()
    {
        var network = Network.Create(2, [new LayerDefinition(3), new LayerDefinition(2)], new UniformInitializer(-1, 1), seed: 3);
        var inputs = Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, 0.7, -0.4 }, { 0.9, -0.2, 0.3 } });
        var targets = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0, 1.0 }, { 0.0, 1.0, 0.0 } });

        GradientCheck.Run(network, inputs, targets).MaxRelativeError.Should().BeLessThan(1e-7);
    }

    public static TheoryData<string, int[], string, string, string> Networks() => new()
    {
        { "3-4-2 tanh, softmax + categorical cross-entropy", [3, 4, 2], "tanh", "softmax", "categorical-cross-entropy" },
        { "2-3-3-1 relu, identity + mse", [2, 3, 3, 1], "relu", "identity", "mse" },
        { "2-4-3 leaky relu, sigmoid + binary cross-entropy", [2, 4, 3], "leaky-relu", "sigmoid", "binary-cross-entropy" },
        { "3-3-3 sigmoid, softmax + half squared error (unfused softmax)", [3, 3, 3], "sigmoid", "softmax", "half-squared-error" },
        { "2-2-2-2 identity, mse (the notebook's linear shape)", [2, 2, 2, 2], "identity", "identity", "mse" },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Backprop_agrees_with_finite_differences_for_every_activation_and_loss(string name, int[] sizes, string hidden, string output, string loss)
    {
        var layers = sizes.Skip(1).Select((n, i) => new LayerDefinition(n, Activation.Parse(i == sizes.Length - 2 ? output : hidden)));
        var network = Network.Create(sizes[0], layers, new UniformInitializer(-1, 1), seed: 11, Loss.Parse(loss));
        var r = new Random(4);
        var inputs = Matrix<double>.Build.Dense(sizes[0], 3, (_, _) => r.NextDouble() * 2 - 1);
        var targets = Matrix<double>.Build.Dense(sizes[^1], 3, (i, j) => sizes[^1] == 1 ? r.NextDouble() : i == j % sizes[^1] ? 1 : 0);

        var result = GradientCheck.Run(network, inputs, targets);

        result.MaxRelativeError.Should().BeLessThan(1e-7, $"{name}: {result}");
    }

    [Fact]
    public void A_wrong_derivative_is_caught_and_located()
    {
        var wrong = new WrongSigmoid();
        var network = new Network(
            new DenseLayer(new[,] { { 0.15, 0.20 }, { 0.25, 0.30 } }, [0.35, 0.35], wrong),
            new DenseLayer(new[,] { { 0.40, 0.45 }, { 0.50, 0.55 } }, [0.60, 0.60], Activation.Sigmoid));

        var result = GradientCheck.Run(network, MazurTour.Input, MazurTour.Target);

        result.MaxRelativeError.Should().BeGreaterThan(0.1);
        result.Layer.Should().Be(0, "only the hidden layer's derivative is wrong");
    }

    [Fact]
    public void The_check_leaves_every_weight_bit_for_bit_as_it_was()
    {
        var network = MazurTour.CreateNetwork(BiasMode.Trainable);
        var before = network.Layers.Select(l => (l.Weights.ToColumnMajorArray(), l.Bias.ToArray())).ToArray();

        GradientCheck.Run(network, MazurTour.Input, MazurTour.Target);

        for (int l = 0; l < 2; l++)
        {
            network.Layers[l].Weights.ToColumnMajorArray().Should().Equal(before[l].Item1);
            network.Layers[l].Bias.ToArray().Should().Equal(before[l].Item2);
        }
    }

    private sealed class WrongSigmoid : ElementwiseActivation
    {
        public override string Name => "wrong-sigmoid";
        public override double Apply(double net) => 1.0 / (1.0 + Math.Exp(-net));
        public override double Derivative(double net, double output) => output; // missing the (1 − out) factor
    }
}
