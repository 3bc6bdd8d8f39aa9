using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// The two thin cases, with the same rounding as the tiles: one column of B (n = 1, one sample's W·x, a
// matrix-vector product: four strips, 8 vectors, at a time) and one term (k = 1, one sample's δ·xᵀ, a rank-1 update).
internal static unsafe partial class Gemm<T>
{
    /// <summary>One term (k = 1, e.g. one sample's δ·xᵀ): c[0..rows) of column j ← fma(a, B[0, j], c), column by
    /// column, as the tiles would compute it; <paramref name="rows"/> is a multiple of <see cref="Mr"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Outer(T* a, int rows, T* b, int sj, int n, T* c, int ldc, bool fresh)
    {
        // Two strips (16 doubles, 32 floats) at a time stay in four registers while every column passes.
        int l = Lanes, i = 0;
        for (; i + 4 * l <= rows; i += 4 * l)
        {
            var a0 = Vector256.Load(a + i); var a1 = Vector256.Load(a + i + l);
            var a2 = Vector256.Load(a + i + 2 * l); var a3 = Vector256.Load(a + i + 3 * l);
            T* bj = b, cj = c + i;
            for (int j = 0; j < n; j++, bj += sj, cj += ldc)
            {
                var x = Vector256.Create(*bj);
                MulAdd(a0, x, Start(cj, fresh)).Store(cj); MulAdd(a1, x, Start(cj + l, fresh)).Store(cj + l);
                MulAdd(a2, x, Start(cj + 2 * l, fresh)).Store(cj + 2 * l); MulAdd(a3, x, Start(cj + 3 * l, fresh)).Store(cj + 3 * l);
            }
        }
        if (i < rows)
        {
            var a0 = Vector256.Load(a + i); var a1 = Vector256.Load(a + i + l);
            T* bj = b, cj = c + i;
            for (int j = 0; j < n; j++, bj += sj, cj += ldc)
            {
                var x = Vector256.Create(*bj);
                MulAdd(a0, x, Start(cj, fresh)).Store(cj); MulAdd(a1, x, Start(cj + l, fresh)).Store(cj + l);
            }
        }
    }

    /// <summary>c[4·mr] += a · b over kc terms (four strips, one column), term p of a at a + p·lda and of b at b[p·sb].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4Strips(T* a, int lda, T* b, int sb, int kc, T* c, bool fresh)
    {
        int l = Lanes;
        var c0 = Start(c, fresh); var c1 = Start(c + l, fresh); var c2 = Start(c + 2 * l, fresh); var c3 = Start(c + 3 * l, fresh);
        var c4 = Start(c + 4 * l, fresh); var c5 = Start(c + 5 * l, fresh); var c6 = Start(c + 6 * l, fresh); var c7 = Start(c + 7 * l, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sb)
        {
            var x = Vector256.Create(b[0]);
            c0 = MulAdd(Vector256.Load(a), x, c0); c1 = MulAdd(Vector256.Load(a + l), x, c1);
            c2 = MulAdd(Vector256.Load(a + 2 * l), x, c2); c3 = MulAdd(Vector256.Load(a + 3 * l), x, c3);
            c4 = MulAdd(Vector256.Load(a + 4 * l), x, c4); c5 = MulAdd(Vector256.Load(a + 5 * l), x, c5);
            c6 = MulAdd(Vector256.Load(a + 6 * l), x, c6); c7 = MulAdd(Vector256.Load(a + 7 * l), x, c7);
        }
        c0.Store(c); c1.Store(c + l); c2.Store(c + 2 * l); c3.Store(c + 3 * l);
        c4.Store(c + 4 * l); c5.Store(c + 5 * l); c6.Store(c + 6 * l); c7.Store(c + 7 * l);
    }
}
