using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

// Dot-product kernels for Aᵀ·B: each sum in a vector's lanes (term p in lane p mod Lanes: 4 doubles, 8 floats), the
// lanes added as Vector256.Sum adds them, then the last k mod Lanes terms in order; four or one column of A against
// three, two or one of B, all rounding alike.
internal static unsafe partial class Gemm<T>
{
    /// <summary>
    /// The dot products of four consecutive columns of a (length k each) with three columns of b: c[0..4) from the
    /// first, c[ldc .. ldc + 4) from the second, c[2·ldc .. 2·ldc + 4) from the third. Each sum rounds exactly as in
    /// <see cref="Dot4"/>.
    /// </summary>
    /// <remarks>Twelve sums in flight, seven loads per twelve multiply-adds (four by two: eight and six), so that
    /// the multipliers, not the loads or the latency of a chain, set the pace.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x3(T* a, int k, T* b, T* c, int ldc)
    {
        var s00 = Vector256<T>.Zero; var s10 = s00; var s20 = s00; var s30 = s00;
        var s01 = s00; var s11 = s00; var s21 = s00; var s31 = s00;
        var s02 = s00; var s12 = s00; var s22 = s00; var s32 = s00;
        T* a0 = a, a1 = a + k, a2 = a1 + k, a3 = a2 + k, b1 = b + k, b2 = b1 + k;
        int p = 0;
        for (; p + Lanes <= k; p += Lanes)
        {
            var x0 = Vector256.Load(b + p);
            var x1 = Vector256.Load(b1 + p);
            var x2 = Vector256.Load(b2 + p);
            var v = Vector256.Load(a0 + p);
            s00 = MulAdd(v, x0, s00); s01 = MulAdd(v, x1, s01); s02 = MulAdd(v, x2, s02);
            v = Vector256.Load(a1 + p);
            s10 = MulAdd(v, x0, s10); s11 = MulAdd(v, x1, s11); s12 = MulAdd(v, x2, s12);
            v = Vector256.Load(a2 + p);
            s20 = MulAdd(v, x0, s20); s21 = MulAdd(v, x1, s21); s22 = MulAdd(v, x2, s22);
            v = Vector256.Load(a3 + p);
            s30 = MulAdd(v, x0, s30); s31 = MulAdd(v, x1, s31); s32 = MulAdd(v, x2, s32);
        }
        StoreSums4(s00, s10, s20, s30, c);
        StoreSums4(s01, s11, s21, s31, c + ldc);
        StoreSums4(s02, s12, s22, s32, c + 2L * ldc);
        if (p < k)
        {
            Tail4(a, k, p, b, c);
            Tail4(a, k, p, b1, c + ldc);
            Tail4(a, k, p, b2, c + 2L * ldc);
        }
    }

    /// <summary>The dot products of four consecutive columns of a with two columns of b, as <see cref="Dot4x3"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2(T* a, int k, T* b, T* c, int ldc)
    {
        var s00 = Vector256<T>.Zero; var s10 = s00; var s20 = s00; var s30 = s00;
        var s01 = s00; var s11 = s00; var s21 = s00; var s31 = s00;
        T* a0 = a, a1 = a + k, a2 = a1 + k, a3 = a2 + k, b1 = b + k;
        int p = 0;
        for (; p + Lanes <= k; p += Lanes)
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
        StoreSums4(s00, s10, s20, s30, c);
        StoreSums4(s01, s11, s21, s31, c + ldc);
        if (p < k)
        {
            Tail4(a, k, p, b, c);
            Tail4(a, k, p, b1, c + ldc);
        }
    }

    /// <summary>c[0..4) = the dot products of four consecutive columns of a (length k each) with b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4(T* a, int k, T* b, T* c)
    {
        var s0 = Vector256<T>.Zero; var s1 = s0; var s2 = s0; var s3 = s0;
        T* a0 = a, a1 = a + k, a2 = a1 + k, a3 = a2 + k;
        int p = 0;
        for (; p + Lanes <= k; p += Lanes)
        {
            var x = Vector256.Load(b + p);
            s0 = MulAdd(Vector256.Load(a0 + p), x, s0);
            s1 = MulAdd(Vector256.Load(a1 + p), x, s1);
            s2 = MulAdd(Vector256.Load(a2 + p), x, s2);
            s3 = MulAdd(Vector256.Load(a3 + p), x, s3);
        }
        StoreSums4(s0, s1, s2, s3, c);
        if (p < k) Tail4(a, k, p, b, c);
    }

    /// <summary>The dot product of one column of a with one of b (length k each), rounded as in <see cref="Dot4"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Dot1(T* a, T* b, int k)
    {
        var s = Vector256<T>.Zero;
        int p = 0;
        for (; p + Lanes <= k; p += Lanes) s = MulAdd(Vector256.Load(a + p), Vector256.Load(b + p), s);
        T r = Vector256.Sum(s);
        for (; p < k; p++) r += a[p] * b[p];
        return r;
    }

    /// <summary>c[0..4) += the terms [p, k) of four consecutive columns of a times b, in order, unfused.</summary>
    private static void Tail4(T* a, int k, int p, T* b, T* c)
    {
        T* a1 = a + k, a2 = a1 + k, a3 = a2 + k;
        T r0 = c[0], r1 = c[1], r2 = c[2], r3 = c[3];
        for (; p < k; p++)
        {
            T x = b[p];
            r0 += a[p] * x; r1 += a1[p] * x; r2 += a2[p] * x; r3 += a3[p] * x;
        }
        c[0] = r0; c[1] = r1; c[2] = r2; c[3] = r3;
    }

    /// <summary>c[0..4) = the lane sums of four vectors, each exactly <see cref="Vector256.Sum{T}"/> (the sum of
    /// the two halves' sums, each half's the sum of its pairs': ((v0 + v1) + (v2 + v3)) for doubles,
    /// ((v0 + v1) + (v2 + v3)) + ((v4 + v5) + (v6 + v7)) for floats), by horizontal adds shared among the four.</summary>
    /// <remarks>Four separate sums take some twenty shuffles and adds; shared, five or six.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreSums4(Vector256<T> s0, Vector256<T> s1, Vector256<T> s2, Vector256<T> s3, T* c)
    {
        if (Avx.IsSupported && typeof(T) == typeof(float))
        {
            // [s0 pairs, s1 pairs | …], then the pairs' pairs: lane q of each half holds half q's sum of s_q.
            var h = Avx.HorizontalAdd(Avx.HorizontalAdd(s0.AsSingle(), s1.AsSingle()), Avx.HorizontalAdd(s2.AsSingle(), s3.AsSingle()));
            (h.GetLower() + h.GetUpper()).Store((float*)c);
            return;
        }
        if (Avx.IsSupported && typeof(T) == typeof(double))
        {
            // [s0₀₁, s1₀₁, s0₂₃, s1₂₃] and the same of s2, s3; then the halves' sums side by side.
            var h01 = Avx.HorizontalAdd(s0.AsDouble(), s1.AsDouble());
            var h23 = Avx.HorizontalAdd(s2.AsDouble(), s3.AsDouble());
            var low = Avx.Permute2x128(h01, h23, 0x20);
            var high = Avx.Permute2x128(h01, h23, 0x31);
            (low + high).Store((double*)c);
            return;
        }
        c[0] = Vector256.Sum(s0); c[1] = Vector256.Sum(s1); c[2] = Vector256.Sum(s2); c[3] = Vector256.Sum(s3);
    }
}
