namespace Backprop;

/// <summary>The rectifier: out = max(0, net); dout/dnet = 1 for net &gt; 0, else 0 (0 at net = 0).</summary>
public sealed class ReLU : ElementwiseActivation
{
    /// <inheritdoc />
    public override string Name => "relu";

    /// <inheritdoc />
    public override double Apply(double net) => net > 0 ? net : 0.0;

    /// <inheritdoc />
    public override double Derivative(double net, double output) => net > 0 ? 1.0 : 0.0;
}
