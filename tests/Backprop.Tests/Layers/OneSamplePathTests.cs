using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

/// <summary>
/// One sample through layers of fewer than eight neurons takes a path of its own (no kernel dispatch, the
/// finiteness checks gathered during the pass). A batch holding the same sample twice, with the mean reduction,
/// takes the general kernels and must give the same numbers: halving is exact, so its gradients equal the single
/// sample's bit for bit.
/// </summary>
public class OneSamplePathTests
{
    public static TheoryData<int, string, string, BiasMode> Networks() => new()
    {
        { 1, "sigmoid", "half-squared-error", BiasMode.Trainable },
        { 2, "sigmoid", "half-squared-error", BiasMode.Frozen },
        { 3, "tanh", "mse", BiasMode.None },
        { 4, "relu", "half-squared-error", BiasMode.Trainable },
        { 5, "leaky-relu", "mse", BiasMode.Trainable },
        { 6, "softmax", "categorical-cross-entropy", BiasMode.Trainable },
        { 7, "sigmoid", "binary-cross-entropy", BiasMode.Frozen },
    };

    private static Network Create(int seed, string output, string loss, BiasMode biasMode)
    {
        var r = new Random(seed);
        int[] sizes = [1 + r.Next(7), 1 + r.Next(7), 2 + r.Next(6)];
        var layers = new List<DenseLayer>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            var w = Matrix<double>.Build.Dense(sizes[l + 1], sizes[l], (_, _) => r.NextDouble() * 2 - 1);
            var b = biasMode == BiasMode.None ? null : Vector<double>.Build.Dense(sizes[l + 1], _ => r.NextDouble() - 0.5);
            var f = l + 2 == sizes.Length ? Activation.Parse(output) : Activation.Tanh;
            layers.Add(new DenseLayer(w, b, f, biasMode));
        }
        return new Network(layers, Loss.Parse(loss));
    }

    private static double[][] Parameters(Network network) =>
        network.Layers.SelectMany(l => new[] { l.Weights.ToColumnMajorArray(), l.Bias.ToArray() }).ToArray();

    [Theory]
    [MemberData(nameof(Networks))]
    public void Steps_on_one_sample_match_the_general_kernels_on_that_sample_twice_bit_for_bit(
        int seed, string output, string loss, BiasMode biasMode)
    {
        var one = Create(seed, output, loss, biasMode);
        var twice = one.Clone();
        var r = new Random(100 + seed);
        var sgd = new Sgd(0.3);
        for (int step = 0; step < 5; step++)
        {
            var x = Vector<double>.Build.Dense(one.InputSize, _ => r.NextDouble() * 4 - 2);
            var t = Vector<double>.Build.Dense(one.OutputSize, i => loss == "categorical-cross-entropy" ? (i == step % one.OutputSize ? 1 : 0) : r.NextDouble());
            var x2 = Matrix<double>.Build.DenseOfColumnVectors(x, x);
            var t2 = Matrix<double>.Build.DenseOfColumnVectors(t, t);

            double e1 = one.TrainStep(x, t, sgd);
            double e2 = twice.TrainStep(x2, t2, sgd, LossReduction.Mean);

            e2.Should().BeApproximately(2 * e1, 1e-14 * Math.Abs(e1)); // the batch sums its 2K terms in one run
            for (int l = 0; l < one.Layers.Count; l++)
            {
                var (a, b) = (one.TrainingWorkspace!.Layers[l], twice.TrainingWorkspace!.Layers[l]);
                int m = one.Layers[l].OutputSize;
                a.NetValues(1).ToArray().Should().Equal(b.NetValues(2)[m..].ToArray());
                a.OutValues(1).ToArray().Should().Equal(b.OutValues(2)[m..].ToArray());
                a.WeightGradient.Should().Equal(b.WeightGradient);
                a.BiasGradient.Should().Equal(b.BiasGradient);
            }
            Parameters(one).Should().BeEquivalentTo(Parameters(twice), o => o.WithStrictOrdering());
        }
    }

    [Fact]
    public void A_gradient_that_overflows_while_the_loss_is_finite_is_named_and_no_weight_changes()
    {
        // out = 1e-50 · 1e200 = 1e150, so E = ½·1e300 is finite, but ∂E/∂w = out · x = 1e350 is +∞.
        var network = new Network(new DenseLayer(new[,] { { 1e-50 } }, null, Activation.Identity, BiasMode.None));
        var act = () => network.TrainStep(Vector<double>.Build.Dense(1, 1e200), Vector<double>.Build.Dense(1, 0.0), new Sgd(0.1));

        act.Should().Throw<TrainingDivergedException>().Where(e => e.Message.Contains("∂E/∂W[0, 0] of layers[0] is +∞"));
        network.Layers[0].Weights[0, 0].Should().Be(1e-50);
    }

    [Fact]
    public void A_one_sample_gradient_that_overflows_in_a_layer_of_eight_neurons_is_named_and_no_weight_changes()
    {
        // Eight neurons take the kernels; the gradient's finiteness is vouched for by max|δ|·max|x| = 1e150·1e200.
        var w = new double[8, 2];
        for (int j = 0; j < 8; j++) (w[j, 0], w[j, 1]) = (1e-50, j == 5 ? 0 : 1e-60);
        var network = new Network(new DenseLayer(w, null, Activation.Identity, BiasMode.None));
        var act = () => network.TrainStep(Vector<double>.Build.Dense([1e200, 1.0]), Vector<double>.Build.Dense(8), new Sgd(0.1));

        act.Should().Throw<TrainingDivergedException>().Where(e => e.Message.Contains("∂E/∂W[0, 0] of layers[0] is +∞"));
        network.Layers[0].Weights.ToArray().Should().BeEquivalentTo(w);
    }
}
