using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Internal;

/// <summary>
/// The few places the generic core needs to know its element type: the <see cref="Precision"/> of a T, and the
/// conversions between the two precisions (widening exact, narrowing to nearest). The branches on typeof(T) fold
/// away in each instantiation.
/// </summary>
internal static class Precisions
{
    /// <summary>The precision of <typeparamref name="T"/> (double or float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Precision Of<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? Precision.Float32 : Precision.Float64;

    /// <summary>How messages name a precision: float64 or float32.</summary>
    public static string Name(Precision precision) => precision == Precision.Float32 ? "float32" : "float64";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a value that is not a defined precision.</summary>
    public static Precision Checked(Precision precision, string paramName) => Enum.IsDefined(precision)
        ? precision
        : throw new ArgumentOutOfRangeException(paramName, precision,
            string.Create(CultureInfo.InvariantCulture, $"{paramName} must be Precision.Float64 or Precision.Float32; got {(int)precision}."));

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/>, each value converted to
    /// the nearest value of <typeparamref name="TTo"/> (exact from float to double; a plain copy when the types agree).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Convert<TFrom, TTo>(ReadOnlySpan<TFrom> source, Span<TTo> destination)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
        where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        if (typeof(TFrom) == typeof(TTo))
        {
            MemoryMarshal.Cast<TFrom, TTo>(source).CopyTo(destination);
            return;
        }
        if (typeof(TFrom) == typeof(double) && typeof(TTo) == typeof(float))
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<double, float>(MemoryMarshal.Cast<TFrom, double>(source), MemoryMarshal.Cast<TTo, float>(destination));
            return;
        }
        if (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(double))
        {
            System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<float, double>(MemoryMarshal.Cast<TFrom, float>(source), MemoryMarshal.Cast<TTo, double>(destination));
            return;
        }
        for (int i = 0; i < source.Length; i++) destination[i] = TTo.CreateTruncating(source[i]);
    }

    /// <summary>A new array of <paramref name="source"/> converted to <typeparamref name="TTo"/>; the array itself
    /// when the types agree.</summary>
    public static TTo[] ToArray<TFrom, TTo>(TFrom[] source)
        where TFrom : unmanaged, IFloatingPointIeee754<TFrom>
        where TTo : unmanaged, IFloatingPointIeee754<TTo>
    {
        if (typeof(TFrom) == typeof(TTo)) return Unsafe.As<TTo[]>(source);
        var result = new TTo[source.Length];
        Convert<TFrom, TTo>(source, result);
        return result;
    }

    /// <summary>A buffer of at least <paramref name="length"/> values from the shared pool, for the conversions of
    /// a call; give it back with <see cref="Return{T}"/>.</summary>
    public static T[] Rent<T>(int length) => ArrayPool<T>.Shared.Rent(length);

    /// <summary>Gives back a buffer of <see cref="Rent{T}"/>.</summary>
    public static void Return<T>(T[] buffer) => ArrayPool<T>.Shared.Return(buffer);
}
