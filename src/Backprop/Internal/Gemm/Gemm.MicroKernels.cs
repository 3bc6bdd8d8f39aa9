using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

// Micro-kernels: register tiles of one strip (mr = 2 vectors: 8 doubles or 16 floats; nr = 6, 4, 2, 1 columns),
// each element summed c ← fma(a, b, c) over the terms in order, so that a tile's width never changes an element's
// rounding. Below them the operations the BCL offers per element type only, chosen by typeof(T), which the JIT
// folds away in each instantiation.
internal static unsafe partial class Gemm<T>
{
    /// <summary>A tile's starting value: zero for a fresh product, else what c holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Start(T* c, bool fresh) => fresh ? Vector256<T>.Zero : Vector256.Load(c);

    /// <summary>x·y + z, fused (one rounding) where the processor has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> MulAdd(Vector256<T> x, Vector256<T> y, Vector256<T> z)
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(double)) return Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        }
        return x * y + z;
    }

    /// <summary>c[mr×6] += A·B over kc terms: term p of A at a + p·lda, B[p, j] at b[p·sp + j·sj].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6(T* a, int lda, T* b, int sp, int sj, int kc, T* c, int ldc, bool fresh)
    {
        long j1 = sj, j2 = 2L * sj, j3 = 3L * sj, j4 = 4L * sj, j5 = 5L * sj;
        T* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc, c4 = c3 + ldc, c5 = c4 + ldc;
        var c00 = Start(c0, fresh); var c01 = Start(c0 + Lanes, fresh);
        var c10 = Start(c1, fresh); var c11 = Start(c1 + Lanes, fresh);
        var c20 = Start(c2, fresh); var c21 = Start(c2 + Lanes, fresh);
        var c30 = Start(c3, fresh); var c31 = Start(c3 + Lanes, fresh);
        var c40 = Start(c4, fresh); var c41 = Start(c4 + Lanes, fresh);
        var c50 = Start(c5, fresh); var c51 = Start(c5 + Lanes, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + Lanes);
            var x = Vector256.Create(b[0]);
            c00 = MulAdd(a0, x, c00); c01 = MulAdd(a1, x, c01);
            x = Vector256.Create(b[j1]);
            c10 = MulAdd(a0, x, c10); c11 = MulAdd(a1, x, c11);
            x = Vector256.Create(b[j2]);
            c20 = MulAdd(a0, x, c20); c21 = MulAdd(a1, x, c21);
            x = Vector256.Create(b[j3]);
            c30 = MulAdd(a0, x, c30); c31 = MulAdd(a1, x, c31);
            x = Vector256.Create(b[j4]);
            c40 = MulAdd(a0, x, c40); c41 = MulAdd(a1, x, c41);
            x = Vector256.Create(b[j5]);
            c50 = MulAdd(a0, x, c50); c51 = MulAdd(a1, x, c51);
        }
        c00.Store(c0); c01.Store(c0 + Lanes);
        c10.Store(c1); c11.Store(c1 + Lanes);
        c20.Store(c2); c21.Store(c2 + Lanes);
        c30.Store(c3); c31.Store(c3 + Lanes);
        c40.Store(c4); c41.Store(c4 + Lanes);
        c50.Store(c5); c51.Store(c5 + Lanes);
    }

    /// <summary>c[mr×4] += A·B over kc terms, strided as in <see cref="Tile6"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4(T* a, int lda, T* b, int sp, int sj, int kc, T* c, int ldc, bool fresh)
    {
        long j1 = sj, j2 = 2L * sj, j3 = 3L * sj;
        T* c0 = c, c1 = c + ldc, c2 = c1 + ldc, c3 = c2 + ldc;
        var c00 = Start(c0, fresh); var c01 = Start(c0 + Lanes, fresh);
        var c10 = Start(c1, fresh); var c11 = Start(c1 + Lanes, fresh);
        var c20 = Start(c2, fresh); var c21 = Start(c2 + Lanes, fresh);
        var c30 = Start(c3, fresh); var c31 = Start(c3 + Lanes, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + Lanes);
            var x = Vector256.Create(b[0]);
            c00 = MulAdd(a0, x, c00); c01 = MulAdd(a1, x, c01);
            x = Vector256.Create(b[j1]);
            c10 = MulAdd(a0, x, c10); c11 = MulAdd(a1, x, c11);
            x = Vector256.Create(b[j2]);
            c20 = MulAdd(a0, x, c20); c21 = MulAdd(a1, x, c21);
            x = Vector256.Create(b[j3]);
            c30 = MulAdd(a0, x, c30); c31 = MulAdd(a1, x, c31);
        }
        c00.Store(c0); c01.Store(c0 + Lanes);
        c10.Store(c1); c11.Store(c1 + Lanes);
        c20.Store(c2); c21.Store(c2 + Lanes);
        c30.Store(c3); c31.Store(c3 + Lanes);
    }

    /// <summary>c[mr×2] += A·B over kc terms, strided as in <see cref="Tile6"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2(T* a, int lda, T* b, int sp, int sj, int kc, T* c, int ldc, bool fresh)
    {
        T* c1 = c + ldc;
        var c00 = Start(c, fresh); var c01 = Start(c + Lanes, fresh);
        var c10 = Start(c1, fresh); var c11 = Start(c1 + Lanes, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sp)
        {
            var a0 = Vector256.Load(a);
            var a1 = Vector256.Load(a + Lanes);
            var x = Vector256.Create(b[0]);
            c00 = MulAdd(a0, x, c00); c01 = MulAdd(a1, x, c01);
            x = Vector256.Create(b[sj]);
            c10 = MulAdd(a0, x, c10); c11 = MulAdd(a1, x, c11);
        }
        c00.Store(c); c01.Store(c + Lanes);
        c10.Store(c1); c11.Store(c1 + Lanes);
    }

    /// <summary>c[mr] += a · b over kc terms, term p of a at a + p·lda and of b at b[p·sb].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1(T* a, int lda, T* b, int sb, int kc, T* c, bool fresh)
    {
        var c0 = Start(c, fresh);
        var c1 = Start(c + Lanes, fresh);
        for (int p = 0; p < kc; p++, a += lda, b += sb)
        {
            var x = Vector256.Create(b[0]);
            c0 = MulAdd(Vector256.Load(a), x, c0);
            c1 = MulAdd(Vector256.Load(a + Lanes), x, c1);
        }
        c0.Store(c);
        c1.Store(c + Lanes);
    }
}
