namespace Backprop;

/// <summary>The identity: out = net; dout/dnet = 1. A layer with it is linear.</summary>
public sealed class Identity : ElementwiseActivation
{
    /// <inheritdoc />
    public override string Name => "identity";

    /// <inheritdoc />
    public override double Apply(double net) => net;

    /// <inheritdoc />
    public override double Derivative(double net, double output) => 1.0;
}
