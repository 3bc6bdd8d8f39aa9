using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

/// <summary>
/// Register-tiled matrix products on column-major storage.
/// </summary>
/// <remarks>
/// <para>c += A·B: rows are taken in strips of 8 and columns in groups of 6 (then 4, 2, 1; a last 6 + 2 as
/// 4 + 4); an 8×6 tile of c is kept in twelve 256-bit accumulators while up to <see cref="Kc"/> terms are added.
/// B is read through strides (so Bᵀ needs no copy); when larger than L1, one L2-sized block of columns at a time
/// that every strip passes over before the next, and from <see cref="PackStrips"/> strips on, the block's whole
/// groups of 6 columns are first copied to contiguous panels. Strips of A are read in place, or, when at least
/// <see cref="PackColumns"/> columns pass over them, copied to contiguous panels (<see cref="PackGroup"/> at a
/// time from a large A). A single term (k = 1) is an outer product: 16 rows of A stay in registers while the
/// columns pass. Every element of a strip is c ← fma(a, b, c) over the terms in order, so the tile shape, the
/// panel size, the packing, the number of columns and the thread count never change a result. Rows left over
/// (fewer than 8) add the plain products in order, without fused multiply-add (four or two rows to a vector).</para>
/// <para>c = Aᵀ·B (A stored k×m): under 8 terms, plain sums in order; from 8 to <see cref="ShortSums"/> − 1
/// terms (with at least 8 rows), the sums of c += A·B on Aᵀ: Aᵀ copied once and multiplied as above, or, for fewer
/// than <see cref="FewColumns"/> columns, read through 4 × 4 blocks turned in registers, each element rounding as
/// the tiles round it; longer sums are dot products of columns, 4 columns of A against 2 of B at a time, each one
/// summed in four lanes (term p in lane p mod 4), the lanes added by <see cref="Vector256.Sum{T}"/>, then the last
/// k mod 4 terms in order. The choice depends on m and k only: a column of c rounds alike for any n.</para>
/// <para>The parts, in the GotoBLAS/BLIS vocabulary (mr = 8 rows, nr = 6 columns, kc, nc; mc = 8·<see cref="PackGroup"/>),
/// one file each: this file dispatches (rows to strips, strips to threads, the loops over kc and nc);
/// Gemm.Blocking.cs holds the block sizes and the per-thread buffers; Gemm.Packing.cs copies A and B to panels;
/// Gemm.MacroKernel.cs runs one strip across a block of B; Gemm.MicroKernels.cs holds the 8-row register tiles and
/// Gemm.VectorKernels.cs the one-column (n = 1) and one-term (k = 1) cases; Gemm.Edges.cs the rows left over;
/// Gemm.TransposedA.cs, Gemm.TurnedKernels.cs and Gemm.DotKernels.cs the product Aᵀ·B.</para>
/// </remarks>
internal static unsafe partial class Gemm
{
    private static bool Simd => Vector256.IsHardwareAccelerated;

    /// <summary>c (m×n, column-major) += a (m×k, column-major) · B, where B[p, j] = b[p·sp + j·sj]; with
    /// <paramref name="overwrite"/>, c = A·B (c's old values are never read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<double> a, int m, int k, ReadOnlySpan<double> b, int sp, int sj, int n, Span<double> c,
        bool overwrite = false)
    {
        if (overwrite && k == 0) c[..(m * n)].Clear();
        fixed (double* pa = a, pb = b, pc = c)
        {
            int simdRows = Simd && m >= Kernels.SimdThreshold ? m - m % 8 : 0;
            if (simdRows > 0)
            {
                var job = new AccumulateJob(pa, m, k, pb, sp, sj, n, pc, overwrite);
                int threads = Math.Min(Parallelism.MaxThreads, simdRows / 8);
                if (threads > 1 && (long)m * n * k >= Parallelism.MinimumWork) Workers.Run(ref job, simdRows / 8, threads);
                else job.Run(0, simdRows / 8);
            }
            if (simdRows < m) RemainderRows(pa, m, k, pb, sp, sj, n, pc, simdRows, overwrite);
        }
    }

    /// <summary>The SIMD strips [s0, s1) of <see cref="Accumulate"/>.</summary>
    private readonly struct AccumulateJob(double* a, int m, int k, double* b, int sp, int sj, int n, double* c, bool overwrite)
        : IPartitionedJob
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int s0, int s1)
        {
            if (k == 1)
            {
                Outer(a + 8L * s0, 8 * (s1 - s0), b, sj, n, c + 8L * s0, m, overwrite);
                return;
            }
            // A strip of A (8 × Kc) stays in L1 while a block of B's columns (in L2) passes it; then the next strip.
            // The loops, outermost first: terms in panels of kc, columns in blocks of nc, strips in groups (mc rows),
            // then StripTimesBlock (one strip, nr = 6 columns at a time).
            bool packA = n >= PackColumns;
            double* panel = packA ? PanelBuffer() : null;
            double* bpanel = null;
            for (int p0 = 0; p0 < k; p0 += Kc)
            {
                int kc = Math.Min(Kc, k - p0);
                bool fresh = overwrite && p0 == 0;
                int first = s0;
                if (n == 1) // one sample: four strips at a time, so that eight sums are in flight
                    for (; first + 4 <= s1; first += 4) Tile32x1(a + 8L * first + (long)p0 * m, m, b + (long)p0 * sp, sp, kc, c + 8L * first, fresh);
                // B in blocks, packed, only when it would not stay in L1 anyway; A's strips packed in groups only from
                // a block of 128 KiB or more (read from L3, one run per term pays).
                bool packB = s1 - first >= PackStrips && n >= 6 && (long)kc * n > L1Doubles;
                if (packB && bpanel == null) bpanel = BlockBuffer();
                int nc = packB ? BlockColumns(kc) : n;
                int group = (long)m * kc >= GroupDoubles ? PackGroup : 1;
                for (int j0 = 0; j0 < n; j0 += nc)
                {
                    int jn = Math.Min(nc, n - j0);
                    double* b0 = b + (long)p0 * sp + (long)j0 * sj;
                    // Every strip reads this block, so its whole groups of 6 columns are first copied to contiguous
                    // kc × 6 panels: read in place, each term of a group may lie on another page.
                    int packed = packB ? SixColumns(jn) : 0;
                    if (packed > 0) PackB(b0, sp, sj, kc, packed, bpanel);
                    for (int g = first; g < s1; g += group)
                    {
                        int gn = Math.Min(group, s1 - g);
                        if (packA) PackA(a + 8L * g + (long)p0 * m, m, kc, gn, panel);
                        for (int s = g; s < g + gn; s++)
                            StripTimesBlock(packA ? panel + (long)PanelStride(kc) * (s - g) : a + 8L * s + (long)p0 * m, packA ? 8 : m,
                                bpanel, packed, b0, sp, sj, kc, jn, c + 8L * s + (long)j0 * m, m, fresh);
                    }
                }
            }
        }
    }
}
