using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Precision;

/// <summary>
/// The backward pass of float32 networks against central differences of their own loss: the float network's
/// forward pass perturbed and evaluated, the difference quotient taken in double.
/// </summary>
public class FloatGradientCheckTests
{
    /// <summary>h for float32: cbrt-of-ε scale for a five-point difference. Each loss evaluation carries the float
    /// forward pass's rounding, about 1e-7 of E, so the quotient's noise is ~1e-7·E/h ≈ 1e-5·E at h = 1e-2, while the
    /// truncation error h⁴·E⁽⁵⁾/30 stays near 1e-9.</summary>
    private const double FloatStep = 1e-2;

    /// <summary>The denominator floor of the relative error: gradients below 1e-3 are judged by their absolute error,
    /// as the quotient's noise (~1e-5) would swamp a relative one.</summary>
    private const double ScaleFloor = 1e-3;

    /// <summary>What float32 allows: the analytic gradient, itself computed in float (a relative error ~1e-6), and the
    /// quotient's ~1e-5 absolute noise over the floor give errors near 1e-3 at worst; a wrong derivative gives O(1).</summary>
    private const double FloatTolerance = 2e-2;

    public static TheoryData<string> HiddenActivations() => ["sigmoid", "tanh", "relu", "leaky-relu", "identity"];

    [Theory]
    [MemberData(nameof(HiddenActivations))]
    public void The_float_backward_pass_of_every_hidden_activation_matches_central_differences(string activation)
    {
        var network = Network.Create(3, [new LayerDefinition(4, Activation.Parse(activation)), new LayerDefinition(2, Activation.Sigmoid)],
            new UniformInitializer(-1, 1), seed: 4, Loss.HalfSquaredError, Backprop.Precision.Float32);

        var result = Check(network, outputs: 2, probabilities: false);

        result.MaxRelativeError.Should().BeLessThan(FloatTolerance, result.ToString());
        result.ParametersChecked.Should().Be(4 * 3 + 4 + 2 * 4 + 2);
    }

    public static TheoryData<string, string> LossesWithTheirOutputs() => new()
    {
        { "half-squared-error", "identity" },
        { "mse", "tanh" },
        { "binary-cross-entropy", "sigmoid" },
        { "binary-cross-entropy", "softmax" },
        { "categorical-cross-entropy", "softmax" },
    };

    [Theory]
    [MemberData(nameof(LossesWithTheirOutputs))]
    public void The_float_backward_pass_of_every_loss_matches_central_differences(string loss, string output)
    {
        var network = Network.Create(3, [new LayerDefinition(5, Activation.Tanh), new LayerDefinition(3, Activation.Parse(output))],
            new UniformInitializer(-1, 1), seed: 9, Loss.Parse(loss), Backprop.Precision.Float32);

        var result = Check(network, outputs: 3, probabilities: loss.Contains("entropy", StringComparison.Ordinal));

        result.MaxRelativeError.Should().BeLessThan(FloatTolerance, result.ToString());
    }

    [Fact]
    public void A_wrong_float_derivative_is_caught_by_the_same_tolerance()
    {
        var network = new Network(
            new DenseLayer(new[,] { { 0.15f, 0.20f }, { 0.25f, 0.30f } }, [0.35f, 0.35f], new WrongDerivative()),
            new DenseLayer(new[,] { { 0.40f, 0.45f }, { 0.50f, 0.55f } }, [0.60f, 0.60f], Activation.Sigmoid));

        var result = Check(network, outputs: 2, probabilities: false);

        result.MaxRelativeError.Should().BeGreaterThan(10 * FloatTolerance);
    }

    private static GradientCheckResult Check(Network network, int outputs, bool probabilities)
    {
        var random = new Random(17);
        var x = Matrix<double>.Build.Dense(network.InputSize, 4, (_, _) => random.NextDouble() * 2 - 1);
        var t = Matrix<double>.Build.Dense(outputs, 4, (i, j) => probabilities ? (i == j % outputs ? 1 : 0) : random.NextDouble());
        return GradientCheck.Run(network, x, t, FloatStep, ScaleFloor);
    }

    /// <summary>The sigmoid with twice its true derivative: a user's activation (double methods only) with a bug.</summary>
    private sealed class WrongDerivative : ElementwiseActivation
    {
        public override string Name => "wrong-sigmoid";

        public override double Apply(double net) => 1 / (1 + Math.Exp(-net));

        public override double Derivative(double net, double output) => 2 * output * (1 - output);
    }
}
