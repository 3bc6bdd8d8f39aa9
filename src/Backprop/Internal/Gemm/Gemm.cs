using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

/// <summary>The products of <see cref="Gemm{T}"/> for either precision, the element type taken from the spans.</summary>
internal static class Gemm
{
    /// <summary>Below this many terms, Aᵀ·B of doubles takes the short-sum paths (see <see cref="Gemm{T}.ShortSums"/>).</summary>
    internal static int ShortSums => Gemm<double>.ShortSums;

    /// <inheritdoc cref="Gemm{T}.Accumulate"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Accumulate<T>(ReadOnlySpan<T> a, int m, int k, ReadOnlySpan<T> b, int sp, int sj, int n, Span<T> c,
        bool overwrite = false) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm<T>.Accumulate(a, m, k, b, sp, sj, n, c, overwrite);

    /// <inheritdoc cref="Gemm{T}.TransposedA"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void TransposedA<T>(ReadOnlySpan<T> a, int k, int m, ReadOnlySpan<T> b, int n, Span<T> c)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Gemm<T>.TransposedA(a, k, m, b, n, c);
}

/// <summary>
/// Register-tiled matrix products on column-major storage, for float32 and float64 from one source.
/// </summary>
/// <remarks>
/// <para>The element type sets the shapes: a 256-bit vector holds <see cref="Lanes"/> values (4 doubles, 8 floats),
/// a strip is <see cref="Mr"/> = 2 vectors of rows (8 or 16), and a tile of c is <see cref="Mr"/> × 6 held in twelve
/// accumulators either way. Block sizes are set in bytes (see Gemm.Blocking.cs), so a block fills the same share of a
/// cache in either precision. Below, "a strip" is <see cref="Mr"/> rows and "a vector" <see cref="Lanes"/> values.</para>
/// <para>c += A·B: rows are taken in strips and columns in groups of 6 (then 4, 2, 1; a last 6 + 2 as 4 + 4); a tile
/// of c is kept in twelve 256-bit accumulators while up to <see cref="Kc"/> terms are added.
/// B is read through strides (so Bᵀ needs no copy); when larger than L1, one L2-sized block of columns at a time
/// that every strip passes over before the next, and from <see cref="PackStrips"/> strips on, the block's whole
/// groups of 6 columns are first copied to contiguous panels. Strips of A are read in place, or, when at least
/// <see cref="PackColumns"/> columns pass over them, copied to contiguous panels (<see cref="PackGroup"/> at a
/// time from a large A). A single term (k = 1) is an outer product: two strips of A stay in registers while the
/// columns pass. Every element of a strip is c ← fma(a, b, c) over the terms in order, so the tile shape, the
/// panel size, the packing, the number of columns and the thread count never change a result. Rows left over
/// (fewer than a strip) add the plain products in order, without fused multiply-add (a vector, then half a vector
/// of rows at a time), except that for floats a vector of them first runs fused in the one-vector strip
/// (<see cref="FusedRows"/>: the rows of whole 8-row vectors fuse), and the last pair of float rows takes the
/// columns across the lanes.</para>
/// <para>c = Aᵀ·B (A stored k×m): under 8 terms, plain sums in order; from 8 to <see cref="ShortSums"/> − 1
/// terms (with at least 8 rows), the sums of c += A·B on Aᵀ: Aᵀ copied once and multiplied as above, or, for fewer
/// than <see cref="FewColumns"/> columns, read through blocks of a vector of columns × 4 terms turned in registers,
/// each element rounding as the tiles round it; longer sums are dot products of columns, 4 columns of A against 3
/// of B at a time, each one summed in a vector's lanes (term p in lane p mod <see cref="Lanes"/>), the lanes added
/// by <see cref="Vector256.Sum{T}"/>, then the last k mod <see cref="Lanes"/> terms in order. The choice depends on
/// m and k only: a column of c rounds alike for any n.</para>
/// <para>The parts, in the GotoBLAS/BLIS vocabulary (mr = <see cref="Mr"/> rows, nr = 6 columns, kc, nc;
/// mc = mr·<see cref="PackGroup"/>), one file each: this file dispatches (rows to strips, strips to threads, the loops
/// over kc and nc); Gemm.Blocking.cs holds the block sizes and the per-thread buffers; Gemm.Packing.cs copies A and B
/// to panels; Gemm.MacroKernel.cs runs one strip across a block of B; Gemm.MicroKernels.cs holds the register tiles
/// and the few operations that the BCL has only per type (fused multiply-add); Gemm.VectorKernels.cs the one-column
/// (n = 1) and one-term (k = 1) cases; Gemm.Edges.cs the rows left over, Gemm.VectorStrip.cs the fused vector of
/// them (floats), Gemm.EdgePairs.cs the last pair of float rows; Gemm.TransposedA.cs, Gemm.TurnedKernels.cs
/// and Gemm.DotKernels.cs the product Aᵀ·B. README.md beside them tells how the element type flows.</para>
/// </remarks>
internal static unsafe partial class Gemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static bool Simd => Vector256.IsHardwareAccelerated;

    /// <summary>Values in one 256-bit vector: 4 doubles or 8 floats.</summary>
    internal static int Lanes => Vector256<T>.Count;

    /// <summary>Rows per strip (mr): two vectors, 8 doubles or 16 floats, 64 bytes, one cache line per term.</summary>
    internal static int Mr => 2 * Vector256<T>.Count;

    /// <summary>c (m×n, column-major) += a (m×k, column-major) · B, where B[p, j] = b[p·sp + j·sj]; with
    /// <paramref name="overwrite"/>, c = A·B (c's old values are never read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<T> a, int m, int k, ReadOnlySpan<T> b, int sp, int sj, int n, Span<T> c,
        bool overwrite = false)
    {
        if (overwrite && k == 0) c[..(m * n)].Clear();
        fixed (T* pa = a, pb = b, pc = c)
        {
            int simdRows = Simd && m >= Mr ? m - m % Mr : 0;
            if (simdRows > 0)
            {
                var job = new AccumulateJob(pa, m, k, pb, sp, sj, n, pc, overwrite);
                int threads = Math.Min(Parallelism.MaxThreads, simdRows / Mr);
                if (threads > 1 && (long)m * n * k >= Parallelism.MinimumWork) Workers.Run(ref job, simdRows / Mr, threads);
                else job.Run(0, simdRows / Mr);
            }
            if (simdRows < m) RemainderRows(pa, m, k, pb, sp, sj, n, pc, simdRows, overwrite);
        }
    }

    /// <summary>The SIMD strips [s0, s1) of <see cref="Accumulate"/>.</summary>
    private readonly struct AccumulateJob(T* a, int m, int k, T* b, int sp, int sj, int n, T* c, bool overwrite)
        : IPartitionedJob
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int s0, int s1)
        {
            int mr = Mr;
            if (k == 1)
            {
                Outer(a + (long)mr * s0, mr * (s1 - s0), b, sj, n, c + (long)mr * s0, m, overwrite);
                return;
            }
            // A strip of A (mr × Kc) stays in L1 while a block of B's columns (in L2) passes it; then the next strip.
            // The loops, outermost first: terms in panels of kc, columns in blocks of nc, strips in groups (mc rows),
            // then StripTimesBlock (one strip, nr = 6 columns at a time).
            bool packA = n >= PackColumns;
            T* panel = packA ? PanelBuffer() : null;
            T* bpanel = null;
            for (int p0 = 0; p0 < k; p0 += Kc)
            {
                int kc = Math.Min(Kc, k - p0);
                bool fresh = overwrite && p0 == 0;
                int first = s0;
                if (n == 1) // one sample: four strips at a time, so that eight sums are in flight
                    for (; first + 4 <= s1; first += 4)
                        Tile4Strips(a + (long)mr * first + (long)p0 * m, m, b + (long)p0 * sp, sp, kc, c + (long)mr * first, fresh);
                // B in blocks, packed, only when it would not stay in L1 anyway; A's strips packed in groups only from
                // a block of 128 KiB or more (read from L3, one run per term pays).
                bool packB = s1 - first >= PackStrips && n >= 6 && (long)kc * n * sizeof(T) > L1Bytes;
                if (packB && bpanel == null) bpanel = BlockBuffer();
                int nc = packB ? BlockColumns(kc) : n;
                int group = (long)m * kc * sizeof(T) >= GroupBytes ? PackGroup : 1;
                for (int j0 = 0; j0 < n; j0 += nc)
                {
                    int jn = Math.Min(nc, n - j0);
                    T* b0 = b + (long)p0 * sp + (long)j0 * sj;
                    // Every strip reads this block, so its whole groups of 6 columns are first copied to contiguous
                    // kc × 6 panels: read in place, each term of a group may lie on another page.
                    int packed = packB ? SixColumns(jn) : 0;
                    if (packed > 0) PackB(b0, sp, sj, kc, packed, bpanel);
                    for (int g = first; g < s1; g += group)
                    {
                        int gn = Math.Min(group, s1 - g);
                        if (packA) PackA(a + (long)mr * g + (long)p0 * m, m, kc, gn, panel);
                        for (int s = g; s < g + gn; s++)
                            StripTimesBlock(packA ? panel + (long)PanelStride(kc) * (s - g) : a + (long)mr * s + (long)p0 * m, packA ? mr : m,
                                bpanel, packed, b0, sp, sj, kc, jn, c + (long)mr * s + (long)j0 * m, m, fresh);
                    }
                }
            }
        }
    }
}
