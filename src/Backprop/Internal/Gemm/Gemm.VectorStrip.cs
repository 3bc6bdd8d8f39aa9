using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// The one-vector strip (floats): the 8 rows left after the 16-row strips when m mod 16 ≥ 8, and so the first 8 rows
// of a layer of 8 to 15 outputs (the 10-class output layers), summed as the strips sum them, c ← fma(a, b, c) term
// by term in order, in tiles of one vector × 6 columns (then 4, 2, 1). Doubles keep their left-over rows (at most
// 4 + 2 + 1 after the 8-row strips) unfused, as their golden values were recorded.
internal static unsafe partial class Gemm<T>
{
    /// <summary>Whether a vector of rows left over after the strips is summed fused, in the one-vector strip: for
    /// floats (on SIMD hardware), whose strips are 16 rows, so that 8 of a 10-row layer are left over.</summary>
    internal static bool FusesVectorRows => Simd && typeof(T) == typeof(float);

    /// <summary>The rows of an m-row product summed c ← fma(a, b, c) (the others add a·b unfused): whole strips of
    /// <see cref="Mr"/> rows, and for floats whole vectors of <see cref="Lanes"/> rows; none without SIMD.</summary>
    internal static int FusedRows(int m) => !Simd ? 0 : m - m % (FusesVectorRows ? Lanes : Mr);

    /// <summary>c[Lanes × n] += a (one vector of rows, term p at a + p·lda) · B (B[p, j] at b[p·sp + j·sj]) over k
    /// terms, in panels of <see cref="Kc"/> terms; from zero when <paramref name="fresh"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VectorStrip(T* a, int lda, int k, T* b, int sp, int sj, int n, T* c, int ldc, bool fresh)
    {
        for (int p0 = 0; p0 < k; p0 += Kc)
        {
            int kc = Math.Min(Kc, k - p0);
            bool first = fresh && p0 == 0;
            T* ap = a + (long)p0 * lda, bp = b + (long)p0 * sp;
            int j = 0, sixes = SixColumns(n);
            for (; j < sixes; j += 6) VectorTile6(ap, lda, bp + (long)j * sj, sp, sj, kc, c + (long)j * ldc, ldc, first);
            for (; j + 4 <= n; j += 4) VectorTile4(ap, lda, bp + (long)j * sj, sp, sj, kc, c + (long)j * ldc, ldc, first);
            for (; j < n; j++) VectorTile1(ap, lda, bp + (long)j * sj, sp, kc, c + (long)j * ldc, first);
        }
    }

    /// <summary>c[Lanes × 6] += A·B over kc terms: six sums in flight, one load of a and six broadcasts per term.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VectorTile6(T* a, int lda, T* b, int sp, int sj, int kc, T* c, int ldc, bool fresh)
    {
        long j1 = sj, j2 = 2L * sj, j3 = 3L * sj, j4 = 4L * sj, j5 = 5L * sj;
        T* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        var s0 = Start(c0, fresh); var s1 = Start(c1, fresh); var s2 = Start(c2, fresh);
        var s3 = Start(c3, fresh); var s4 = Start(c4, fresh); var s5 = Start(c5, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var x = Vector256.Load(a);
            s0 = MulAdd(x, Vector256.Create(b[0]), s0); s1 = MulAdd(x, Vector256.Create(b[j1]), s1);
            s2 = MulAdd(x, Vector256.Create(b[j2]), s2); s3 = MulAdd(x, Vector256.Create(b[j3]), s3);
            s4 = MulAdd(x, Vector256.Create(b[j4]), s4); s5 = MulAdd(x, Vector256.Create(b[j5]), s5);
        }
        s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3); s4.Store(c4); s5.Store(c5);
    }

    /// <summary>c[Lanes × 4] += A·B over kc terms, strided as in <see cref="VectorTile6"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VectorTile4(T* a, int lda, T* b, int sp, int sj, int kc, T* c, int ldc, bool fresh)
    {
        long j1 = sj, j2 = 2L * sj, j3 = 3L * sj;
        T* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        var s0 = Start(c0, fresh); var s1 = Start(c1, fresh); var s2 = Start(c2, fresh); var s3 = Start(c3, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var x = Vector256.Load(a);
            s0 = MulAdd(x, Vector256.Create(b[0]), s0); s1 = MulAdd(x, Vector256.Create(b[j1]), s1);
            s2 = MulAdd(x, Vector256.Create(b[j2]), s2); s3 = MulAdd(x, Vector256.Create(b[j3]), s3);
        }
        s0.Store(c0); s1.Store(c1); s2.Store(c2); s3.Store(c3);
    }

    /// <summary>c[Lanes] += a · b over kc terms, term p of a at a + p·lda and of b at b[p·sb].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VectorTile1(T* a, int lda, T* b, int sb, int kc, T* c, bool fresh)
    {
        var s = Start(c, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sb) s = MulAdd(Vector256.Load(a), Vector256.Create(b[0]), s);
        s.Store(c);
    }
}
