using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Backprop.Internal;

/// <summary>
/// Dense kernels over column-major storage (MathNet's <c>DenseMatrix.Values</c> layout: element [i, j] at i + j·rows).
/// Sums run in index order without fused multiply-add, so a sum such as b + w₁x₁ + w₂x₂ rounds exactly as it reads.
/// </summary>
internal static partial class Kernels
{
    /// <summary>Below this many rows (or summed terms) the plain loops run: they round exactly as the sums read.</summary>
    internal const int SimdThreshold = 8;

    /// <summary>c (m×n) = a (m×k) · b (k×n), each column of c starting from <paramref name="columnSeed"/> (a bias) or zero.</summary>
    public static void MultiplyNN(ReadOnlySpan<double> a, int m, int k, ReadOnlySpan<double> b, int n, Span<double> c,
        ReadOnlySpan<double> columnSeed = default)
    {
        if (columnSeed.IsEmpty)
        {
            Gemm.Accumulate(a, m, k, b, 1, k, n, c, overwrite: true);
            return;
        }
        for (int j = 0; j < n; j++) columnSeed.CopyTo(c.Slice(j * m, m));
        Gemm.Accumulate(a, m, k, b, 1, k, n, c);
    }

    /// <summary>c (m×n) = a (m×k) · bᵀ, with b stored n×k.</summary>
    public static void MultiplyNT(ReadOnlySpan<double> a, int m, int k, ReadOnlySpan<double> b, int n, Span<double> c)
    {
        Gemm.Accumulate(a, m, k, b, n, 1, n, c, overwrite: true);
    }

    /// <summary>c (m×n) = aᵀ · b, with a stored k×m and b stored k×n.</summary>
    public static void MultiplyTN(ReadOnlySpan<double> a, int k, int m, ReadOnlySpan<double> b, int n, Span<double> c) =>
        Gemm.TransposedA(a, k, m, b, n, c);

    /// <summary>r[i] = Σ_j a[i, j]: the row sums of a column-major m×n block.</summary>
    public static void RowSums(ReadOnlySpan<double> a, int m, int n, Span<double> r)
    {
        a[..m].CopyTo(r);
        for (int j = 1; j < n; j++)
        {
            ReadOnlySpan<double> aj = a.Slice(j * m, m);
            if (m >= SimdThreshold) TensorPrimitives.Add(r[..m], aj, r[..m]);
            else for (int i = 0; i < m; i++) r[i] += aj[i];
        }
    }

    /// <summary>From this many values, element-wise passes are shared with the worker threads (in blocks).</summary>
    /// <remarks>2¹⁷ values are 1 MiB: a shorter pass is over in a few tens of microseconds on one thread, and
    /// waking the workers and waiting for the last of them would take a good share of that.</remarks>
    internal const int ParallelValues = 1 << 17;

    /// <summary>Values per unit of a shared pass: 2¹³ (64 KiB), at least 16 units to balance between the threads,
    /// each long enough that its call costs nothing beside the work.</summary>
    private const int Block = 1 << 13;

    /// <summary>Whether a pass over <paramref name="length"/> values is shared, and among how many threads.</summary>
    private static bool Shared(int length, out int threads)
    {
        threads = Parallelism.MaxThreads;
        return length >= ParallelValues && threads > 1;
    }

    private static int Blocks(int length) => (length + Block - 1) / Block;

    /// <summary>The values of blocks [from, to): where they start and how many there are (none past the end).</summary>
    private static (int Start, int Count) Values(int from, int to, int length) =>
        (from * Block, Math.Max(0, Math.Min(length, to * Block) - from * Block));

    /// <summary>x ← x − η·g (rounded as written: the product, then the difference).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SubtractScaled(Span<double> x, double eta, ReadOnlySpan<double> g)
    {
        if (x.Length >= SimdThreshold) SubtractScaledBlock(x, eta, g);
        else for (int i = 0; i < x.Length; i++) x[i] -= eta * g[i];
    }

    private static unsafe void SubtractScaledBlock(Span<double> x, double eta, ReadOnlySpan<double> g)
    {
        if (Shared(x.Length, out int threads))
        {
            fixed (double* px = x, pg = g)
            {
                var job = new SubtractScaledJob(px, eta, pg, x.Length);
                Workers.Run(ref job, Blocks(x.Length), threads);
            }
        }
        else TensorPrimitives.MultiplyAdd(g, -eta, x, x);
    }

    private readonly unsafe struct SubtractScaledJob(double* x, double eta, double* g, int length) : IPartitionedJob
    {
        public void Run(int from, int to)
        {
            var (start, count) = Values(from, to, length);
            var xs = new Span<double>(x + start, count);
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<double>(g + start, count), -eta, xs, xs);
        }
    }

    /// <summary>c ← a ⊙ b, element by element (each product correctly rounded, as a scalar loop's).</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c) => TensorPrimitives.Multiply(a, b, c);

    /// <summary>x ← a·x.</summary>
    public static void Scale(Span<double> x, double a) => TensorPrimitives.Multiply(x, a, x);
}
