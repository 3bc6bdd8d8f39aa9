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
}
