namespace Backprop;

/// <summary>The hyperbolic tangent: out = tanh(net); dout/dnet = 1 − out².</summary>
public sealed class Tanh : ElementwiseActivation
{
    /// <inheritdoc />
    public override string Name => "tanh";

    /// <inheritdoc />
    public override double Apply(double net) => Math.Tanh(net);

    /// <inheritdoc />
    public override double Derivative(double net, double output) => 1.0 - output * output;
}
