namespace Backprop;

/// <summary>The logistic sigmoid: out = 1 / (1 + e^(−net)); dout/dnet = out·(1 − out).</summary>
public sealed class Sigmoid : ElementwiseActivation
{
    /// <inheritdoc />
    public override string Name => "sigmoid";

    /// <inheritdoc />
    public override double Apply(double net) => Internal.VectorMath.Sigmoid(net);

    /// <inheritdoc />
    public override double Derivative(double net, double output) => output * (1.0 - output);

    /// <inheritdoc />
    /// <remarks>Every value, in a block of any length and at any position, and <see cref="Apply"/> for one value,
    /// take the same vectorised exponential (within one unit in the last place of <see cref="Math.Exp"/>), so a
    /// sample's outputs do not depend on the batch it goes in.</remarks>
    public override void Forward(ReadOnlySpan<double> net, Span<double> output, int neurons) =>
        Internal.VectorMath.Sigmoid(net, output[..net.Length]);

    /// <inheritdoc />
    /// <remarks>out·(1 − out) and the product with ∂E/∂out round as written, in a vector or not alike.</remarks>
    public override void Backward(ReadOnlySpan<double> net, ReadOnlySpan<double> output,
        ReadOnlySpan<double> outputGradient, Span<double> delta, int neurons) =>
        BackwardOf(net, output, outputGradient, delta);

    /// <inheritdoc />
    /// <remarks>The float32 sigmoid of eight lanes (within 2.5 ulps of the exact value), every value alike.</remarks>
    public override void Forward(ReadOnlySpan<float> net, Span<float> output, int neurons) =>
        Internal.VectorMath.Sigmoid(net, output[..net.Length]);

    /// <inheritdoc />
    /// <remarks>out·(1 − out) and the product with ∂E/∂out in float, rounded as written.</remarks>
    public override void Backward(ReadOnlySpan<float> net, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> delta, int neurons) =>
        BackwardOf(net, output, outputGradient, delta);

    /// <summary>δ = ∂E/∂out · out·(1 − out), of either precision.</summary>
    private static void BackwardOf<T>(ReadOnlySpan<T> net, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> delta)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (net.Length >= 16) Internal.VectorMath.SigmoidDelta(output[..net.Length], outputGradient[..net.Length], delta[..net.Length]);
        else for (int i = 0; i < net.Length; i++) delta[i] = outputGradient[i] * (output[i] * (T.One - output[i]));
    }
}
