using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Internal;

/// <summary>Argument checks shared by the public API; every message names what is wrong and where.</summary>
internal static class Guard
{
    public static string Shape(int rows, int columns) =>
        string.Create(CultureInfo.InvariantCulture, $"{rows}×{columns}");

    public static string Shape<T>(Matrix<T> m) where T : struct, IEquatable<T>, IFormattable => Shape(m.RowCount, m.ColumnCount);

    /// <summary>Throws when a column-major block holds a NaN or an infinity, naming its [row, column].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Finite(ReadOnlySpan<double> columnMajor, int rows, string what, string paramName)
    {
        int i = Kernels.FirstNonFinite(columnMajor);
        if (i >= 0) ThrowNotFinite(columnMajor[i], what, string.Create(CultureInfo.InvariantCulture, $"[{i % rows}, {i / rows}]"), paramName);
    }

    /// <summary>Throws when a vector holds a NaN or an infinity, naming its index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Finite(ReadOnlySpan<double> values, string what, string paramName)
    {
        int i = Kernels.FirstNonFinite(values);
        if (i >= 0) ThrowNotFinite(values[i], what, string.Create(CultureInfo.InvariantCulture, $"[{i}]"), paramName);
    }

    // Apart from the checks above so that they inline: they run on every step.
    [DoesNotReturn]
    private static void ThrowNotFinite(double value, string what, string where, string paramName) =>
        throw new ArgumentException($"{what}{where} is {Describe(value)}; every value must be finite.", paramName);

    public static string Describe(double x) =>
        double.IsNaN(x) ? "NaN" : double.IsPositiveInfinity(x) ? "+∞" : double.IsNegativeInfinity(x) ? "−∞" : x.ToString("R", CultureInfo.InvariantCulture);

    public static void PositiveFinite(double value, string paramName)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(paramName, value,
                $"{paramName} must be a positive finite number; got {Describe(value)}.");
    }

    public static void AtLeast(int value, int minimum, string paramName)
    {
        if (value < minimum)
            throw new ArgumentOutOfRangeException(paramName, value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be at least {minimum}; got {value}."));
    }

    public static T NotNull<T>(T? value, string paramName) where T : class =>
        value ?? throw new ArgumentNullException(paramName);
}
