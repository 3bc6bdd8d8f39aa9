using Backprop.Internal;

namespace Backprop.Tests.Layers;

/// <summary>
/// A sample's numbers must not depend on the batch it goes in: every column of a product rounds exactly as the same
/// product on that column alone, whatever the batch size and the column's place in it.
/// </summary>
public class ColumnIndependenceTests
{
    /// <summary>(m, k): under 8 rows, left-over rows, one term, short sums (8 ≤ k &lt; 32), long sums, several panels.</summary>
    public static TheoryData<int, int> Shapes() => new()
    {
        { 1, 1 }, { 3, 5 }, { 7, 9 }, { 7, 40 }, { 8, 8 }, { 13, 9 }, { 16, 12 }, { 24, 10 }, { 32, 10 }, { 37, 31 },
        { 40, 33 }, { 64, 64 }, { 10, 1 }, { 24, 1 }, { 37, 1 }, { 9, 300 }, { 45, 270 },
    };

    private static double[] Random(int length, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => r.NextDouble() * 2 - 1).ToArray();
    }

    private static long[] Bits(ReadOnlySpan<double> values) => values.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Every_column_of_W_x_and_W_transposed_delta_rounds_as_that_column_alone_for_batches_of_1_to_13(int m, int k)
    {
        for (int n = 1; n <= 13; n++) CheckColumns(m, k, n, 1000 * m + 10 * k + n);
    }

    [Theory]
    [InlineData(40, 300, 64)] // strips of A packed, B in packed blocks, two panels of terms
    [InlineData(80, 300, 60)] // strips packed in groups
    [InlineData(72, 520, 103)] // several blocks of B, a short last one
    [InlineData(128, 10, 50)] // short sums through the copied Aᵀ
    [InlineData(264, 300, 70)] // split across threads
    public void Every_column_of_a_large_product_rounds_as_that_column_alone(int m, int k, int n)
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 2;
            CheckColumns(m, k, n, m + k + n);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(24)]
    [InlineData(40)]
    public void Every_column_of_one_samples_weight_gradient_rounds_as_that_input_alone(int m)
    {
        // ∂E/∂W = δ·xᵀ of one sample: one term; column j comes from x_j.
        for (int inputs = 1; inputs <= 70; inputs += 3)
        {
            var delta = Random(m, m);
            var x = Random(inputs, inputs);
            var c = new double[m * inputs];
            Kernels.MultiplyNT(delta, m, 1, x, inputs, c);
            for (int j = 0; j < inputs; j++)
            {
                var alone = new double[m];
                Kernels.MultiplyNT(delta, m, 1, x.AsSpan(j, 1), 1, alone);
                Bits(c.AsSpan(j * m, m)).Should().Equal(Bits(alone), $"column {j} of {inputs}, {m} rows");
            }
        }
    }

    /// <summary>W·x (from zero and from a bias) and Wᵀ·δ, column by column against the column alone.</summary>
    private static void CheckColumns(int m, int k, int n, int seed)
    {
        var w = Random(m * k, seed);
        var x = Random(k * n, seed + 1);
        var bias = Random(m, seed + 2);
        var wt = Random(k * m, seed + 3); // stored k×m: Wᵀ·δ with W of k rows
        var delta = Random(k * n, seed + 4);
        var net = new double[m * n];
        var seeded = new double[m * n];
        var back = new double[m * n];
        Kernels.MultiplyNN(w, m, k, x, n, net);
        Kernels.MultiplyNN(w, m, k, x, n, seeded, bias);
        Kernels.MultiplyTN(wt, k, m, delta, n, back);
        var alone = new double[m];
        for (int j = 0; j < n; j++)
        {
            Kernels.MultiplyNN(w, m, k, x.AsSpan(j * k, k), 1, alone);
            Bits(net.AsSpan(j * m, m)).Should().Equal(Bits(alone), $"W·x, column {j} of {n}, m = {m}, k = {k}");
            Kernels.MultiplyNN(w, m, k, x.AsSpan(j * k, k), 1, alone, bias);
            Bits(seeded.AsSpan(j * m, m)).Should().Equal(Bits(alone), $"W·x + b, column {j} of {n}, m = {m}, k = {k}");
            Kernels.MultiplyTN(wt, k, m, delta.AsSpan(j * k, k), 1, alone);
            Bits(back.AsSpan(j * m, m)).Should().Equal(Bits(alone), $"Wᵀ·δ, column {j} of {n}, m = {m}, k = {k}");
        }
    }
}
