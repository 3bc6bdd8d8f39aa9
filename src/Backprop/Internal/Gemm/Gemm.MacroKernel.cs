using System.Runtime.CompilerServices;

namespace Backprop.Internal;

// The macro-kernel: one strip of A (8 rows, kc terms) across one block of B, nr = 6 columns at a time.
internal static unsafe partial class Gemm
{
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
}
