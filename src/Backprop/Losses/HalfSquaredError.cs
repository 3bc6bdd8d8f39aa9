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
    public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs)
    {
        double sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double e = target[i] - output[i];
            sum += 0.5 * e * e;
        }
        return sum;
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs)
    {
        for (int i = 0; i < output.Length; i++) gradient[i] = output[i] - target[i];
    }
}
