using System.Runtime.Intrinsics;
using Backprop.Internal;

namespace Backprop.Tests.Layers;

/// <summary>The float32 kernels: the rounding they promise (plain reference loops, bit for bit), their accuracy
/// against double sums, and the same bits through every path and on any thread count.</summary>
public class FloatKernelTests
{
    private static readonly bool Simd = Vector256.IsHardwareAccelerated;

    /// <summary>Rows per vector of floats: the 16-row strips and the one-vector strip after them both sum fused.</summary>
    private const int VectorRows = 8;

    private static float[] Random(int length, int seed)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(r.NextDouble() * 2 - 1)).ToArray();
    }

    /// <summary>
    /// The rounding the kernels promise, written plainly: rows of whole 8-row vectors (the 16-row strips, then one
    /// vector of the rows left over) sum c ← fma(a, b, c) term by term in float; the last m mod 8 rows (and every row
    /// of a matrix under 8 rows) add a·b unfused.
    /// </summary>
    private static float[] ReferenceAccumulate(float[] a, int m, int k, Func<int, int, float> b, int n, float[] c)
    {
        int simdRows = Simd ? m - m % VectorRows : 0;
        var r = (float[])c.Clone();
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
                for (int p = 0; p < k; p++)
                    r[i + j * m] = i < simdRows
                        ? MathF.FusedMultiplyAdd(a[i + p * m], b(p, j), r[i + j * m])
                        : r[i + j * m] + a[i + p * m] * b(p, j);
        return r;
    }

    /// <summary>Dot products in eight lanes (term p in lane p mod 8), the lanes added by Vector256.Sum, then the tail
    /// in order; under 8 terms, plain sums.</summary>
    private static float ReferenceDot(float[] a, int aOffset, float[] b, int bOffset, int k)
    {
        if (!Simd || k < 8)
        {
            float plain = 0;
            for (int p = 0; p < k; p++) plain += a[aOffset + p] * b[bOffset + p];
            return plain;
        }
        var lanes = new float[8];
        int q = 0;
        for (; q + 8 <= k; q += 8)
            for (int l = 0; l < 8; l++) lanes[l] = MathF.FusedMultiplyAdd(a[aOffset + q + l], b[bOffset + q + l], lanes[l]);
        float s = Vector256.Sum(Vector256.Create(lanes));
        for (; q < k; q++) s += a[aOffset + q] * b[bOffset + q];
        return s;
    }

    /// <summary>c = aᵀ·b (a stored k×m) as the dispatcher promises: short sums as the tiles sum them on aᵀ, else
    /// dot products.</summary>
    private static float[] ReferenceTransposed(float[] at, int k, int m, float[] b, int n)
    {
        var expected = new float[m * n];
        if (Simd && k >= 8 && k < Gemm<float>.ShortSums && m >= 8)
        {
            var a = new float[m * k];
            for (int i = 0; i < m; i++)
                for (int p = 0; p < k; p++) a[i + p * m] = at[p + i * k];
            return ReferenceAccumulate(a, m, k, (p, j) => b[p + j * k], n, expected);
        }
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) expected[i + j * m] = ReferenceDot(at, i * k, b, j * k, k);
        return expected;
    }

    public static TheoryData<int, int, int> Paths() => new()
    {
        // Under one strip: the fused vector of rows (8), then half a vector (4), a pair, a single row.
        { 1, 1, 1 }, { 3, 5, 7 }, { 9, 20, 13 }, { 15, 7, 9 }, { 10, 300, 14 },
        // Strips and the rows left over (7 = 4 + 2 + 1; 14 = 8 + 4 + 2); 6 + 2 columns as 4 + 4.
        { 23, 31, 7 }, { 30, 9, 14 }, { 16, 40, 8 },
        // One term (k = 1): two strips at a time, then one.
        { 48, 1, 7 }, { 16, 1, 64 }, { 37, 1, 50 },
        // One column: four strips at a time, then one.
        { 64, 40, 1 }, { 80, 300, 1 },
        // B packed in blocks (kc·n·4 bytes over L1), a short second panel of terms; A's strips packed (n ≥ 48);
        // A packed 8 strips at a time (m·kc·4 bytes from 128 KiB) with a partial last group, several blocks of B.
        { 64, 300, 40 }, { 32, 100, 50 }, { 160, 260, 100 }, { 144, 300, 203 },
        // Aᵀ·B: plain sums (k < 8); short sums turned for 1 to 3 columns (two strips, then one; k mod 4 tails);
        // short sums on a copy of Aᵀ (4 columns and more); dot products (k ≥ 64, and m < 8), rows 4 at a time and
        // one by one, k mod 8 tails.
        { 20, 5, 3 }, { 40, 12, 1 }, { 48, 13, 1 }, { 24, 9, 2 }, { 12, 20, 3 }, { 40, 30, 5 }, { 17, 63, 9 },
        { 13, 64, 5 }, { 37, 100, 4 }, { 5, 20, 3 }, { 6, 70, 2 },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void The_float_products_round_exactly_as_the_plain_reference_loops(int m, int k, int n)
    {
        var a = Random(m * k, 11);
        var b = Random(k * n, 12);
        var bt = Random(n * k, 13);
        var at = Random(k * m, 14);
        var seed = Random(m, 15);
        var c = new float[m * n];

        Kernels.MultiplyNN<float>(a, m, k, b, n, c, seed);
        c.Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => b[p + j * k], n, Enumerable.Range(0, n).SelectMany(_ => seed).ToArray()));

        Kernels.MultiplyNT<float>(a, m, k, bt, n, c);
        c.Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => bt[j + p * n], n, new float[m * n]));

        Kernels.MultiplyTN<float>(at, k, m, b, n, c);
        c.Should().Equal(ReferenceTransposed(at, k, m, b, n));
    }

    public static TheoryData<int> OddRows() => [.. Enumerable.Range(1, 40).Where(m => m % VectorRows != 0)];

    [Theory]
    [MemberData(nameof(OddRows))]
    public void Rows_around_the_one_vector_strip_round_as_the_reference_loops_in_every_path(int m)
    {
        // (k, n): one term; short sums turned for 1 to 3 columns and copied for more; a second panel of terms
        // (k > 256) in the one-vector strip; dot products; every width of the one-vector tiles (6, 4, 1; 6 + 2 as 4 + 4).
        foreach (var (k, n) in new[] { (1, 9), (10, 1), (12, 2), (10, 3), (13, 6), (300, 7), (70, 2), (33, 13), (20, 8) })
        {
            var a = Random(m * k, 41 + m);
            var b = Random(k * n, 42 + k);
            var bt = Random(n * k, 43 + n);
            var at = Random(k * m, 44 + m);
            var c = new float[m * n];
            string shape = $"{m}×{k}·{k}×{n}";

            Kernels.MultiplyNN<float>(a, m, k, b, n, c);
            c.Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => b[p + j * k], n, new float[m * n]), "A·B " + shape);
            Kernels.MultiplyNT<float>(a, m, k, bt, n, c);
            c.Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => bt[j + p * n], n, new float[m * n]), "A·Bᵀ " + shape);
            Kernels.MultiplyTN<float>(at, k, m, b, n, c);
            c.Should().Equal(ReferenceTransposed(at, k, m, b, n), "Aᵀ·B " + shape);
        }
    }

    [Fact]
    public void Random_odd_shapes_round_as_the_reference_and_stay_within_the_float_error_bound_of_double_sums()
    {
        var r = new Random(2024);
        for (int trial = 0; trial < 60; trial++)
        {
            int m = r.Next(1, 71), k = r.Next(1, 71), n = r.Next(1, 71);
            var a = Random(m * k, 100 + trial);
            var b = Random(k * n, 200 + trial);
            var at = Random(k * m, 300 + trial);
            var c = new float[m * n];
            string shape = $"{m}×{k}·{k}×{n}";

            Kernels.MultiplyNN<float>(a, m, k, b, n, c);
            c.Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => b[p + j * k], n, new float[m * n]), shape);
            WithinBound(c, m, n, k, (i, p) => a[i + p * m], (p, j) => b[p + j * k], shape);

            Kernels.MultiplyTN<float>(at, k, m, b, n, c);
            c.Should().Equal(ReferenceTransposed(at, k, m, b, n), "Aᵀ·B " + shape);
            WithinBound(c, m, n, k, (i, p) => at[p + i * k], (p, j) => b[p + j * k], "Aᵀ·B " + shape);
        }
    }

    /// <summary>|c − Σ a·b| ≤ (k + 1)·ε·Σ|a·b| for every element, the sums taken in double (ε = 2⁻²³, twice the unit
    /// roundoff: a sum of k products in float, in any order, fused or not, errs by at most γ_k·Σ|a·b|).</summary>
    private static void WithinBound(float[] c, int m, int n, int k, Func<int, int, float> a, Func<int, int, float> b, string shape)
    {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++)
            {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double t = (double)a(i, p) * b(p, j);
                    exact += t;
                    magnitude += Math.Abs(t);
                }
                Math.Abs(c[i + j * m] - exact).Should().BeLessThanOrEqualTo((k + 1) * Math.ScaleB(1, -23) * magnitude, $"[{i}, {j}] of {shape}");
            }
    }

    public static TheoryData<int, int> ColumnShapes() => new()
    {
        { 16, 40 }, { 37, 1 }, { 80, 300 }, { 160, 260 }, { 40, 13 }, { 23, 30 }, { 37, 100 }, { 9, 20 },
        { 10, 128 }, { 26, 10 }, { 13, 300 },
    };

    [Theory]
    [MemberData(nameof(ColumnShapes))]
    public void A_column_gets_the_same_bits_alone_in_a_pair_a_triple_or_a_batch_on_one_or_two_threads(int m, int k)
    {
        const int n = 70;
        var a = Random(m * k, 21);
        var b = Random(k * n, 22);
        var at = Random(k * m, 23);
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 2 })
            {
                Parallelism.MaxThreads = threads;
                var batch = new float[m * n];
                var batchT = new float[m * n];
                Kernels.MultiplyNN<float>(a, m, k, b, n, batch);
                Kernels.MultiplyTN<float>(at, k, m, b, n, batchT);
                // Columns in runs of 1, 2, 3, 4, 7 and 48: every tile width, the turned and copied Aᵀ, packed A.
                foreach (int width in new[] { 1, 2, 3, 4, 7, 48 })
                    for (int j0 = 0; j0 + width <= n; j0 += width * 3)
                    {
                        var part = new float[m * width];
                        var bj = b.AsSpan(j0 * k, width * k);
                        Kernels.MultiplyNN<float>(a, m, k, bj, width, part);
                        part.Should().Equal(batch.AsSpan(j0 * m, width * m).ToArray(), $"A·B columns [{j0}, {j0 + width}) on {threads} thread(s)");
                        Kernels.MultiplyTN<float>(at, k, m, bj, width, part);
                        part.Should().Equal(batchT.AsSpan(j0 * m, width * m).ToArray(), $"Aᵀ·B columns [{j0}, {j0 + width}) on {threads} thread(s)");
                    }
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    [Fact]
    public void A_large_float_product_split_across_threads_is_bit_identical_to_one_thread()
    {
        // m·k·n above Parallelism.MinimumWork, so two threads share it; 270 = 16 strips + the one-vector strip + 4 + 2 rows.
        const int m = 270, k = 300, n = 70;
        var a = Random(m * k, 5);
        var b = Random(k * n, 6);
        var bt = Random(n * k, 7);
        var at = Random(k * m, 8);
        float[][] one = [new float[m * n], new float[m * n], new float[m * n]];
        float[][] two = [new float[m * n], new float[m * n], new float[m * n]];
        int saved = Parallelism.MaxThreads;
        try
        {
            foreach (var (threads, c) in new[] { (1, one), (2, two) })
            {
                Parallelism.MaxThreads = threads;
                Kernels.MultiplyNN<float>(a, m, k, b, n, c[0]);
                Kernels.MultiplyNT<float>(a, m, k, bt, n, c[1]);
                Kernels.MultiplyTN<float>(at, k, m, b, n, c[2]);
            }
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }

        for (int i = 0; i < 3; i++) two[i].Should().Equal(one[i]);
        one[0].Should().Equal(ReferenceAccumulate(a, m, k, (p, j) => b[p + j * k], n, new float[m * n]));
        one[2].Should().Equal(ReferenceTransposed(at, k, m, b, n));
    }

    [Fact]
    public void Row_sums_scaling_and_the_update_of_floats_round_as_the_plain_loops()
    {
        const int m = 21, n = 9;
        var a = Random(m * n, 31);
        var r = new float[m];
        var expected = new float[m];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < m; i++) expected[i] = j == 0 ? a[i] : expected[i] + a[i + j * m];

        Kernels.RowSums<float>(a, m, n, r);
        r.Should().Equal(expected);

        var x = Random(37, 32);
        var g = Random(37, 33);
        var updated = x.Select((v, i) => v - 0.3f * g[i]).ToArray();
        Kernels.SubtractScaled(x.AsSpan(), 0.3f, g);
        x.Should().Equal(updated);
    }

    [Theory]
    [InlineData(13, 0)]
    [InlineData(13, 12)]
    [InlineData(37, 6)]
    [InlineData(37, 31)]
    [InlineData(37, 36)]
    [InlineData(70, 50)]
    public void The_first_non_finite_float_is_found_wherever_it_is(int length, int index)
    {
        var x = Enumerable.Range(0, length).Select(i => i - 20.5f).ToArray();
        Kernels.FirstNonFinite<float>(x).Should().Be(-1);

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            x[index] = bad;
            Kernels.FirstNonFinite<float>(x).Should().Be(index);
            Kernels.AllFinite<float>(x).Should().BeFalse();
        }
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(21, 3)]
    [InlineData(21, 18)]
    [InlineData(40, 33)]
    public void The_largest_float_magnitude_is_found_and_a_non_finite_value_turns_it_into_NaN(int length, int index)
    {
        var x = Enumerable.Range(0, length).Select(i => (i % 2 == 0 ? 1 : -1) * (i + 0.5f)).ToArray();
        x[index] = -100.25f;
        Kernels.MaxMagnitude<float>(x).Should().Be(100.25f);

        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            x[index] = bad;
            float.IsNaN(Kernels.MaxMagnitude<float>(x)).Should().BeTrue();
        }
    }

    [Fact]
    public void A_non_finite_float_is_named_with_its_place_and_its_value_in_float_digits()
    {
        var x = new[] { 0.1f, 2f, float.NegativeInfinity, 3f };

        var act = () => Finite.Block<float>(x, 2, "inputs", "x");

        act.Should().Throw<ArgumentException>().WithMessage("inputs[0, 1] is −∞; every value must be finite.*");
        Finite.Describe(0.1f).Should().Be("0.1");
    }
}
