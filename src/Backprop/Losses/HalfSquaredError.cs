using System.Numerics;

namespace Backprop;

/// <summary>
/// E = Σ ½(target − out)², the blog's E_total; ∂E/∂out = out − target. Pairs with any output activation; with
/// the sigmoid it is the loss of the worked example.
/// </summary>
/// <remarks>Brownlee's tutorial prints Σ (target − out)², without the ½: twice this value.</remarks>
public sealed class HalfSquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "half-squared-error";

    /// <inheritdoc />
    public override void Terms(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> terms, int outputs)
    {
        for (int i = 0; i < output.Length; i++)
        {
            double e = target[i] - output[i];
            terms[i] = 0.5 * e * e;
        }
    }

    /// <inheritdoc />
    public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs) => ValueOf(output, target);

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs) =>
        GradientOf(output, target, gradient);

    /// <inheritdoc />
    /// <remarks>Summed in double, each float widened exactly.</remarks>
    public override double Value(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs) => ValueOf(output, target);

    /// <inheritdoc />
    /// <remarks>out − target in float.</remarks>
    public override void Gradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int outputs) =>
        GradientOf(output, target, gradient);

    private static double ValueOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double e = double.CreateTruncating(target[i]) - double.CreateTruncating(output[i]);
            sum += 0.5 * e * e;
        }
        return sum;
    }

    private static void GradientOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < output.Length; i++) gradient[i] = output[i] - target[i];
    }
}
