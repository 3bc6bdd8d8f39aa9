using System.Numerics;

namespace Backprop;

/// <summary>
/// E = (1/K) Σ_k (target_k − out_k)² for each sample of K outputs; ∂E/∂out_k = 2(out_k − target_k)/K.
/// Pairs with any output activation (usually the identity, for regression).
/// </summary>
public sealed class MeanSquaredError : Loss
{
    /// <inheritdoc />
    public override string Name => "mse";

    /// <inheritdoc />
    public override void Terms(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> terms, int outputs)
    {
        double k = outputs;
        for (int i = 0; i < output.Length; i++)
        {
            double e = target[i] - output[i];
            terms[i] = e * e / k;
        }
    }

    /// <inheritdoc />
    public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs) => ValueOf(output, target, outputs);

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs) =>
        GradientOf(output, target, gradient, outputs);

    /// <inheritdoc />
    /// <remarks>Summed in double, each float widened exactly.</remarks>
    public override double Value(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs) => ValueOf(output, target, outputs);

    /// <inheritdoc />
    /// <remarks>In float, with 2/K rounded to a float.</remarks>
    public override void Gradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int outputs) =>
        GradientOf(output, target, gradient, outputs);

    private static double ValueOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double k = outputs, sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double e = double.CreateTruncating(target[i]) - double.CreateTruncating(output[i]);
            sum += e * e / k;
        }
        return sum;
    }

    private static void GradientOf<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> gradient, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateTruncating(2.0 / outputs);
        for (int i = 0; i < output.Length; i++) gradient[i] = scale * (output[i] - target[i]);
    }
}
