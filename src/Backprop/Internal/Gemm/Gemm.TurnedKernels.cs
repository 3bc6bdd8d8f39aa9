using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

// Aᵀ·B with short sums and one to three columns (one sample's Wᵀ·δ, a small batch's): Aᵀ read through 4 × 4 blocks
// turned in registers instead of a copy, each element summed exactly as Accumulate sums it on the copied Aᵀ, so
// that a column's ∂E/∂x rounds alike whatever the batch size.
internal static unsafe partial class Gemm
{
    /// <summary>Terms p..p+3 of columns a0, a0 + k, a0 + 2k, a0 + 3k of a, turned: v_q holds term p + q of the four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Turn(double* a0, int k, int p, out Vector256<double> v0, out Vector256<double> v1,
        out Vector256<double> v2, out Vector256<double> v3)
    {
        var r0 = Vector256.Load(a0 + p); var r1 = Vector256.Load(a0 + k + p);
        var r2 = Vector256.Load(a0 + 2L * k + p); var r3 = Vector256.Load(a0 + 3L * k + p);
        var lo01 = Avx.UnpackLow(r0, r1); var hi01 = Avx.UnpackHigh(r0, r1);
        var lo23 = Avx.UnpackLow(r2, r3); var hi23 = Avx.UnpackHigh(r2, r3);
        v0 = Avx.Permute2x128(lo01, lo23, 0x20); v1 = Avx.Permute2x128(hi01, hi23, 0x20);
        v2 = Avx.Permute2x128(lo01, lo23, 0x31); v3 = Avx.Permute2x128(hi01, hi23, 0x31);
    }

    /// <summary>Term p of columns a0 .. a0 + 3k of a, gathered one by one (the last k mod 4 terms).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Gather4(double* a0, int k, int p) =>
        Vector256.Create(a0[p], a0[k + p], a0[2L * k + p], a0[3L * k + p]);

    /// <summary>s ← fma(v_q, b[p + q], s) for q = 0..3, in that order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Terms4(Vector256<double> v0, Vector256<double> v1, Vector256<double> v2, Vector256<double> v3,
        double* b, Vector256<double> s) =>
        MulAdd(v3, Vector256.Create(b[3]), MulAdd(v2, Vector256.Create(b[2]), MulAdd(v1, Vector256.Create(b[1]), MulAdd(v0, Vector256.Create(b[0]), s))));

    /// <summary>One column (n = 1, one sample's Wᵀ·δ) over the rows of whole strips, 16 rows side by side: each row's
    /// chain of k dependent multiply-adds is long, and four of them in flight keep the multipliers busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TurnedColumn(double* a, int k, int m, double* b, double* c)
    {
        int strips = m - m % 8, i = 0;
        for (; i + 16 <= strips; i += 16)
        {
            double* a0 = a + (long)i * k, a4 = a0 + 4L * k, a8 = a4 + 4L * k, a12 = a8 + 4L * k;
            var s0 = Vector256<double>.Zero; var s4 = s0; var s8 = s0; var s12 = s0;
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                Turn(a0, k, p, out var u0, out var u1, out var u2, out var u3); s0 = Terms4(u0, u1, u2, u3, b + p, s0);
                Turn(a4, k, p, out u0, out u1, out u2, out u3); s4 = Terms4(u0, u1, u2, u3, b + p, s4);
                Turn(a8, k, p, out u0, out u1, out u2, out u3); s8 = Terms4(u0, u1, u2, u3, b + p, s8);
                Turn(a12, k, p, out u0, out u1, out u2, out u3); s12 = Terms4(u0, u1, u2, u3, b + p, s12);
            }
            for (; p < k; p++)
            {
                var x = Vector256.Create(b[p]);
                s0 = MulAdd(Gather4(a0, k, p), x, s0); s4 = MulAdd(Gather4(a4, k, p), x, s4);
                s8 = MulAdd(Gather4(a8, k, p), x, s8); s12 = MulAdd(Gather4(a12, k, p), x, s12);
            }
            s0.Store(c + i); s4.Store(c + i + 4); s8.Store(c + i + 8); s12.Store(c + i + 12);
        }
        if (i < strips) TurnedStrip(a + (long)i * k, k, m, b, 1, c + i);
    }

    /// <summary>Two or three columns over the rows of whole strips, one strip (8 rows) at a time: each turned block
    /// serves every column before the next four terms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TurnedColumns(double* a, int k, int m, double* b, int n, double* c)
    {
        int strips = m - m % 8;
        for (int i = 0; i < strips; i += 8) TurnedStrip(a + (long)i * k, k, m, b, n, c + i);
    }

    /// <summary>One strip of 8 rows (columns a .. a + 7k of a) against columns [0, n) of b, n ≤ 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TurnedStrip(double* a, int k, int m, double* b, int n, double* c)
    {
        double* a4 = a + 4L * k;
        double* b1 = b + (n > 1 ? k : 0), b2 = b + (n > 2 ? 2L * k : 0);
        var s00 = Vector256<double>.Zero; var s40 = s00; var s01 = s00; var s41 = s00; var s02 = s00; var s42 = s00;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            Turn(a, k, p, out var u0, out var u1, out var u2, out var u3);
            Turn(a4, k, p, out var w0, out var w1, out var w2, out var w3);
            s00 = Terms4(u0, u1, u2, u3, b + p, s00); s40 = Terms4(w0, w1, w2, w3, b + p, s40);
            if (n > 1) { s01 = Terms4(u0, u1, u2, u3, b1 + p, s01); s41 = Terms4(w0, w1, w2, w3, b1 + p, s41); }
            if (n > 2) { s02 = Terms4(u0, u1, u2, u3, b2 + p, s02); s42 = Terms4(w0, w1, w2, w3, b2 + p, s42); }
        }
        for (; p < k; p++)
        {
            var u = Gather4(a, k, p); var w = Gather4(a4, k, p);
            var x = Vector256.Create(b[p]);
            s00 = MulAdd(u, x, s00); s40 = MulAdd(w, x, s40);
            if (n > 1) { x = Vector256.Create(b1[p]); s01 = MulAdd(u, x, s01); s41 = MulAdd(w, x, s41); }
            if (n > 2) { x = Vector256.Create(b2[p]); s02 = MulAdd(u, x, s02); s42 = MulAdd(w, x, s42); }
        }
        s00.Store(c); s40.Store(c + 4);
        if (n > 1) { s01.Store(c + m); s41.Store(c + m + 4); }
        if (n > 2) { s02.Store(c + 2L * m); s42.Store(c + 2L * m + 4); }
    }

    /// <summary>Rows [r0, m) of c = aᵀ·b: plain sums in order from zero, as <see cref="RemainderRows"/> adds them;
    /// four rows side by side, so that four independent sums are in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PlainRows(double* a, int k, int m, int r0, double* b, int n, double* c)
    {
        for (int j = 0; j < n; j++)
        {
            double* bj = b + (long)j * k, cj = c + (long)j * m;
            int i = r0;
            for (; i + 4 <= m; i += 4)
            {
                double* a0 = a + (long)i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int p = 0; p < k; p++)
                {
                    double x = bj[p];
                    s0 += a0[p] * x; s1 += a1[p] * x; s2 += a2[p] * x; s3 += a3[p] * x;
                }
                cj[i] = s0; cj[i + 1] = s1; cj[i + 2] = s2; cj[i + 3] = s3;
            }
            for (; i < m; i++)
            {
                double* ai = a + (long)i * k;
                double s = 0;
                for (int p = 0; p < k; p++) s += ai[p] * bj[p];
                cj[i] = s;
            }
        }
    }
}
