using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

// Aᵀ·B with short sums and one to three columns (one sample's Wᵀ·δ, a small batch's): Aᵀ read through blocks of a
// vector of columns (4 doubles, 8 floats) × 4 terms turned in registers instead of a copy, each element summed exactly
// as Accumulate sums it on the copied Aᵀ, so that a column's ∂E/∂x rounds alike whatever the batch size.
internal static unsafe partial class Gemm<T>
{
    /// <summary>Terms p..p+3 of the <see cref="Lanes"/> columns a0, a0 + k, … of a, turned: v_q holds term p + q of
    /// each column, column i in lane i.</summary>
    /// <remarks>Doubles: four rows of 4, two unpacks and two lane swaps per pair. Floats: eight rows of 4, row i and
    /// i + 4 loaded into the two halves of one vector, then the 4 × 4 turn of each half (two unpacks and two
    /// shuffles per pair). Two shuffles per value either way.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Turn(T* a0, int k, int p, out Vector256<T> v0, out Vector256<T> v1, out Vector256<T> v2, out Vector256<T> v3)
    {
        if (typeof(T) == typeof(double))
        {
            double* a = (double*)a0;
            var r0 = Vector256.Load(a + p); var r1 = Vector256.Load(a + k + p);
            var r2 = Vector256.Load(a + 2L * k + p); var r3 = Vector256.Load(a + 3L * k + p);
            var lo01 = Avx.UnpackLow(r0, r1); var hi01 = Avx.UnpackHigh(r0, r1);
            var lo23 = Avx.UnpackLow(r2, r3); var hi23 = Avx.UnpackHigh(r2, r3);
            v0 = Avx.Permute2x128(lo01, lo23, 0x20).As<double, T>(); v1 = Avx.Permute2x128(hi01, hi23, 0x20).As<double, T>();
            v2 = Avx.Permute2x128(lo01, lo23, 0x31).As<double, T>(); v3 = Avx.Permute2x128(hi01, hi23, 0x31).As<double, T>();
        }
        else
        {
            float* a = (float*)a0;
            var r0 = Vector256.Create(Vector128.Load(a + p), Vector128.Load(a + 4L * k + p));
            var r1 = Vector256.Create(Vector128.Load(a + k + p), Vector128.Load(a + 5L * k + p));
            var r2 = Vector256.Create(Vector128.Load(a + 2L * k + p), Vector128.Load(a + 6L * k + p));
            var r3 = Vector256.Create(Vector128.Load(a + 3L * k + p), Vector128.Load(a + 7L * k + p));
            var lo01 = Avx.UnpackLow(r0, r1); var hi01 = Avx.UnpackHigh(r0, r1);
            var lo23 = Avx.UnpackLow(r2, r3); var hi23 = Avx.UnpackHigh(r2, r3);
            v0 = Avx.Shuffle(lo01, lo23, 0x44).As<float, T>(); v1 = Avx.Shuffle(lo01, lo23, 0xEE).As<float, T>();
            v2 = Avx.Shuffle(hi01, hi23, 0x44).As<float, T>(); v3 = Avx.Shuffle(hi01, hi23, 0xEE).As<float, T>();
        }
    }

    /// <summary>Term p of the <see cref="Lanes"/> columns a0, a0 + k, … of a, gathered one by one (the last k mod 4
    /// terms).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> GatherColumns(T* a0, int k, int p)
    {
        if (typeof(T) == typeof(double))
        {
            double* a = (double*)a0;
            return Vector256.Create(a[p], a[k + p], a[2L * k + p], a[3L * k + p]).As<double, T>();
        }
        float* f = (float*)a0;
        return Vector256.Create(f[p], f[k + p], f[2L * k + p], f[3L * k + p], f[4L * k + p], f[5L * k + p], f[6L * k + p], f[7L * k + p])
            .As<float, T>();
    }

    /// <summary>s ← fma(v_q, b[p + q], s) for q = 0..3, in that order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Terms4(Vector256<T> v0, Vector256<T> v1, Vector256<T> v2, Vector256<T> v3, T* b, Vector256<T> s) =>
        MulAdd(v3, Vector256.Create(b[3]), MulAdd(v2, Vector256.Create(b[2]), MulAdd(v1, Vector256.Create(b[1]), MulAdd(v0, Vector256.Create(b[0]), s))));

    /// <summary>One column (n = 1, one sample's Wᵀ·δ) over the rows of whole strips, two strips (4 vectors) side by
    /// side: each row's chain of k dependent multiply-adds is long, and four of them in flight keep the multipliers
    /// busy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TurnedColumn(T* a, int k, int m, T* b, T* c)
    {
        int l = Lanes, strips = m - m % Mr, i = 0;
        for (; i + 4 * l <= strips; i += 4 * l)
        {
            T* a0 = a + (long)i * k, a1 = a0 + (long)l * k, a2 = a1 + (long)l * k, a3 = a2 + (long)l * k;
            var s0 = Vector256<T>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
            int p = 0;
            for (; p + 4 <= k; p += 4)
            {
                Turn(a0, k, p, out var u0, out var u1, out var u2, out var u3); s0 = Terms4(u0, u1, u2, u3, b + p, s0);
                Turn(a1, k, p, out u0, out u1, out u2, out u3); s1 = Terms4(u0, u1, u2, u3, b + p, s1);
                Turn(a2, k, p, out u0, out u1, out u2, out u3); s2 = Terms4(u0, u1, u2, u3, b + p, s2);
                Turn(a3, k, p, out u0, out u1, out u2, out u3); s3 = Terms4(u0, u1, u2, u3, b + p, s3);
            }
            for (; p < k; p++)
            {
                var x = Vector256.Create(b[p]);
                s0 = MulAdd(GatherColumns(a0, k, p), x, s0); s1 = MulAdd(GatherColumns(a1, k, p), x, s1);
                s2 = MulAdd(GatherColumns(a2, k, p), x, s2); s3 = MulAdd(GatherColumns(a3, k, p), x, s3);
            }
            s0.Store(c + i); s1.Store(c + i + l); s2.Store(c + i + 2 * l); s3.Store(c + i + 3 * l);
        }
        if (i < strips) TurnedStrip(a + (long)i * k, k, m, b, 1, c + i);
    }

    /// <summary>Two or three columns over the rows of whole strips, one strip at a time: each turned block serves
    /// every column before the next four terms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TurnedColumns(T* a, int k, int m, T* b, int n, T* c)
    {
        int strips = m - m % Mr;
        for (int i = 0; i < strips; i += Mr) TurnedStrip(a + (long)i * k, k, m, b, n, c + i);
    }

    /// <summary>One strip (columns a .. a + (mr − 1)·k of a) against columns [0, n) of b, n ≤ 3.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TurnedStrip(T* a, int k, int m, T* b, int n, T* c)
    {
        int l = Lanes;
        T* ah = a + (long)l * k;
        T* b1 = b + (n > 1 ? k : 0), b2 = b + (n > 2 ? 2L * k : 0);
        var s00 = Vector256<T>.Zero; var s10 = s00; var s01 = s00; var s11 = s00; var s02 = s00; var s12 = s00;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            Turn(a, k, p, out var u0, out var u1, out var u2, out var u3);
            Turn(ah, k, p, out var w0, out var w1, out var w2, out var w3);
            s00 = Terms4(u0, u1, u2, u3, b + p, s00); s10 = Terms4(w0, w1, w2, w3, b + p, s10);
            if (n > 1) { s01 = Terms4(u0, u1, u2, u3, b1 + p, s01); s11 = Terms4(w0, w1, w2, w3, b1 + p, s11); }
            if (n > 2) { s02 = Terms4(u0, u1, u2, u3, b2 + p, s02); s12 = Terms4(w0, w1, w2, w3, b2 + p, s12); }
        }
        for (; p < k; p++)
        {
            var u = GatherColumns(a, k, p); var w = GatherColumns(ah, k, p);
            var x = Vector256.Create(b[p]);
            s00 = MulAdd(u, x, s00); s10 = MulAdd(w, x, s10);
            if (n > 1) { x = Vector256.Create(b1[p]); s01 = MulAdd(u, x, s01); s11 = MulAdd(w, x, s11); }
            if (n > 2) { x = Vector256.Create(b2[p]); s02 = MulAdd(u, x, s02); s12 = MulAdd(w, x, s12); }
        }
        s00.Store(c); s10.Store(c + l);
        if (n > 1) { s01.Store(c + m); s11.Store(c + m + l); }
        if (n > 2) { s02.Store(c + 2L * m); s12.Store(c + 2L * m + l); }
    }

    /// <summary>One vector of rows left over after the strips (floats: columns a .. a + 7·k of a) against columns
    /// [0, n) of b, n ≤ 3, fused as <see cref="VectorStrip"/> sums them on the copied Aᵀ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TurnedVector(T* a, int k, int m, T* b, int n, T* c)
    {
        T* b1 = b + (n > 1 ? k : 0), b2 = b + (n > 2 ? 2L * k : 0);
        var s0 = Vector256<T>.Zero; var s1 = s0; var s2 = s0;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            Turn(a, k, p, out var u0, out var u1, out var u2, out var u3);
            s0 = Terms4(u0, u1, u2, u3, b + p, s0);
            if (n > 1) s1 = Terms4(u0, u1, u2, u3, b1 + p, s1);
            if (n > 2) s2 = Terms4(u0, u1, u2, u3, b2 + p, s2);
        }
        for (; p < k; p++)
        {
            var u = GatherColumns(a, k, p);
            s0 = MulAdd(u, Vector256.Create(b[p]), s0);
            if (n > 1) s1 = MulAdd(u, Vector256.Create(b1[p]), s1);
            if (n > 2) s2 = MulAdd(u, Vector256.Create(b2[p]), s2);
        }
        s0.Store(c);
        if (n > 1) s1.Store(c + m);
        if (n > 2) s2.Store(c + 2L * m);
    }

    /// <summary>Rows [r0, m) of c = aᵀ·b: plain sums in order from zero, as <see cref="RemainderRows"/> adds them;
    /// four rows side by side, so that four independent sums are in flight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PlainRows(T* a, int k, int m, int r0, T* b, int n, T* c)
    {
        for (int j = 0; j < n; j++)
        {
            T* bj = b + (long)j * k, cj = c + (long)j * m;
            int i = r0;
            for (; i + 4 <= m; i += 4)
            {
                T* a0 = a + (long)i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
                T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = bj[p];
                    s0 += a0[p] * x; s1 += a1[p] * x; s2 += a2[p] * x; s3 += a3[p] * x;
                }
                cj[i] = s0; cj[i + 1] = s1; cj[i + 2] = s2; cj[i + 3] = s3;
            }
            for (; i < m; i++)
            {
                T* ai = a + (long)i * k;
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += ai[p] * bj[p];
                cj[i] = s;
            }
        }
    }
}
