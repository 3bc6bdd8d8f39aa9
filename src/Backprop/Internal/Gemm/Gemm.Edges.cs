using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// Edges: the rows of A left over after the strips (m mod mr of them, or all of A under mr rows). For floats a
// vector of them first takes the fused one-vector strip (Gemm.VectorStrip.cs); the rest are summed c ← c + a·b
// unfused, term by term in order, as the plain loops read.
internal static unsafe partial class Gemm<T>
{
    /// <summary>Rows [r0, m) of <see cref="Accumulate"/>, from zero when <paramref name="fresh"/>: for floats, 8 rows
    /// in the fused <see cref="VectorStrip"/> if as many are left; then c ← c + a·b unfused, term by term. A vector's
    /// worth of rows (then half: 4 and 2 doubles, 8 and 4 floats; then 2 floats) share a vector, and eight columns
    /// are summed side by side (then one at a time), so that independent sums are in flight; every element still
    /// adds its own terms in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RemainderRows(T* a, int m, int k, T* b, int sp, int sj, int n, T* c, int r0, bool fresh)
    {
        int i = r0;
        if (Simd)
        {
            if (FusesVectorRows && i + Lanes <= m)
            {
                VectorStrip(a + i, m, k, b, sp, sj, n, c + i, m, fresh);
                i += Lanes;
            }
            for (; i + Lanes <= m; i += Lanes) RowsVector(a + i, m, k, b, sp, sj, n, c + i, fresh);
            for (; i + Lanes / 2 <= m; i += Lanes / 2) RowsHalf(a + i, m, k, b, sp, sj, n, c + i, fresh);
            if (sizeof(T) == 4 && i + 2 <= m)
            {
                RowsPair(a + i, m, k, b, sp, sj, n, c + i, fresh);
                i += 2;
            }
        }
        for (; i < m; i++) Row1(a + i, m, k, b, sp, sj, n, c + i, fresh);
    }

    /// <summary>A vector of left-over rows (4 doubles, 8 floats) in one 256-bit vector per column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsVector(T* a, int m, int k, T* b, int sp, int sj, int n, T* c, bool fresh)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            T* c0 = c + (long)j * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m, c6 = c5 + m, c7 = c6 + m;
            var s0 = Start(c0, fresh); var s1 = Start(c1, fresh); var s2 = Start(c2, fresh); var s3 = Start(c3, fresh);
            var s4 = Start(c4, fresh); var s5 = Start(c5, fresh); var s6 = Start(c6, fresh); var s7 = Start(c7, fresh);
            T* ap = a, bp = b + (long)j * sj;
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
            T* cj = c + (long)j * m;
            var s = Start(cj, fresh);
            T* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp) s += Vector256.Load(ap) * Vector256.Create(*bp);
            s.Store(cj);
        }
    }

    /// <summary>Half a vector of left-over rows (2 doubles, 4 floats) in one 128-bit vector per column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsHalf(T* a, int m, int k, T* b, int sp, int sj, int n, T* c, bool fresh)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            T* c0 = c + (long)j * m, c1 = c0 + m, c2 = c1 + m, c3 = c2 + m, c4 = c3 + m, c5 = c4 + m, c6 = c5 + m, c7 = c6 + m;
            var s0 = Start2(c0, fresh); var s1 = Start2(c1, fresh); var s2 = Start2(c2, fresh); var s3 = Start2(c3, fresh);
            var s4 = Start2(c4, fresh); var s5 = Start2(c5, fresh); var s6 = Start2(c6, fresh); var s7 = Start2(c7, fresh);
            T* ap = a, bp = b + (long)j * sj;
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
            T* cj = c + (long)j * m;
            var s = Start2(cj, fresh);
            T* ap = a, bp = b + (long)j * sj;
            for (int p = 0; p < k; p++, ap += m, bp += sp) s += Vector128.Load(ap) * Vector128.Create(*bp);
            s.Store(cj);
        }
    }

    /// <summary>One row, scalar: four columns side by side, then one at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1(T* a, int m, int k, T* b, int sp, int sj, int n, T* c, bool fresh)
    {
        int j = 0;
        for (; j + 4 <= n; j += 4)
        {
            T* c0 = c + (long)j * m;
            T s0 = fresh ? T.Zero : c0[0], s1 = fresh ? T.Zero : c0[m], s2 = fresh ? T.Zero : c0[2L * m], s3 = fresh ? T.Zero : c0[3L * m];
            T* bp = b + (long)j * sj;
            T* ap = a;
            for (int p = 0; p < k; p++, ap += m, bp += sp)
            {
                T x = *ap;
                s0 += x * bp[0]; s1 += x * bp[sj]; s2 += x * bp[2L * sj]; s3 += x * bp[3L * sj];
            }
            c0[0] = s0; c0[m] = s1; c0[2L * m] = s2; c0[3L * m] = s3;
        }
        for (; j < n; j++)
        {
            T s = fresh ? T.Zero : c[(long)j * m];
            T* bp = b + (long)j * sj;
            for (int p = 0; p < k; p++) s += a[(long)p * m] * bp[(long)p * sp];
            c[(long)j * m] = s;
        }
    }

    /// <summary><see cref="Start"/> for half a vector of rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Start2(T* c, bool fresh) => fresh ? Vector128<T>.Zero : Vector128.Load(c);
}
