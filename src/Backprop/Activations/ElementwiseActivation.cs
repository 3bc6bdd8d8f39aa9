namespace Backprop;

/// <summary>
/// An activation applied to each neuron on its own, out_j = f(net_j), so that δ_j = ∂E/∂out_j · f′(net_j).
/// </summary>
public abstract class ElementwiseActivation : Activation
{
    /// <summary>f(net).</summary>
    /// <param name="net">A neuron's weighted sum.</param>
    public abstract double Apply(double net);

    /// <summary>dout/dnet at a point, given both net and out = f(net) so that either form of the derivative can be used.</summary>
    /// <param name="net">A neuron's weighted sum.</param>
    /// <param name="output">f(net).</param>
    public abstract double Derivative(double net, double output);

    /// <inheritdoc />
    public override void Forward(ReadOnlySpan<double> net, Span<double> output, int neurons)
    {
        for (int i = 0; i < net.Length; i++) output[i] = Apply(net[i]);
    }

    /// <inheritdoc />
    public override void Backward(ReadOnlySpan<double> net, ReadOnlySpan<double> output,
        ReadOnlySpan<double> outputGradient, Span<double> delta, int neurons)
    {
        for (int i = 0; i < net.Length; i++) delta[i] = outputGradient[i] * Derivative(net[i], output[i]);
    }

    /// <inheritdoc />
    /// <remarks>Each value widened to a double, through <see cref="Apply"/>, and rounded to the nearest float.</remarks>
    public override void Forward(ReadOnlySpan<float> net, Span<float> output, int neurons)
    {
        for (int i = 0; i < net.Length; i++) output[i] = (float)Apply(net[i]);
    }

    /// <inheritdoc />
    /// <remarks>∂E/∂out · <see cref="Derivative"/> in double, rounded to the nearest float.</remarks>
    public override void Backward(ReadOnlySpan<float> net, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> delta, int neurons)
    {
        for (int i = 0; i < net.Length; i++) delta[i] = (float)(outputGradient[i] * Derivative(net[i], output[i]));
    }
}
