using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backprop.Internal;

/// <summary>
/// Elementary functions, the same for a block of any length and for one value: e^x and the sigmoid through the
/// vectorised exponential (see <see cref="Exp(Vector256{double})"/>), four values to a vector. A block's last one to
/// three values go through the same lanes, padded with zeros, and a single value through lane 0, so that a value
/// rounds alike at every position of every block. The float32 forms (VectorMath.Single.cs, VectorMath.ExpSingle.cs)
/// go eight values to a vector by the same rules, and generic entry points pick the precision from the element type.
/// </summary>
/// <remarks>Without AVX2 and FMA every value takes <see cref="Math.Exp"/> instead, again the same everywhere.</remarks>
internal static partial class VectorMath
{
    private static bool Simd => Vector256.IsHardwareAccelerated && Fma.IsSupported;

    /// <summary>e^x for one value, as any block computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x) => Simd ? Exp(Vector256.CreateScalar(x)).ToScalar() : Math.Exp(x);

    /// <summary>1 / (1 + e^(−x)) for one value, as any block computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => Simd ? Sigmoid(Vector256.CreateScalar(x)).ToScalar() : 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>y = e^x element by element (<paramref name="y"/> may be <paramref name="x"/> itself).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        if (!Simd)
        {
            for (int i = 0; i < x.Length; i++) y[i] = Math.Exp(x[i]);
            return;
        }
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y[..x.Length]);
        int j = 0;
        for (; j + 4 <= x.Length; j += 4) Exp(Vector256.LoadUnsafe(ref rx, (nuint)j)).StoreUnsafe(ref ry, (nuint)j);
        if (j < x.Length) StoreTail(Exp(LoadTail(ref Unsafe.Add(ref rx, j), x.Length - j)), ref Unsafe.Add(ref ry, j), x.Length - j);
    }

    /// <summary>y = 1 / (1 + e^(−x)) element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y)
    {
        if (!Simd)
        {
            for (int i = 0; i < x.Length; i++) y[i] = 1.0 / (1.0 + Math.Exp(-x[i]));
            return;
        }
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y[..x.Length]);
        int j = x.Length >= 16 ? Sigmoid16(ref rx, ref ry, x.Length) : 0;
        for (; j + 4 <= x.Length; j += 4) Sigmoid(Vector256.LoadUnsafe(ref rx, (nuint)j)).StoreUnsafe(ref ry, (nuint)j);
        if (j < x.Length) StoreTail(Sigmoid(LoadTail(ref Unsafe.Add(ref rx, j), x.Length - j)), ref Unsafe.Add(ref ry, j), x.Length - j);
    }

    /// <summary>δ = ∂E/∂out · (out·(1 − out)) element by element, either precision, rounded as written (no fused
    /// multiply-add, so the vector and the scalar steps round alike).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SigmoidDelta<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> delta)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Simd)
        {
            ref T o = ref MemoryMarshal.GetReference(output);
            ref T g = ref MemoryMarshal.GetReference(outputGradient[..output.Length]);
            ref T d = ref MemoryMarshal.GetReference(delta[..output.Length]);
            var one = Vector256.Create(T.One);
            for (; i + Vector256<T>.Count <= output.Length; i += Vector256<T>.Count)
            {
                var oi = Vector256.LoadUnsafe(ref o, (nuint)i);
                (Vector256.LoadUnsafe(ref g, (nuint)i) * (oi * (one - oi))).StoreUnsafe(ref d, (nuint)i);
            }
        }
        for (; i < output.Length; i++) delta[i] = outputGradient[i] * (output[i] * (T.One - output[i]));
    }

    /// <summary>The last 1 to 3 values of a block in the low lanes, zeros above. Loaded one by one: values just
    /// written one by one (a small layer's net) reach a vector load only after a store-forwarding stall.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LoadTail(ref double x, int count) => count switch
    {
        1 => Vector128.CreateScalar(x).ToVector256(),
        2 => Vector128.Create(x, Unsafe.Add(ref x, 1)).ToVector256(),
        _ => Vector256.Create(x, Unsafe.Add(ref x, 1), Unsafe.Add(ref x, 2), 0.0),
    };

    /// <summary>The low <paramref name="count"/> lanes (1 to 3) of <paramref name="v"/>, stored one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTail(Vector256<double> v, ref double y, int count)
    {
        y = v.ToScalar();
        if (count > 1) Unsafe.Add(ref y, 1) = v.GetElement(1);
        if (count > 2) Unsafe.Add(ref y, 2) = v.GetElement(2);
    }
}
