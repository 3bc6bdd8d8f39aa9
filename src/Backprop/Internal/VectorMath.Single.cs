using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Backprop.Internal;

// The float32 forms of the block and one-value functions, and the generic entry points that pick the precision
// (typeof(T), folded by the JIT), so that a layer written over T calls one name. A float block goes eight values to
// a vector; its last 1 to 7 values through the same lanes, padded with zeros; one value through lane 0.
internal static partial class VectorMath
{
    /// <summary>e^x for one float, as any block computes it (see <see cref="Exp(Vector256{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Exp(float x) => Simd ? Exp(Vector256.CreateScalar(x)).ToScalar() : MathF.Exp(x);

    /// <summary>The sigmoid of one float, as any block computes it (see <see cref="Sigmoid(Vector256{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => Simd ? Sigmoid(Vector256.CreateScalar(x)).ToScalar() : SigmoidScalar(x);

    /// <summary>y = e^x element by element, float32 (<paramref name="y"/> may be <paramref name="x"/> itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<float> x, Span<float> y)
    {
        if (!Simd)
        {
            for (int i = 0; i < x.Length; i++) y[i] = MathF.Exp(x[i]);
            return;
        }
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y[..x.Length]);
        int j = 0;
        for (; j + 8 <= x.Length; j += 8) Exp(Vector256.LoadUnsafe(ref rx, (nuint)j)).StoreUnsafe(ref ry, (nuint)j);
        if (j < x.Length) StoreTail(Exp(LoadTail(ref Unsafe.Add(ref rx, j), x.Length - j)), ref Unsafe.Add(ref ry, j), x.Length - j);
    }

    /// <summary>y = the sigmoid of x element by element, float32 (see <see cref="Sigmoid(Vector256{float})"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y)
    {
        if (!Simd)
        {
            for (int i = 0; i < x.Length; i++) y[i] = SigmoidScalar(x[i]);
            return;
        }
        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y[..x.Length]);
        int j = 0;
        // Two vectors per step: one alone is a chain of some 20 dependent operations.
        for (; j + 16 <= x.Length; j += 16)
        {
            var s0 = Sigmoid(Vector256.LoadUnsafe(ref rx, (nuint)j));
            var s1 = Sigmoid(Vector256.LoadUnsafe(ref rx, (nuint)j + 8));
            s0.StoreUnsafe(ref ry, (nuint)j);
            s1.StoreUnsafe(ref ry, (nuint)j + 8);
        }
        for (; j + 8 <= x.Length; j += 8) Sigmoid(Vector256.LoadUnsafe(ref rx, (nuint)j)).StoreUnsafe(ref ry, (nuint)j);
        if (j < x.Length) StoreTail(Sigmoid(LoadTail(ref Unsafe.Add(ref rx, j), x.Length - j)), ref Unsafe.Add(ref ry, j), x.Length - j);
    }

    /// <summary>e^x of either precision, element by element: <see cref="Exp(ReadOnlySpan{double}, Span{double})"/>
    /// or <see cref="Exp(ReadOnlySpan{float}, Span{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) Exp(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y));
        else if (typeof(T) == typeof(float)) Exp(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y));
        else throw new NotSupportedException($"No exponential for {typeof(T).Name}.");
    }

    /// <summary>The sigmoid of either precision, element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) Sigmoid(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(y));
        else if (typeof(T) == typeof(float)) Sigmoid(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(y));
        else throw new NotSupportedException($"No sigmoid for {typeof(T).Name}.");
    }

    /// <summary>e^x for one value of either precision, as its blocks compute it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return Unsafe.BitCast<double, T>(Exp(Unsafe.BitCast<T, double>(x)));
        if (typeof(T) == typeof(float)) return Unsafe.BitCast<float, T>(Exp(Unsafe.BitCast<T, float>(x)));
        throw new NotSupportedException($"No exponential for {typeof(T).Name}.");
    }

    /// <summary>The sigmoid of one value of either precision, as its blocks compute it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return Unsafe.BitCast<double, T>(Sigmoid(Unsafe.BitCast<T, double>(x)));
        if (typeof(T) == typeof(float)) return Unsafe.BitCast<float, T>(Sigmoid(Unsafe.BitCast<T, float>(x)));
        throw new NotSupportedException($"No sigmoid for {typeof(T).Name}.");
    }

    /// <summary>The sigmoid's stable form, one float, for processors without AVX2 and FMA.</summary>
    private static float SigmoidScalar(float x)
    {
        float e = MathF.Exp(-MathF.Abs(x));
        return (x < 0 ? e : 1f) / (1f + e);
    }

    /// <summary>The last 1 to 7 floats of a block in the low lanes, zeros above; four at a time, then one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadTail(ref float x, int count) => count >= 4
        ? Vector256.Create(Vector128.LoadUnsafe(ref x), Quarter(ref Unsafe.Add(ref x, 4), count - 4))
        : Quarter(ref x, count).ToVector256();

    /// <summary>0 to 3 floats in the low lanes of a 128-bit vector, zeros above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Quarter(ref float x, int count) => count switch
    {
        0 => Vector128<float>.Zero,
        1 => Vector128.CreateScalar(x),
        2 => Vector128.Create(x, Unsafe.Add(ref x, 1), 0f, 0f),
        _ => Vector128.Create(x, Unsafe.Add(ref x, 1), Unsafe.Add(ref x, 2), 0f),
    };

    /// <summary>The low <paramref name="count"/> lanes (1 to 7) of <paramref name="v"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTail(Vector256<float> v, ref float y, int count)
    {
        int i = 0;
        if (count >= 4)
        {
            v.GetLower().StoreUnsafe(ref y);
            i = 4;
        }
        for (; i < count; i++) Unsafe.Add(ref y, i) = v.GetElement(i);
    }
}
