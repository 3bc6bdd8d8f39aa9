using FsCheck.Xunit;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Networks;

/// <summary>Every sample rounds the same whether it goes alone or as any column of any batch: its outputs, its loss
/// and the numbers of its backward pass (∂E/∂out, δ at every layer, from which its share δ·xᵀ of ∂E/∂W follows).</summary>
public class PositionIndependenceTests
{
    private static readonly (Activation Output, Loss Loss)[] Heads =
    [
        (Activation.Sigmoid, Loss.HalfSquaredError), (Activation.Softmax, Loss.CategoricalCrossEntropy),
        (Activation.Sigmoid, Loss.BinaryCrossEntropy), (Activation.Identity, Loss.MeanSquaredError),
        (Activation.Tanh, Loss.MeanSquaredError), (Activation.Softmax, Loss.HalfSquaredError),
    ];

    private static readonly Activation[] Hidden = [Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.Identity];

    /// <summary>A network of 1 to 3 hidden layers whose sizes (1 to 40) cover every kernel path: fewer than 8 rows, strips
    /// of 8 with rows left over, short and long sums.</summary>
    private static Network Create(int seed, byte inputs, byte hiddenA, byte hiddenB, byte outputs)
    {
        var r = new Random(seed);
        var head = Heads[r.Next(Heads.Length)];
        int[] hidden = r.Next(3) switch { 0 => [1 + hiddenA % 40], 1 => [1 + hiddenA % 40, 1 + hiddenB % 40], _ => [1 + hiddenA % 40, 1 + hiddenB % 40, 1 + (hiddenA ^ hiddenB) % 40] };
        var layers = hidden.Select(n => new LayerDefinition(n, Hidden[r.Next(Hidden.Length)]))
            .Append(new LayerDefinition(2 + outputs % 12, head.Output)).ToArray();
        return Network.Create(1 + inputs % 40, layers, ScaledInitializer.GlorotUniform, seed, head.Loss);
    }

    private static Matrix<double> Targets(Network network, int columns, Random r) => network.Loss == Loss.CategoricalCrossEntropy
        ? Matrix<double>.Build.Dense(network.OutputSize, columns, (i, j) => i == (j * 7 + 3) % network.OutputSize ? 1 : 0)
        : Matrix<double>.Build.Dense(network.OutputSize, columns, (_, _) => r.NextDouble());

    [Property(MaxTest = 150)]
    public void A_samples_numbers_are_bit_identical_alone_and_in_any_column_of_any_batch(
        int seed, byte inputs, byte hiddenA, byte hiddenB, byte outputs, byte batch, byte column)
    {
        var network = Create(seed, inputs, hiddenA, hiddenB, outputs);
        var r = new Random(seed ^ 0x5eed);
        int n = 1 + batch % 70, j = column % n;
        var x = Matrix<double>.Build.Dense(network.InputSize, n, (_, _) => r.NextDouble() * 4 - 2);
        var t = Targets(network, n, r);
        var xj = x.Column(j);
        var tj = t.Column(j);

        network.Predict(x).Column(j).ToArray().Should().Equal(network.Predict(xj).ToArray());

        var alone = network.Clone();
        alone.ComputeGradients(xj, tj);
        network.ComputeGradients(x, t);
        var (a, b) = (alone.TrainingWorkspace!, network.TrainingWorkspace!);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            int m = network.Layers[l].OutputSize;
            Column(b.Layers[l].NetValues(n), m, j).Should().Equal(a.Layers[l].NetValues(1).ToArray(), $"net of layer {l}");
            Column(b.Layers[l].OutValues(n), m, j).Should().Equal(a.Layers[l].OutValues(1).ToArray(), $"out of layer {l}");
            Column(b.Layers[l].OutputGradientValues(n), m, j).Should().Equal(a.Layers[l].OutputGradientValues(1).ToArray(), $"∂E/∂out of layer {l}");
            Column(b.Layers[l].DeltaValues(n), m, j).Should().Equal(a.Layers[l].DeltaValues(1).ToArray(), $"δ of layer {l}");
        }
        network.ComputeLoss(xj, tj).Should().Be(alone.ComputeLoss(xj, tj));
        var outJ = network.Predict(xj).ToArray();
        network.Loss.Value(outJ, tj.ToArray(), network.OutputSize).Should().Be(network.Loss.Value(Column(network.Predict(x).AsColumnMajorArray(), network.OutputSize, j), tj.ToArray(), network.OutputSize));
    }

    private static double[] Column(ReadOnlySpan<double> values, int rows, int j) => values.Slice(j * rows, rows).ToArray();
}
