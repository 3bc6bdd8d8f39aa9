using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// Dot-product kernels for Aᵀ·B: each sum in a vector's lanes (term p in lane p mod Lanes: 4 doubles, 8 floats), the
// lanes added by Vector256.Sum, then the last k mod Lanes terms in order; four or one column of A against two or one
// of B, all rounding alike.
internal static unsafe partial class Gemm<T>
{
    /// <summary>
    /// The dot products of four consecutive columns of a (length k each) with two columns of b: c[0..4) from the
    /// first, c[ldc .. ldc + 4) from the second. Each sum rounds exactly as in <see cref="Dot4"/>.
    /// </summary>
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
        T r00 = Vector256.Sum(s00), r10 = Vector256.Sum(s10), r20 = Vector256.Sum(s20), r30 = Vector256.Sum(s30);
        T r01 = Vector256.Sum(s01), r11 = Vector256.Sum(s11), r21 = Vector256.Sum(s21), r31 = Vector256.Sum(s31);
        for (; p < k; p++)
        {
            T x0 = b[p], x1 = b1[p];
            r00 += a0[p] * x0; r10 += a1[p] * x0; r20 += a2[p] * x0; r30 += a3[p] * x0;
            r01 += a0[p] * x1; r11 += a1[p] * x1; r21 += a2[p] * x1; r31 += a3[p] * x1;
        }
        c[0] = r00; c[1] = r10; c[2] = r20; c[3] = r30;
        c[ldc] = r01; c[ldc + 1] = r11; c[ldc + 2] = r21; c[ldc + 3] = r31;
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
        T r0 = Vector256.Sum(s0), r1 = Vector256.Sum(s1), r2 = Vector256.Sum(s2), r3 = Vector256.Sum(s3);
        for (; p < k; p++)
        {
            T x = b[p];
            r0 += a0[p] * x; r1 += a1[p] * x; r2 += a2[p] * x; r3 += a3[p] * x;
        }
        c[0] = r0; c[1] = r1; c[2] = r2; c[3] = r3;
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
}
