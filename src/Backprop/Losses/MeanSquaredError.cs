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
    public override double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs)
    {
        double k = outputs, sum = 0;
        for (int i = 0; i < output.Length; i++)
        {
            double e = target[i] - output[i];
            sum += e * e / k;
        }
        return sum;
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs)
    {
        double scale = 2.0 / outputs;
        for (int i = 0; i < output.Length; i++) gradient[i] = scale * (output[i] - target[i]);
    }
}
