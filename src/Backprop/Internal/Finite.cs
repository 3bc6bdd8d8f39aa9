using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backprop.Internal;

/// <summary>
/// The finite-value rules, with their one set of messages. Inputs and targets are checked when they arrive
/// (<see cref="ArgumentException"/>); parameters when they are set and after every update; a step's loss and
/// gradients before any weight changes (<see cref="TrainingDivergedException"/>).
/// </summary>
internal static class Finite
{
    /// <summary>Throws <see cref="ArgumentException"/> when a column-major block holds a NaN or an infinity,
    /// naming its [row, column].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block<T>(ReadOnlySpan<T> columnMajor, int rows, string what, string paramName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = Kernels.FirstNonFinite(columnMajor);
        if (i >= 0) ThrowArgument(columnMajor[i], what + At(i, rows), paramName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a vector holds a NaN or an infinity, naming its index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Values<T>(ReadOnlySpan<T> values, string what, string paramName) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = Kernels.FirstNonFinite(values);
        if (i >= 0) ThrowArgument(values[i], what + At(i), paramName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when one value is NaN or infinite.</summary>
    public static void Value(double value, string what, string paramName)
    {
        if (!double.IsFinite(value)) ThrowArgument(value, what, paramName);
    }

    /// <summary>Throws <see cref="TrainingDivergedException"/> when the loss is not finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Loss(double loss, int? epoch, int? batch)
    {
        if (!double.IsFinite(loss)) throw new TrainingDivergedException($"The loss is {Describe(loss)}", epoch, batch);
    }

    /// <summary>Throws <see cref="TrainingDivergedException"/> naming the first non-finite ∂E/∂W or ∂E/∂b of a
    /// layer; the step that met it changes no weight.</summary>
    [DoesNotReturn]
    public static void ThrowGradient(int layer, int rows, ReadOnlySpan<double> weightGradient, ReadOnlySpan<double> biasGradient,
        int? epoch, int? batch)
    {
        int i = Kernels.FirstNonFinite(weightGradient);
        if (i >= 0)
            throw new TrainingDivergedException(
                $"∂E/∂W{At(i, rows)} of layers[{layer}] is {Describe(weightGradient[i])}", epoch, batch);
        i = Kernels.FirstNonFinite(biasGradient);
        throw new TrainingDivergedException(
            $"∂E/∂b{At(Math.Max(i, 0))} of layers[{layer}] is {Describe(i >= 0 ? biasGradient[i] : double.NaN)}", epoch, batch);
    }

    /// <summary>What an update that overflowed a parameter left behind, e.g. "layers[0].Weights[1, 2] is +∞".</summary>
    public static string? FirstNonFiniteParameter(IReadOnlyList<DenseLayer> layers)
    {
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            int i = Kernels.FirstNonFinite(layer.W);
            if (i >= 0) return $"layers[{l}].Weights{At(i, layer.OutputSize)} is {Describe(layer.W[i])}";
            i = Kernels.FirstNonFinite(layer.B);
            if (i >= 0) return $"layers[{l}].Bias{At(i)} is {Describe(layer.B[i])}";
        }
        return null;
    }

    /// <summary>A value as the messages print it: NaN, +∞, −∞ or its round-trip digits.</summary>
    public static string Describe(double x) =>
        double.IsNaN(x) ? "NaN" : double.IsPositiveInfinity(x) ? "+∞" : double.IsNegativeInfinity(x) ? "−∞" : x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A value of either precision as the messages print it: NaN, +∞, −∞ or its round-trip digits in its own
    /// precision (0.1f prints as 0.1).</summary>
    public static string Describe<T>(T x) where T : IFloatingPointIeee754<T> =>
        T.IsNaN(x) ? "NaN" : T.IsPositiveInfinity(x) ? "+∞" : T.IsNegativeInfinity(x) ? "−∞" : x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>"[row, column]" of column-major index <paramref name="i"/>.</summary>
    public static string At(int i, int rows) => string.Create(CultureInfo.InvariantCulture, $"[{i % rows}, {i / rows}]");

    /// <summary>"[i]".</summary>
    public static string At(int i) => string.Create(CultureInfo.InvariantCulture, $"[{i}]");

    // Apart from the checks above so that they inline: they run on every step.
    [DoesNotReturn]
    private static void ThrowArgument<T>(T value, string what, string paramName) where T : IFloatingPointIeee754<T> =>
        throw new ArgumentException($"{what} is {Describe(value)}; every value must be finite.", paramName);
}
