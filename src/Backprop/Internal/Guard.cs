using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Internal;

/// <summary>Argument checks shared by the public API; every message names what is wrong and where. The
/// finite-value rules are in <see cref="Finite"/>.</summary>
internal static class Guard
{
    public static string Shape(int rows, int columns) =>
        string.Create(CultureInfo.InvariantCulture, $"{rows}×{columns}");

    public static string Shape<T>(Matrix<T> m) where T : struct, IEquatable<T>, IFormattable => Shape(m.RowCount, m.ColumnCount);

    public static string Describe(double x) => Finite.Describe(x);

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
