using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// The two thin cases, with the same rounding as the tiles: one column of B (n = 1, one sample's W·x, a
// matrix-vector product: 32 rows at a time) and one term (k = 1, one sample's δ·xᵀ, a rank-1 update).
internal static unsafe partial class Gemm
{
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
}
