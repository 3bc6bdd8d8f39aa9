namespace Backprop;

/// <summary>The logistic sigmoid: out = 1 / (1 + e^(−net)); dout/dnet = out·(1 − out).</summary>
public sealed class Sigmoid : ElementwiseActivation
{
    /// <inheritdoc />
    public override string Name => "sigmoid";

    /// <inheritdoc />
    public override double Apply(double net) => 1.0 / (1.0 + Math.Exp(-net));

    /// <inheritdoc />
    public override double Derivative(double net, double output) => output * (1.0 - output);

    /// <inheritdoc />
    /// <remarks>Blocks of 16 values or more use a vectorised exponential (agreeing with <see cref="Math.Exp"/> to
    /// about one unit in the last place); smaller ones compute 1 / (1 + e^(−net)) exactly as written.</remarks>
    public override void Forward(ReadOnlySpan<double> net, Span<double> output, int neurons)
    {
        if (net.Length >= 16) Internal.VectorMath.Sigmoid(net, output[..net.Length]);
        else for (int i = 0; i < net.Length; i++) output[i] = 1.0 / (1.0 + Math.Exp(-net[i]));
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<double> net, ReadOnlySpan<double> output,
        ReadOnlySpan<double> outputGradient, Span<double> delta, int neurons)
    {
        if (net.Length >= 16) Internal.VectorMath.SigmoidDelta(output[..net.Length], outputGradient[..net.Length], delta[..net.Length]);
        else for (int i = 0; i < net.Length; i++) delta[i] = outputGradient[i] * (output[i] * (1.0 - output[i]));
    }
}
