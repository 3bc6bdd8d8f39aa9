using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

/// <summary>
/// Register-tiled matrix products on column-major storage. Blocks of 8 rows × 4 columns of the result are kept in
/// eight 256-bit accumulators while the shared dimension is walked in cache-sized panels; rows left over, and
/// matrices too small to gain, take plain loops that add the terms in order without fused multiply-add.
/// </summary>
internal static unsafe class Gemm
{
    private const int Panel = 256;

    private static bool Simd => Vector256.IsHardwareAccelerated;

    /// <summary>c (m×n, column-major) += a (m×k, column-major) · B, where B[p, j] = b[p·sp + j·sj].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(ReadOnlySpan<double> a, int m, int k, ReadOnlySpan<double> b, int sp, int sj, int n, Span<double> c)
    {
        fixed (double* pa = a, pb = b, pc = c)
        {
            int simdRows = Simd && m >= Kernels.SimdThreshold ? m - m % 8 : 0;
            int threads = Math.Min(Parallelism.MaxThreads, simdRows / 8);
            if (threads > 1 && (long)m * n * k >= Parallelism.MinimumWork)
                SimdRowsParallel((nint)pa, m, k, (nint)pb, sp, sj, n, (nint)pc, simdRows / 8, threads);
            else
            {
                SimdRows(pa, m, k, pb, sp, sj, n, pc, 0, simdRows);
            }
            if (simdRows == m) return;
            for (int p0 = 0; p0 < k; p0 += Panel)
            {
                int p1 = Math.Min(k, p0 + Panel);
                for (int j = 0; j < n; j++)
                {
                    double* cj = pc + (long)j * m;
                    double* bj = pb + (long)j * sj;
                    for (int p = p0; p < p1; p++)
                    {
                        double bpj = bj[(long)p * sp];
                        double* ap = pa + (long)p * m;
                        for (int i = simdRows; i < m; i++) cj[i] += ap[i] * bpj;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Splits the 8-row strips over threads; each element is summed exactly as on one thread. A method of its own,
    /// so that the closure it needs is not allocated on the single-threaded path.
    /// </summary>
    private static void SimdRowsParallel(nint pa, int m, int k, nint pb, int sp, int sj, int n, nint pc, int strips, int threads) =>
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int r0 = 8 * (int)((long)strips * t / threads), r1 = 8 * (int)((long)strips * (t + 1) / threads);
            SimdRows((double*)pa, m, k, (double*)pb, sp, sj, n, (double*)pc, r0, r1);
        });

    /// <summary>The SIMD part of <see cref="Accumulate"/> for rows [r0, r1), a multiple of 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SimdRows(double* pa, int m, int k, double* pb, int sp, int sj, int n, double* pc, int r0, int r1)
    {
        for (int p0 = 0; p0 < k; p0 += Panel)
        {
            int p1 = Math.Min(k, p0 + Panel);
            for (int i = r0; i < r1; i += 8)
            {
                int j = 0;
                for (; j + 4 <= n; j += 4) Tile8x4(pa + i, m, pb, sp, sj, j, p0, p1, pc + i + (long)j * m, m);
                for (; j < n; j++) Tile8x1(pa + i, m, pb + (long)j * sj, sp, p0, p1, pc + i + (long)j * m);
            }
        }
    }

    /// <summary>c (m×n) = aᵀ · b with a stored k×m and b stored k×n: dot products of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransposedA(ReadOnlySpan<double> a, int k, int m, ReadOnlySpan<double> b, int n, Span<double> c)
    {
        fixed (double* pa = a, pb = b, pc = c)
        {
            bool simd = Simd && k >= Kernels.SimdThreshold;
            for (int j = 0; j < n; j++)
            {
                double* bj = pb + (long)j * k;
                int i = 0;
                if (simd)
                    for (; i + 4 <= m; i += 4) Dot4(pa + (long)i * k, k, bj, pc + i + (long)j * m);
                for (; i < m; i++)
                {
                    double* ai = pa + (long)i * k;
                    double s = 0;
                    if (simd)
                    {
                        s = Dot1(ai, bj, k);
                    }
                    else
                    {
                        for (int p = 0; p < k; p++) s += ai[p] * bj[p];
                    }
                    pc[i + (long)j * m] = s;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> MulAdd(Vector256<double> x, Vector256<double> y, Vector256<double> z) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, z) : x * y + z;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x4(double* a, int lda, double* b, int sp, int sj, int j, int p0, int p1, double* c, int ldc)
    {
        double* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        var c00 = Vector256.Load(c0); var c01 = Vector256.Load(c0 + 4);
        var c10 = Vector256.Load(c1); var c11 = Vector256.Load(c1 + 4);
        var c20 = Vector256.Load(c2); var c21 = Vector256.Load(c2 + 4);
        var c30 = Vector256.Load(c3); var c31 = Vector256.Load(c3 + 4);
        double* b0 = b + (long)j * sj + (long)p0 * sp;
        long s1 = sj, s2 = 2L * sj, s3 = 3L * sj;
        double* ap = a + (long)p0 * lda;
        for (int p = p0; p < p1; p++, ap += lda, b0 += sp)
        {
            var a0 = Vector256.Load(ap);
            var a1 = Vector256.Load(ap + 4);
            var x = Vector256.Create(b0[0]);
            c00 = MulAdd(a0, x, c00); c01 = MulAdd(a1, x, c01);
            x = Vector256.Create(b0[s1]);
            c10 = MulAdd(a0, x, c10); c11 = MulAdd(a1, x, c11);
            x = Vector256.Create(b0[s2]);
            c20 = MulAdd(a0, x, c20); c21 = MulAdd(a1, x, c21);
            x = Vector256.Create(b0[s3]);
            c30 = MulAdd(a0, x, c30); c31 = MulAdd(a1, x, c31);
        }
        c00.Store(c0); c01.Store(c0 + 4);
        c10.Store(c1); c11.Store(c1 + 4);
        c20.Store(c2); c21.Store(c2 + 4);
        c30.Store(c3); c31.Store(c3 + 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile8x1(double* a, int lda, double* bj, int sp, int p0, int p1, double* c)
    {
        var c0 = Vector256.Load(c);
        var c1 = Vector256.Load(c + 4);
        for (int p = p0; p < p1; p++)
        {
            double* ap = a + (long)p * lda;
            var x = Vector256.Create(bj[(long)p * sp]);
            c0 = MulAdd(Vector256.Load(ap), x, c0);
            c1 = MulAdd(Vector256.Load(ap + 4), x, c1);
        }
        c0.Store(c);
        c1.Store(c + 4);
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
