using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Backprop.Internal;

/// <summary>
/// Dense kernels over column-major storage (MathNet's <c>DenseMatrix.Values</c> layout: element [i, j] at i + j·rows).
/// Sums run in index order without fused multiply-add, so a sum such as b + w₁x₁ + w₂x₂ rounds exactly as it reads.
/// Every kernel is generic over the element type T (float or double), with one source for both.
/// </summary>
internal static partial class Kernels
{
    /// <summary>Below this many rows (or summed terms) the plain loops run: they round exactly as the sums read.</summary>
    internal const int SimdThreshold = 8;

    /// <summary>c (m×n) = a (m×k) · b (k×n), each column of c starting from <paramref name="columnSeed"/> (a bias) or zero.</summary>
    public static void MultiplyNN<T>(ReadOnlySpan<T> a, int m, int k, ReadOnlySpan<T> b, int n, Span<T> c,
        ReadOnlySpan<T> columnSeed = default) where T : unmanaged, IFloatingPointIeee754<T>
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
    public static void MultiplyNT<T>(ReadOnlySpan<T> a, int m, int k, ReadOnlySpan<T> b, int n, Span<T> c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.Accumulate(a, m, k, b, n, 1, n, c, overwrite: true);
    }

    /// <summary>c (m×n) = aᵀ · b, with a stored k×m and b stored k×n.</summary>
    public static void MultiplyTN<T>(ReadOnlySpan<T> a, int k, int m, ReadOnlySpan<T> b, int n, Span<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm.TransposedA(a, k, m, b, n, c);

    /// <summary>r[i] = Σ_j a[i, j]: the row sums of a column-major m×n block.</summary>
    public static void RowSums<T>(ReadOnlySpan<T> a, int m, int n, Span<T> r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        a[..m].CopyTo(r);
        for (int j = 1; j < n; j++)
        {
            ReadOnlySpan<T> aj = a.Slice(j * m, m);
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
    public static void SubtractScaled<T>(Span<T> x, T eta, ReadOnlySpan<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length >= SimdThreshold) SubtractScaledBlock(x, eta, g);
        else for (int i = 0; i < x.Length; i++) x[i] -= eta * g[i];
    }

    private static unsafe void SubtractScaledBlock<T>(Span<T> x, T eta, ReadOnlySpan<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Shared(x.Length, out int threads))
        {
            fixed (T* px = x, pg = g)
            {
                var job = new SubtractScaledJob<T>(px, eta, pg, x.Length);
                Workers.Run(ref job, Blocks(x.Length), threads);
            }
        }
        else TensorPrimitives.MultiplyAdd(g, -eta, x, x);
    }

    private readonly unsafe struct SubtractScaledJob<T>(T* x, T eta, T* g, int length) : IPartitionedJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        public void Run(int from, int to)
        {
            var (start, count) = Values(from, to, length);
            var xs = new Span<T>(x + start, count);
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(g + start, count), -eta, xs, xs);
        }
    }

    /// <summary>c ← a ⊙ b, element by element (each product correctly rounded, as a scalar loop's).</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Multiply(a, b, c);

    /// <summary>x ← a·x.</summary>
    public static void Scale<T>(Span<T> x, T a) where T : unmanaged, IFloatingPointIeee754<T> => TensorPrimitives.Multiply(x, a, x);
}
