using System.Runtime.CompilerServices;

namespace Backprop.Internal;

// The macro-kernel: one strip of A (mr rows, kc terms) across one block of B, nr = 6 columns at a time.
internal static unsafe partial class Gemm<T>
{
    /// <summary>c[mr × jn] += a strip of A (term p at a + p·lda) times a block of B: its first <paramref name="packed"/>
    /// columns from the panels of <see cref="PackB"/>, the rest in place (B[p, j] at b[p·sp + j·sj]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StripTimesBlock(T* a, int lda, T* panels, int packed, T* b, int sp, int sj, int kc, int jn,
        T* c, int ldc, bool fresh)
    {
        int j = 0, sixes = SixColumns(jn);
        for (; j < packed; j += 6) Tile6(a, lda, panels + (long)j * kc, 6, 1, kc, c + (long)j * ldc, ldc, fresh);
        T* bj = b + (long)j * sj;
        for (; j < sixes; j += 6, bj += 6L * sj) Tile6(a, lda, bj, sp, sj, kc, c + (long)j * ldc, ldc, fresh);
        for (; j + 4 <= jn; j += 4, bj += 4L * sj) Tile4(a, lda, bj, sp, sj, kc, c + (long)j * ldc, ldc, fresh);
        if (j + 2 <= jn) { Tile2(a, lda, bj, sp, sj, kc, c + (long)j * ldc, ldc, fresh); j += 2; bj += 2L * sj; }
        if (j < jn) Tile1(a, lda, bj, sp, kc, c + (long)j * ldc, fresh);
    }

    /// <summary>The columns of a block taken 6 at a time: all whole groups of 6, except that 6 + 2 left over go as
    /// 4 + 4 (a tile of 2 columns has too few sums in flight to keep the multipliers busy).</summary>
    private static int SixColumns(int columns) => columns % 6 == 2 && columns >= 8 ? columns - 8 : columns - columns % 6;
}
