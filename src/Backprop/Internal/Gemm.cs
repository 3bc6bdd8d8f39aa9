using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
/// panel size, the packing and the thread count never change a result. Rows left over (fewer than 8) add the
/// plain products in order, without fused multiply-add (four or two rows to a vector).</para>
/// <para>c = Aᵀ·B (A stored k×m): under 8 terms, plain sums in order; from 8 to <see cref="ShortSums"/> − 1
/// terms (with at least 8 rows and 4 columns, so that the copy pays), Aᵀ is copied and multiplied as above;
/// longer sums are dot products of columns, 4 columns of A against 2 of B at a time, each one summed in four
/// lanes (term p in lane p mod 4), the lanes added by <see cref="Vector256.Sum{T}"/>, then the last k mod 4 terms
/// in order.</para>
/// </remarks>
internal static unsafe class Gemm
{
    /// <summary>Terms per panel.</summary>
    internal const int Kc = 256;

    /// <summary>Below this many terms (and from 4 columns of B), Aᵀ·B copies Aᵀ and runs through the tiles instead of
    /// dot products.</summary>
    internal const int ShortSums = 32;

    [ThreadStatic] private static double[]? t_scratch;

    /// <summary>From this many columns of B, strips of A are packed before the tiles run over them.</summary>
    internal const int PackColumns = 48;

    [ThreadStatic] private static double[]? t_panel;

    /// <summary>Strips of A packed together, so that each term's rows are read as one run.</summary>
    internal const int PackGroup = 8;

    /// <summary>From this many doubles in a block of A (m × kc), its strips are packed <see cref="PackGroup"/> at a time.</summary>
    internal const int GroupDoubles = 16384;

    /// <summary>Doubles that stay in L1 (32 KiB): a block of B this small is read in place.</summary>
    internal const int L1Doubles = 4096;

    /// <summary>From this many strips of A, the block of B they all read is first packed (see <see cref="PackB"/>).</summary>
    internal const int PackStrips = 4;

    /// <summary>Doubles in a packed block of B (kc × columns): 192 KiB, a share of L2.</summary>
    private const int BlockSize = 24576;

    /// <summary>Columns of B per block for <paramref name="kc"/> terms: a multiple of 6 that fills
    /// <see cref="BlockSize"/>.</summary>
    private static int BlockColumns(int kc) => Math.Max(6, BlockSize / kc / 6 * 6);

    [ThreadStatic] private static double[]? t_block;

    /// <summary>This thread's buffer for a packed block of B; a pinned array, made once per thread.</summary>
    private static double* BlockBuffer()
    {
        var block = t_block ??= GC.AllocateArray<double>(BlockSize + 4, pinned: true);
        double* p = (double*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref block[0]);
        return (double*)(((nint)p + 31) & ~(nint)31);
    }

    /// <summary>This thread's <see cref="PackGroup"/> panels of 8 × <see cref="Kc"/>; a pinned array, made once per thread.</summary>
    private static double* PanelBuffer()
    {
        var panel = t_panel ??= GC.AllocateArray<double>(PackGroup * PanelStride(Kc) + 4, pinned: true);
        // 32-byte aligned start, so that the tiles' loads never split a cache line.
        double* p = (double*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref panel[0]);
        return (double*)(((nint)p + 31) & ~(nint)31);
    }

    /// <summary>This thread's scratch buffer, at least <paramref name="length"/> long (grown once, then reused).</summary>
    private static Span<double> Scratch(int length)
    {
        var s = t_scratch;
        if (s is null || s.Length < length) t_scratch = s = new double[length];
        return s.AsSpan(0, length);
    }


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

    /// <summary>Rows [r0, m) of <see cref="Accumulate"/>: c ← c + a·b (from zero when <paramref name="fresh"/>),
    /// unfused, term by term. Four rows (then two) share a vector, and eight columns are summed side by side (then
    /// one at a time), so that independent sums are in flight; every element still adds its own terms in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RemainderRows(double* a, int m, int k, double* b, int sp, int sj, int n, double* c, int r0, bool fresh)
    {
        int i = r0;
        if (Simd)
        {
            for (; i + 4 <= m; i += 4) Rows4(a + i, m, k, b, sp, sj, n, c + i, fresh);
            for (; i + 2 <= m; i += 2) Rows2(a + i, m, k, b, sp, sj, n, c + i, fresh);
        }
        for (; i < m; i++) Row1(a + i, m, k, b, sp, sj, n, c + i, fresh);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4(double* a, int m, int k, double* b, int sp, int sj, int n, double* c, bool fresh)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            double* c0 = c + (long)j * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m, c6 = c5 + m, c7 = c6 + m;
            var s0 = Start(c0, fresh); var s1 = Start(c1, fresh); var s2 = Start(c2, fresh); var s3 = Start(c3, fresh);
            var s4 = Start(c4, fresh); var s5 = Start(c5, fresh); var s6 = Start(c6, fresh); var s7 = Start(c7, fresh);
            double* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp)
            {
                var x = Vector256.Load(ap);
                s0 += x * Vector256.Create(bp[0]); s1 += x * Vector256.Create(bp[sj]);
                s2 += x * Vector256.Create(bp[2L * sj]); s3 += x * Vector256.Create(bp[3L * sj]);
                s4 += x * Vector256.Create(bp[4L * sj]); s5 += x * Vector256.Create(bp[5L * sj]);
                s6 += x * Vector256.Create(bp[6L * sj]); s7 += x * Vector256.Create(bp[7L * sj]);
            }
            s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3);
            s4.Store(c4); s5.Store(c5); s6.Store(c6); s7.Store(c7);
        }
        for (; j < n; j++)
        {
            double* cj = c + (long)j * m;
            var s = Start(cj, fresh);
            double* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp) s += Vector256.Load(ap) * Vector256.Create(*bp);
            s.Store(cj);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows2(double* a, int m, int k, double* b, int sp, int sj, int n, double* c, bool fresh)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            double* c0 = c + (long)j * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m, c6 = c5 + m, c7 = c6 + m;
            var s0 = Start2(c0, fresh); var s1 = Start2(c1, fresh); var s2 = Start2(c2, fresh); var s3 = Start2(c3, fresh);
            var s4 = Start2(c4, fresh); var s5 = Start2(c5, fresh); var s6 = Start2(c6, fresh); var s7 = Start2(c7, fresh);
            double* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp)
            {
                var x = Vector128.Load(ap);
                s0 += x * Vector128.Create(bp[0]); s1 += x * Vector128.Create(bp[sj]);
                s2 += x * Vector128.Create(bp[2L * sj]); s3 += x * Vector128.Create(bp[3L * sj]);
                s4 += x * Vector128.Create(bp[4L * sj]); s5 += x * Vector128.Create(bp[5L * sj]);
                s6 += x * Vector128.Create(bp[6L * sj]); s7 += x * Vector128.Create(bp[7L * sj]);
            }
            s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3);
            s4.Store(c4); s5.Store(c5); s6.Store(c6); s7.Store(c7);
        }
        for (; j < n; j++)
        {
            double* cj = c + (long)j * m;
            var s = Start2(cj, fresh);
            double* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp) s += Vector128.Load(ap) * Vector128.Create(*bp);
            s.Store(cj);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1(double* a, int m, int k, double* b, int sp, int sj, int n, double* c, bool fresh)
    {
        int j = 0;
        for (; j + 4 <= n; j += 4)
        {
            double* c0 = c + (long)j * m;
            double s0 = fresh ? 0 : c0[0], s1 = fresh ? 0 : c0[m], s2 = fresh ? 0 : c0[2L * m], s3 = fresh ? 0 : c0[3L * m];
            double* bp = b + (long)j * sj;
            double* ap = a;
            for (int p = 0; p < k; p++, ap += m, bp += sp)
            {
                double x = *ap;
                s0 += x * bp[0]; s1 += x * bp[sj]; s2 += x * bp[2L * sj]; s3 += x * bp[3L * sj];
            }
            c0[0] = s0; c0[m] = s1; c0[2L * m] = s2; c0[3L * m] = s3;
        }
        for (; j < n; j++)
        {
            double s = fresh ? 0 : c[(long)j * m];
            double* bp = b + (long)j * sj;
            for (int p = 0; p < k; p++) s += a[(long)p * m] * bp[(long)p * sp];
            c[(long)j * m] = s;
        }
    }

    /// <summary>c (m×n) = aᵀ · b with a stored k×m and b stored k×n: dot products of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposedA(ReadOnlySpan<double> a, int k, int m, ReadOnlySpan<double> b, int n, Span<double> c)
    {
        if (Simd && k >= Kernels.SimdThreshold && k < ShortSums && m >= Kernels.SimdThreshold && n >= 4)
        {
            // Short sums (δ of a small output layer): a dot product of a dozen terms spends most of its time in
            // horizontal sums, so Aᵀ is copied once and the tiles of Accumulate take over.
            var at = Scratch(m * k);
            fixed (double* pa = a, pt = at)
                for (int i = 0; i < m; i++)
                {
                    double* ai = pa + (long)i * k, ti = pt + i;
                    for (int p = 0; p < k; p++, ti += m) *ti = ai[p];
                }
            Accumulate(at, m, k, b, 1, k, n, c, overwrite: true);
            return;
        }
        fixed (double* pa = a, pb = b, pc = c)
        {
            if (!(Simd && k >= Kernels.SimdThreshold))
            {
                for (int j = 0; j < n; j++)
                    for (int i = 0; i < m; i++)
                    {
                        double* ai = pa + (long)i * k, bj = pb + (long)j * k;
                        double s = 0;
                        for (int p = 0; p < k; p++) s += ai[p] * bj[p];
                        pc[i + (long)j * m] = s;
                    }
                return;
            }
            var job = new TransposedJob(pa, k, m, pb, n, pc);
            int quads = (m + 3) / 4;
            int threads = Math.Min(Parallelism.MaxThreads, quads);
            if (threads > 1 && (long)m * n * k >= Parallelism.MinimumWork) Workers.Run(ref job, quads, threads);
            else job.Run(0, quads);
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

    /// <summary>c[8 × jn] += a strip of A (term p at a + p·lda) times a block of B: its first <paramref name="packed"/>
    /// columns from the panels of <see cref="PackB"/>, the rest in place (B[p, j] at b[p·sp + j·sj]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StripTimesBlock(double* a, int lda, double* panels, int packed, double* b, int sp, int sj, int kc, int jn,
        double* c, int ldc, bool fresh)
    {
        int j = 0, sixes = SixColumns(jn);
        for (; j < packed; j += 6) Tile8x6(a, lda, panels + (long)j * kc, 6, 1, kc, c + (long)j * ldc, ldc, fresh);
        double* bj = b + (long)j * sj;
        for (; j < sixes; j += 6, bj += 6L * sj) Tile8x6(a, lda, bj, sp, sj, kc, c + (long)j * ldc, ldc, fresh);
        for (; j + 4 <= jn; j += 4, bj += 4L * sj) Tile8x4(a, lda, bj, sp, sj, kc, c + (long)j * ldc, ldc, fresh);
        if (j + 2 <= jn) { Tile8x2(a, lda, bj, sp, sj, kc, c + (long)j * ldc, ldc, fresh); j += 2; bj += 2L * sj; }
        if (j < jn) Tile8x1(a, lda, bj, sp, kc, c + (long)j * ldc, fresh);
    }

    /// <summary>The columns of a block taken 6 at a time: all whole groups of 6, except that 6 + 2 left over go as
    /// 4 + 4 (an 8×2 tile has too few sums in flight to keep the multipliers busy).</summary>
    private static int SixColumns(int columns) => columns % 6 == 2 && columns >= 8 ? columns - 8 : columns - columns % 6;

    /// <summary>Doubles from one packed strip of A to the next: 8·kc and one more cache line, so that the strips'
    /// rows for one term, written together, do not all fall into one L1 set (8·kc·8 bytes is a multiple of 4 KiB).</summary>
    private static int PanelStride(int kc) => 8 * kc + 8;

    /// <summary>Strips [0, <paramref name="strips"/>) of A (8 rows each, terms [0, kc)) as contiguous 8 × kc panels,
    /// panel q at q·<see cref="PanelStride"/>. Each term's rows are read as one run of 8·strips doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackA(double* a, int m, int kc, int strips, double* dst)
    {
        for (int p = 0; p < kc; p++)
        {
            double* src = a + (long)p * m, d = dst + 8 * p;
            for (int q = 0; q < strips; q++, src += 8, d += PanelStride(kc))
            {
                if (Sse.IsSupported) Sse.Prefetch0(src + 8L * m); // the same rows eight terms on
                Vector256.Load(src).Store(d);
                Vector256.Load(src + 4).Store(d + 4);
            }
        }
    }

    /// <summary>Columns [0, <paramref name="columns"/>) of B (a multiple of 6), terms [0, kc), as kc × 6 panels:
    /// panel t holds B[p, 6t + q] at t·6·kc + 6p + q.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(double* b, int sp, int sj, int kc, int columns, double* dst)
    {
        for (int t = 0; t < columns; t += 6)
        {
            double* src = b + (long)t * sj;
            if (sj == 1)
                for (int p = 0; p < kc; p++, src += sp, dst += 6)
                {
                    Vector256.Store(Vector256.Load(src), dst);
                    Vector128.Store(Vector128.Load(src + 4), dst + 4);
                }
            else
                for (int p = 0; p < kc; p++, src += sp, dst += 6)
                {
                    dst[0] = src[0]; dst[1] = src[sj]; dst[2] = src[2L * sj];
                    dst[3] = src[3L * sj]; dst[4] = src[4L * sj]; dst[5] = src[5L * sj];
                }
        }
    }

    /// <summary>The column quads [q0, q1) of aᵀ in <see cref="TransposedA"/>.</summary>
    private readonly struct TransposedJob(double* a, int k, int m, double* b, int n, double* c) : IPartitionedJob
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int q0, int q1)
        {
            for (int q = q0; q < q1; q++)
            {
                int i = 4 * q;
                double* ai = a + (long)i * k;
                if (i + 4 <= m)
                {
                    int j = 0;
                    for (; j + 2 <= n; j += 2) Dot4x2(ai, k, b + (long)j * k, c + i + (long)j * m, m);
                    if (j < n) Dot4(ai, k, b + (long)j * k, c + i + (long)j * m);
                }
                else
                {
                    for (int j = 0; j < n; j++)
                        for (int r = i; r < m; r++) c[r + (long)j * m] = Dot1(a + (long)r * k, b + (long)j * k, k);
                }
            }
        }
    }

    /// <summary>A tile's starting value: zero for a fresh product, else what c holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Start(double* c, bool fresh) => fresh ? Vector256<double>.Zero : Vector256.Load(c);

    /// <summary><see cref="Start"/> for two rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Start2(double* c, bool fresh) => fresh ? Vector128<double>.Zero : Vector128.Load(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MulAdd(Vector256<double> x, Vector256<double> y, Vector256<double> z) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, z) : x * y + z;

    /// <summary>One term (k = 1, e.g. one sample's δ·xᵀ): c[0..rows) of column j ← fma(a, B[0, j], c), column by
    /// column, as the tiles would compute it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer(double* a, int rows, double* b, int sj, int n, double* c, int ldc, bool fresh)
    {
        // 16 rows at a time stay in four registers while every column passes.
        int i = 0;
        for (; i + 16 <= rows; i += 16)
        {
            var a0 = Vector256.Load(a + i); var a1 = Vector256.Load(a + i + 4);
            var a2 = Vector256.Load(a + i + 8); var a3 = Vector256.Load(a + i + 12);
            double* bj = b, cj = c + i;
            for (int j = 0; j < n; j++, bj += sj, cj += ldc)
            {
                var x = Vector256.Create(*bj);
                MulAdd(a0, x, Start(cj, fresh)).Store(cj); MulAdd(a1, x, Start(cj + 4, fresh)).Store(cj + 4);
                MulAdd(a2, x, Start(cj + 8, fresh)).Store(cj + 8); MulAdd(a3, x, Start(cj + 12, fresh)).Store(cj + 12);
            }
        }
        if (i < rows)
        {
            var a0 = Vector256.Load(a + i); var a1 = Vector256.Load(a + i + 4);
            double* bj = b, cj = c + i;
            for (int j = 0; j < n; j++, bj += sj, cj += ldc)
            {
                var x = Vector256.Create(*bj);
                MulAdd(a0, x, Start(cj, fresh)).Store(cj); MulAdd(a1, x, Start(cj + 4, fresh)).Store(cj + 4);
            }
        }
    }

    /// <summary>c[8×6] += A·B over kc terms: term p of A at a + p·lda, B[p, j] at b[p·sp + j·sj].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x6(double* a, int lda, double* b, int sp, int sj, int kc, double* c, int ldc, bool fresh)
    {
        long j1 = sj, j2 = 2L * sj, j3 = 3L * sj, j4 = 4L * sj, j5 = 5L * sj;
        double* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        var c00 = Start(c0, fresh); var c01 = Start(c0 + 4, fresh);
        var c10 = Start(c1, fresh); var c11 = Start(c1 + 4, fresh);
        var c20 = Start(c2, fresh); var c21 = Start(c2 + 4, fresh);
        var c30 = Start(c3, fresh); var c31 = Start(c3 + 4, fresh);
        var c40 = Start(c4, fresh); var c41 = Start(c4 + 4, fresh);
        var c50 = Start(c5, fresh); var c51 = Start(c5 + 4, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + 4);
            var x = Vector256.Create(b[0]);
            c00 = MulAdd(a0, x, c00); c01 = MulAdd(a1, x, c01);
            x = Vector256.Create(b[j1]);
            c10 = MulAdd(a0, x, c10); c11 = MulAdd(a1, x, c11);
            x = Vector256.Create(b[j2]);
            c20 = MulAdd(a0, x, c20); c21 = MulAdd(a1, x, c21);
            x = Vector256.Create(b[j3]);
            c30 = MulAdd(a0, x, c30); c31 = MulAdd(a1, x, c31);
            x = Vector256.Create(b[j4]);
            c40 = MulAdd(a0, x, c40); c41 = MulAdd(a1, x, c41);
            x = Vector256.Create(b[j5]);
            c50 = MulAdd(a0, x, c50); c51 = MulAdd(a1, x, c51);
        }
        c00.Store(c0); c01.Store(c0 + 4);
        c10.Store(c1); c11.Store(c1 + 4);
        c20.Store(c2); c21.Store(c2 + 4);
        c30.Store(c3); c31.Store(c3 + 4);
        c40.Store(c4); c41.Store(c4 + 4);
        c50.Store(c5); c51.Store(c5 + 4);
    }

    /// <summary>c[8×4] += A·B over kc terms, strided as in <see cref="Tile8x6"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x4(double* a, int lda, double* b, int sp, int sj, int kc, double* c, int ldc, bool fresh)
    {
        long j1 = sj, j2 = 2L * sj, j3 = 3L * sj;
        double* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        var c00 = Start(c0, fresh); var c01 = Start(c0 + 4, fresh);
        var c10 = Start(c1, fresh); var c11 = Start(c1 + 4, fresh);
        var c20 = Start(c2, fresh); var c21 = Start(c2 + 4, fresh);
        var c30 = Start(c3, fresh); var c31 = Start(c3 + 4, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + 4);
            var x = Vector256.Create(b[0]);
            c00 = MulAdd(a0, x, c00); c01 = MulAdd(a1, x, c01);
            x = Vector256.Create(b[j1]);
            c10 = MulAdd(a0, x, c10); c11 = MulAdd(a1, x, c11);
            x = Vector256.Create(b[j2]);
            c20 = MulAdd(a0, x, c20); c21 = MulAdd(a1, x, c21);
            x = Vector256.Create(b[j3]);
            c30 = MulAdd(a0, x, c30); c31 = MulAdd(a1, x, c31);
        }
        c00.Store(c0); c01.Store(c0 + 4);
        c10.Store(c1); c11.Store(c1 + 4);
        c20.Store(c2); c21.Store(c2 + 4);
        c30.Store(c3); c31.Store(c3 + 4);
    }

    /// <summary>c[8×2] += A·B over kc terms, strided as in <see cref="Tile8x6"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x2(double* a, int lda, double* b, int sp, int sj, int kc, double* c, int ldc, bool fresh)
    {
        double* c1 = c + ldc;
        var c00 = Start(c, fresh); var c01 = Start(c + 4, fresh);
        var c10 = Start(c1, fresh); var c11 = Start(c1 + 4, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + 4);
            var x = Vector256.Create(b[0]);
            c00 = MulAdd(a0, x, c00); c01 = MulAdd(a1, x, c01);
            x = Vector256.Create(b[sj]);
            c10 = MulAdd(a0, x, c10); c11 = MulAdd(a1, x, c11);
        }
        c00.Store(c); c01.Store(c + 4);
        c10.Store(c1); c11.Store(c1 + 4);
    }

    /// <summary>c[32] += a · b over kc terms, term p of a at a + p·lda and of b at b[p·sb].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile32x1(double* a, int lda, double* b, int sb, int kc, double* c, bool fresh)
    {
        var c0 = Start(c, fresh); var c1 = Start(c + 4, fresh); var c2 = Start(c + 8, fresh); var c3 = Start(c + 12, fresh);
        var c4 = Start(c + 16, fresh); var c5 = Start(c + 20, fresh); var c6 = Start(c + 24, fresh); var c7 = Start(c + 28, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sb)
        {
            var x = Vector256.Create(b[0]);
            c0 = MulAdd(Vector256.Load(a), x, c0); c1 = MulAdd(Vector256.Load(a + 4), x, c1);
            c2 = MulAdd(Vector256.Load(a + 8), x, c2); c3 = MulAdd(Vector256.Load(a + 12), x, c3);
            c4 = MulAdd(Vector256.Load(a + 16), x, c4); c5 = MulAdd(Vector256.Load(a + 20), x, c5);
            c6 = MulAdd(Vector256.Load(a + 24), x, c6); c7 = MulAdd(Vector256.Load(a + 28), x, c7);
        }
        c0.Store(c); c1.Store(c + 4); c2.Store(c + 8); c3.Store(c + 12);
        c4.Store(c + 16); c5.Store(c + 20); c6.Store(c + 24); c7.Store(c + 28);
    }

    /// <summary>c[8] += a · b over kc terms, term p of a at a + p·lda and of b at b[p·sb].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x1(double* a, int lda, double* b, int sb, int kc, double* c, bool fresh)
    {
        var c0 = Start(c, fresh);
        var c1 = Start(c + 4, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sb)
        {
            var x = Vector256.Create(b[0]);
            c0 = MulAdd(Vector256.Load(a), x, c0);
            c1 = MulAdd(Vector256.Load(a + 4), x, c1);
        }
        c0.Store(c);
        c1.Store(c + 4);
    }

    /// <summary>
    /// The dot products of four consecutive columns of a (length k each) with two columns of b: c[0..4) from the
    /// first, c[ldc .. ldc + 4) from the second. Each sum rounds exactly as in <see cref="Dot4"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2(double* a, int k, double* b, double* c, int ldc)
    {
        var s00 = Vector256<double>.Zero; var s10 = s00; var s20 = s00; var s30 = s00;
        var s01 = s00; var s11 = s00; var s21 = s00; var s31 = s00;
        double* a0 = a, a1 = a + k, a2 = a1 + k, a3 = a2 + k, b1 = b + k;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            var x0 = Vector256.Load(b + p);
            var x1 = Vector256.Load(b1 + p);
            var v = Vector256.Load(a0 + p);
            s00 = MulAdd(v, x0, s00); s01 = MulAdd(v, x1, s01);
            v = Vector256.Load(a1 + p);
            s10 = MulAdd(v, x0, s10); s11 = MulAdd(v, x1, s11);
            v = Vector256.Load(a2 + p);
            s20 = MulAdd(v, x0, s20); s21 = MulAdd(v, x1, s21);
            v = Vector256.Load(a3 + p);
            s30 = MulAdd(v, x0, s30); s31 = MulAdd(v, x1, s31);
        }
        double r00 = Vector256.Sum(s00), r10 = Vector256.Sum(s10), r20 = Vector256.Sum(s20), r30 = Vector256.Sum(s30);
        double r01 = Vector256.Sum(s01), r11 = Vector256.Sum(s11), r21 = Vector256.Sum(s21), r31 = Vector256.Sum(s31);
        for (; p < k; p++)
        {
            double x0 = b[p], x1 = b1[p];
            r00 += a0[p] * x0; r10 += a1[p] * x0; r20 += a2[p] * x0; r30 += a3[p] * x0;
            r01 += a0[p] * x1; r11 += a1[p] * x1; r21 += a2[p] * x1; r31 += a3[p] * x1;
        }
        c[0] = r00; c[1] = r10; c[2] = r20; c[3] = r30;
        c[ldc] = r01; c[ldc + 1] = r11; c[ldc + 2] = r21; c[ldc + 3] = r31;
    }

    /// <summary>c[0..4) = the dot products of four consecutive columns of a (length k each) with b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(double* a, int k, double* b, double* c)
    {
        var s0 = Vector256<double>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
        double* a0 = a, a1 = a + k, a2 = a1 + k, a3 = a2 + k;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            var x = Vector256.Load(b + p);
            s0 = MulAdd(Vector256.Load(a0 + p), x, s0);
            s1 = MulAdd(Vector256.Load(a1 + p), x, s1);
            s2 = MulAdd(Vector256.Load(a2 + p), x, s2);
            s3 = MulAdd(Vector256.Load(a3 + p), x, s3);
        }
        double r0 = Vector256.Sum(s0), r1 = Vector256.Sum(s1), r2 = Vector256.Sum(s2), r3 = Vector256.Sum(s3);
        for (; p < k; p++)
        {
            double x = b[p];
            r0 += a0[p] * x; r1 += a1[p] * x; r2 += a2[p] * x; r3 += a3[p] * x;
        }
        c[0] = r0; c[1] = r1; c[2] = r2; c[3] = r3;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Dot1(double* a, double* b, int k)
    {
        var s = Vector256<double>.Zero;
        int p = 0;
        for (; p + 4 <= k; p += 4) s = MulAdd(Vector256.Load(a + p), Vector256.Load(b + p), s);
        double r = Vector256.Sum(s);
        for (; p < k; p++) r += a[p] * b[p];
        return r;
    }
}
