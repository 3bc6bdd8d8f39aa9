using Backprop.Tests.Reference;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

public class SeedLinearExampleTests
{
    /// <summary>The seed notebook's example: three 2×2 weight matrices x, y, z, no activation, no bias.</summary>
    internal static Network Network() => new(
        Layer("x"), Layer("y"), Layer("z"));

    internal static Vector<double> Input => Vector<double>.Build.DenseOfArray(Golden.Vector("seed_linear", "setup", "inputs"));
    internal static Vector<double> Target => Vector<double>.Build.DenseOfArray(Golden.Vector("seed_linear", "setup", "targets"));

    private static DenseLayer Layer(string name) =>
        new(Golden.Matrix("seed_linear", "setup", name), null, Activation.Identity, BiasMode.None);

    [Fact]
    public void The_outputs_and_the_second_hidden_layer_match()
    {
        var trace = StepTrace.Record(Network(), Input, Target, new Sgd(0.5));

        ShouldMatch(Matrix<double>.Build.DenseOfColumnArrays(trace.Layers[2].Out.ToArray()), [Golden.Vector("seed_linear", "out", "computed")]);
        ShouldMatch(Matrix<double>.Build.DenseOfColumnArrays(trace.Layers[1].Out.ToArray()), [Golden.Vector("seed_linear", "h2", "computed")]);
    }

    [Theory]
    [InlineData(0, "grad_x")]
    [InlineData(1, "grad_y")]
    [InlineData(2, "grad_z")]
    public void Each_weight_gradient_matches_and_is_not_transposed(int layer, string name)
    {
        var gradient = Network().ComputeGradients(Input, Target).Weights[layer];

        ShouldMatch(gradient, Golden.Matrix("seed_linear", name, "computed"));
        ShouldMatch(gradient, Golden.Matrix("seed_linear", name, "printed"), 5e-9);
    }

    [Fact]
    public void One_update_gives_the_three_updated_matrices_and_the_loss_falls_as_printed()
    {
        var network = Network();

        double before = network.TrainStep(Input, Target, new Sgd(Golden.Number("seed_linear", "setup", "lr")));

        before.Should().BeApproximately(Golden.Number("seed_linear", "loss_before"), 1e-12 * before);
        ShouldMatch(network.Layers[0].Weights, Golden.Matrix("seed_linear", "x_new", "computed"));
        ShouldMatch(network.Layers[1].Weights, Golden.Matrix("seed_linear", "y_new", "computed"));
        ShouldMatch(network.Layers[2].Weights, Golden.Matrix("seed_linear", "z_new", "computed"));
        double after = network.ComputeLoss(Input, Target);
        after.Should().BeApproximately(Golden.Number("seed_linear", "loss_after"), 1e-12 * after);
    }

    private static void ShouldMatch(Matrix<double> actual, double[][] expectedColumns) =>
        ShouldMatch(actual, Matrix<double>.Build.DenseOfColumnArrays(expectedColumns).ToArray());

    private static void ShouldMatch(Matrix<double> actual, double[,] expected, double? absolute = null)
    {
        actual.RowCount.Should().Be(expected.GetLength(0));
        actual.ColumnCount.Should().Be(expected.GetLength(1));
        for (int i = 0; i < actual.RowCount; i++)
        for (int j = 0; j < actual.ColumnCount; j++)
            actual[i, j].Should().BeApproximately(expected[i, j],
                absolute ?? Math.Abs(expected[i, j]) * Golden.SingleStepRelative, $"element [{i}, {j}]");
    }
}
