using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Tests.Layers;

public class KernelTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 1, 1, 1 }, { 2, 2, 2 }, { 3, 5, 7 }, { 17, 9, 4 }, { 8, 33, 1 }, { 10, 64, 32 },
    };

    private static Matrix<double> Random(int rows, int columns, int seed)
    {
        var r = new Random(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => r.NextDouble() * 2 - 1);
    }

    private static double[] Values(Matrix<double> m) => m.ToColumnMajorArray();

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_three_products_match_MathNet_on_odd_shapes(int m, int k, int n)
    {
        var a = Random(m, k, 1);
        var b = Random(k, n, 2);
        var bt = Random(n, k, 3);
        var at = Random(k, m, 4);
        var c = new double[m * n];

        Kernels.MultiplyNN(Values(a), m, k, Values(b), n, c);
        c.Should().Equal(Values(a * b), (x, y) => Math.Abs(x - y) < 1e-12);

        Kernels.MultiplyNT(Values(a), m, k, Values(bt), n, c);
        c.Should().Equal(Values(a * bt.Transpose()), (x, y) => Math.Abs(x - y) < 1e-12);

        Kernels.MultiplyTN(Values(at), k, m, Values(b), n, c);
        c.Should().Equal(Values(at.Transpose() * b), (x, y) => Math.Abs(x - y) < 1e-12);
    }

    public static TheoryData<int, int, int> SimdShapes() => new()
    {
        { 8, 16, 4 }, { 9, 17, 5 }, { 16, 40, 6 }, { 23, 31, 7 }, { 32, 64, 1 }, { 40, 300, 13 }, { 128, 33, 64 },
        { 13, 257, 200 }, { 64, 260, 389 }, { 8, 1, 64 }, { 30, 7, 3 }, { 32, 1, 64 }, { 37, 1, 50 }, { 128, 10, 32 }, { 19, 31, 9 }, { 24, 300, 50 }, { 256, 40, 64 }, { 32, 10, 1 }, { 16, 12, 3 },
        // Packed blocks of B (several per product, a short last one) under packed groups of strips (a partial last group).
        { 80, 520, 150 }, { 72, 300, 103 }, { 45, 270, 101 },
        // Left-over rows (2, then 4 + 2) against 8 + 4 + 1 columns; 6 + 2 columns taken as 4 + 4, read in place and packed.
        { 18, 20, 13 }, { 14, 9, 12 }, { 16, 40, 8 }, { 16, 300, 32 }, { 40, 600, 44 },
        // Aᵀ·B with short sums and few columns: 16 rows then a strip, left-over rows 4 + 1, the last k mod 4 terms.
        { 24, 10, 1 }, { 13, 9, 2 }, { 64, 31, 3 }, { 40, 8, 2 }, { 8, 11, 3 },
        // One term: rows 16 at a time, then the last 8.
        { 24, 1, 7 }, { 48, 1, 3 },
    };

    /// <summary>
    /// The rounding the kernels promise, written plainly: rows of whole 8-row strips sum c ← fma(a, b, c) term by
    /// term; the other rows (and every row of a matrix under 8 rows) add a·b unfused.
    /// </summary>
    private static double[] ReferenceAccumulate(double[] a, int m, int k, Func<int, int, double> b, int n, double[] c)
    {
        int simdRows = System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && m >= 8 ? m - m % 8 : 0;
        var r = (double[])c.Clone();
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                for (int p = 0; p < k; p++)
                    r[i + j * m] = i < simdRows
                        ? Math.FusedMultiplyAdd(a[i + p * m], b(p, j), r[i + j * m])
                        : r[i + j * m] + a[i + p * m] * b(p, j);
        return r;
    }

    /// <summary>Dot products in four lanes (term p in lane p mod 4), lanes summed pairwise, then the tail in order.</summary>
    private static double ReferenceDot(double[] a, int aOffset, double[] b, int bOffset, int k)
    {
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated || k < 8)
        {
            double plain = 0;
            for (int p = 0; p < k; p++) plain += a[aOffset + p] * b[bOffset + p];
            return plain;
        }
        var lanes = new double[4];
        int q = 0;
        for (; q + 4 <= k; q += 4)
            for (int l = 0; l < 4; l++) lanes[l] = Math.FusedMultiplyAdd(a[aOffset + q + l], b[bOffset + q + l], lanes[l]);
        double s = System.Runtime.Intrinsics.Vector256.Sum(System.Runtime.Intrinsics.Vector256.Create(lanes));
        for (; q < k; q++) s += a[aOffset + q] * b[bOffset + q];
        return s;
    }

    [Theory]
    [MemberData(nameof(SimdShapes))]
    [MemberData(nameof(Shapes))]
    public void The_tiled_products_round_exactly_as_the_plain_reference_loops(int m, int k, int n)
    {
        var a = Values(Random(m, k, 11));
        var b = Values(Random(k, n, 12));
        var bt = Values(Random(n, k, 13));
        var at = Values(Random(k, m, 14));
        var seed = Values(Random(m, 1, 15));
        var c = new double[m * n];

        Kernels.MultiplyNN(a, m, k, b, n, c, seed);
        var seeded = Enumerable.Range(0, n).SelectMany(_ => seed).ToArray();
        c.Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => b[p + j * k], n, seeded));

        Kernels.MultiplyNT(a, m, k, bt, n, c);
        c.Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => bt[j + p * n], n, new double[m * n]));

        Kernels.MultiplyTN(at, k, m, b, n, c);
        var expected = new double[m * n];
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated && k >= 8 && k < Gemm.ShortSums && m >= 8)
            expected = ReferenceAccumulate(Values(Matrix<double>.Build.Dense(k, m, at).Transpose()), m, k, (p, j) => b[p + j * k], n, expected);
        else
            for (int j = 0; j < n; j++)
                for (int i = 0; i < m; i++) expected[i + j * m] = ReferenceDot(at, i * k, b, j * k, k);
        c.Should().Equal(expected);
    }

    [Fact]
    public void A_large_product_split_across_threads_is_bit_identical_to_one_thread()
    {
        var a = Random(264, 300, 5);
        var b = Random(300, 70, 6);
        var one = new double[264 * 70];
        var two = new double[264 * 70];
        double[] oneNT = new double[264 * 70], twoNT = new double[264 * 70], oneTN = new double[264 * 70], twoTN = new double[264 * 70];
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            Kernels.MultiplyNN(Values(a), 264, 300, Values(b), 70, one);
            Parallelism.MaxThreads = 2;
            Kernels.MultiplyNN(Values(a), 264, 300, Values(b), 70, two);
            Kernels.MultiplyNT(Values(a), 264, 300, Values(b.Transpose()), 70, twoNT);
            Kernels.MultiplyTN(Values(a.Transpose()), 300, 264, Values(b), 70, twoTN);
            Parallelism.MaxThreads = 1;
            Kernels.MultiplyNT(Values(a), 264, 300, Values(b.Transpose()), 70, oneNT);
            Kernels.MultiplyTN(Values(a.Transpose()), 300, 264, Values(b), 70, oneTN);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }

        two.Should().Equal(one);
        twoNT.Should().Equal(oneNT);
        twoTN.Should().Equal(oneTN);
        oneNT.Should().Equal(one);
        one.Should().Equal(Values(a * b), (x, y) => Math.Abs(x - y) < 1e-11);
    }

    [Fact]
    public void Fewer_than_one_thread_is_out_of_range()
    {
        var act = () => Parallelism.MaxThreads = 0;

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void The_vector_exponential_agrees_with_Math_Exp_to_a_few_ulps()
    {
        var x = Enumerable.Range(0, 4001).Select(i => -720 + i * 0.36).Append(double.NaN).Append(double.PositiveInfinity).ToArray();
        var y = new double[x.Length];

        VectorMath.Exp(x, y);

        for (int i = 0; i < x.Length - 2; i++)
        {
            double e = Math.Exp(x[i]);
            if (double.IsPositiveInfinity(e)) y[i].Should().Be(double.PositiveInfinity);
            else if (e < 1e-300) y[i].Should().BeLessThan(1e-300);
            else Math.Abs(y[i] - e).Should().BeLessThanOrEqualTo(4e-16 * e, $"exp({x[i]})");
        }
        double.IsNaN(y[^2]).Should().BeTrue();
        y[^1].Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void The_vector_exponential_and_sigmoid_keep_NaN_infinities_and_the_ends_of_the_range_in_every_lane()
    {
        double[] special = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 709.78, 709.782712893384, 709.79, 710, 1e300,
            -707.9, -708, -708.1, -1000, 0, -0.0, 1e-300, 36.7];
        // Each value in each of the four lanes, next to ordinary ones.
        var x = Enumerable.Range(0, 4).SelectMany(lane => special.SelectMany(v => Enumerable.Range(0, 4).Select(l => l == lane ? v : 0.5))).ToArray();
        var e = new double[x.Length];
        var s = new double[x.Length];
        var shifted = new double[x.Length];

        VectorMath.Exp(x, e);
        VectorMath.Sigmoid(x, s);
        // One vector on: each value in another of the four vectors taken together, and the last ones taken alone.
        VectorMath.Sigmoid(x.AsSpan(4), shifted.AsSpan(4));

        for (int i = 0; i < x.Length; i++)
        {
            if (i >= 4) shifted[i].Should().Be(s[i], $"sigmoid({x[i]:R}) one vector on");
            double exact = Math.Exp(x[i]), sigmoid = 1.0 / (1.0 + Math.Exp(-x[i]));
            if (double.IsNaN(x[i])) (double.IsNaN(e[i]) && double.IsNaN(s[i])).Should().BeTrue();
            else
            {
                if (double.IsPositiveInfinity(exact)) e[i].Should().Be(double.PositiveInfinity, $"exp({x[i]:R})");
                else if (exact < 1e-300) e[i].Should().BeLessThan(1e-300, $"exp({x[i]:R})");
                else Math.Abs(e[i] - exact).Should().BeLessThanOrEqualTo(4e-16 * exact, $"exp({x[i]:R})");
                Math.Abs(s[i] - sigmoid).Should().BeLessThanOrEqualTo(4e-16 * sigmoid, $"sigmoid({x[i]:R})");
            }
        }
    }

    [Fact]
    public void A_bias_seeded_product_adds_the_bias_first_as_the_tutorial_sums()
    {
        double[] w = [0.1, 0.3, 0.2, 0.4]; // 2×2 column-major: rows [0.1, 0.2], [0.3, 0.4]
        double[] x = [1e16, 1.0];
        var c = new double[2];

        Kernels.MultiplyNN(w, 2, 2, x, 1, c, [1.0, -3e15]);

        c[0].Should().Be((1.0 + 0.1 * 1e16) + 0.2 * 1.0);
        c[1].Should().Be((-3e15 + 0.3 * 1e16) + 0.4 * 1.0);
    }

    [Theory]
    [InlineData(13, 0)]
    [InlineData(13, 3)]
    [InlineData(13, 8)]
    [InlineData(13, 12)]
    [InlineData(37, 0)]
    [InlineData(37, 6)]
    [InlineData(37, 17)]
    [InlineData(37, 31)]
    [InlineData(37, 36)]
    public void The_first_non_finite_value_is_found_wherever_it_is(int length, int index)
    {
        var x = Enumerable.Range(0, length).Select(i => i - 20.5).ToArray();
        Kernels.FirstNonFinite(x).Should().Be(-1);

        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            x[index] = bad;
            Kernels.FirstNonFinite(x).Should().Be(index);
        }
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(13, 0)]
    [InlineData(13, 6)]
    [InlineData(13, 12)]
    [InlineData(21, 3)]
    [InlineData(21, 13)]
    [InlineData(21, 18)]
    public void The_largest_magnitude_is_found_and_a_non_finite_value_turns_it_into_NaN(int length, int index)
    {
        var x = Enumerable.Range(0, length).Select(i => (i % 2 == 0 ? 1 : -1) * (i + 0.5)).ToArray();
        x[index] = -100.25;
        Kernels.MaxMagnitude(x).Should().Be(100.25);

        foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            x[index] = bad;
            double.IsNaN(Kernels.MaxMagnitude(x)).Should().BeTrue();
        }
    }
}
