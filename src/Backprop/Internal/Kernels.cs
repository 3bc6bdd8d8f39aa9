using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace Backprop.Internal;

/// <summary>
/// Dense kernels over column-major storage (MathNet's <c>DenseMatrix.Values</c> layout: element [i, j] at i + j·rows).
/// Sums run in index order without fused multiply-add, so a sum such as b + w₁x₁ + w₂x₂ rounds exactly as it reads.
/// </summary>
internal static class Kernels
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
    internal const int ParallelValues = 1 << 17;

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

    private readonly unsafe struct FiniteJob(double* x, int length, int* dirty) : IPartitionedJob
    {
        public void Run(int from, int to)
        {
            var (start, count) = Values(from, to, length);
            if (!AllFiniteHere(new ReadOnlySpan<double>(x + start, count))) Volatile.Write(ref *dirty, 1);
        }
    }

    /// <summary>x ← a·x.</summary>
    public static void Scale(Span<double> x, double a) => TensorPrimitives.Multiply(x, a, x);

    /// <summary>The index of the first NaN or infinity, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstNonFinite(ReadOnlySpan<double> x)
    {
        // Small blocks (a tiny network's weights, one sample) are checked in place: a call costs more than the loop.
        if (x.Length >= 16) return FirstNonFiniteBlock(x);
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i])) return i;
        return -1;
    }

    private static unsafe int FirstNonFiniteBlock(ReadOnlySpan<double> x)
    {
        if (Shared(x.Length, out int threads))
        {
            int dirty = 0;
            fixed (double* px = x)
            {
                var job = new FiniteJob(px, x.Length, &dirty);
                Workers.Run(ref job, Blocks(x.Length), threads);
            }
            if (dirty == 0) return -1;
        }
        else if (AllFiniteHere(x)) return -1;
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i])) return i;
        return -1;
    }

    /// <summary>max |v|, or NaN when a value is NaN or infinite.</summary>
    public static double MaxMagnitude(ReadOnlySpan<double> values)
    {
        int i = 0;
        double max = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 8)
        {
            // Two maxima side by side, each by the plain instruction (MaxNative): a NaN or ∞ is caught by the bits
            // instead, so the maximum's own rules for NaN and −0 need not be paid for on every value.
            ref double r = ref MemoryMarshal.GetReference(values);
            var top0 = Vector256<double>.Zero;
            var top1 = Vector256<double>.Zero;
            var bits = Vector256<ulong>.Zero;
            for (; i + 8 <= values.Length; i += 8)
            {
                var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                var v1 = Vector256.LoadUnsafe(ref r, (nuint)(i + 4));
                top0 = Vector256.MaxNative(top0, Vector256.Abs(v0));
                top1 = Vector256.MaxNative(top1, Vector256.Abs(v1));
                bits |= ((v0 - v0) + (v1 - v1)).AsUInt64(); // +0 when both are finite, NaN otherwise
            }
            if (bits != Vector256<ulong>.Zero) return double.NaN;
            var top = Vector256.MaxNative(top0, top1);
            max = Math.Max(Math.Max(top[0], top[1]), Math.Max(top[2], top[3]));
        }
        for (; i < values.Length; i++) max = Math.Max(max, Math.Abs(values[i]));
        return double.IsFinite(max) ? max : double.NaN;
    }

    /// <summary>Whether every value is finite, on this thread.</summary>
    private static bool AllFiniteHere(ReadOnlySpan<double> x)
    {
        if (Vector256.IsHardwareAccelerated && x.Length >= 16)
        {
            // x − x is +0 (all bits clear) for every finite x and NaN for ±∞ and NaN: OR-ing the bits keeps the
            // dependency chains one cycle long.
            ref double r = ref MemoryMarshal.GetReference(x);
            var acc0 = Vector256<ulong>.Zero;
            var acc1 = Vector256<ulong>.Zero;
            int i = 0;
            for (; i + 8 <= x.Length; i += 8)
            {
                var v0 = Vector256.LoadUnsafe(ref r, (nuint)i);
                var v1 = Vector256.LoadUnsafe(ref r, (nuint)(i + 4));
                acc0 |= (v0 - v0).AsUInt64();
                acc1 |= (v1 - v1).AsUInt64();
            }
            bool clean = (acc0 | acc1) == Vector256<ulong>.Zero;
            for (; clean && i < x.Length; i++) clean = double.IsFinite(x[i]);
            return clean;
        }
        foreach (double v in x)
            if (!double.IsFinite(v)) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllFinite(ReadOnlySpan<double> x) => FirstNonFinite(x) < 0;
}
