namespace Backprop;

/// <summary>
/// A layer's activation: out = f(net), applied to a block of <c>neurons</c> × batch values stored column by column
/// (one sample per column), and its backward form δ = ∂E/∂net from ∂E/∂out.
/// </summary>
/// <remarks>
/// Element-wise activations derive from <see cref="ElementwiseActivation"/>. The column-block signature also serves
/// activations that mix a sample's neurons, whose Jacobian is not diagonal.
/// </remarks>
public abstract class Activation
{
    /// <summary>The logistic sigmoid, out = 1 / (1 + e^(−net)), with dout/dnet = out·(1 − out).</summary>
    public static Activation Sigmoid { get; } = new Sigmoid();

    /// <summary>The identity, out = net, with dout/dnet = 1 (a linear layer).</summary>
    public static Activation Identity { get; } = new Identity();

    /// <summary>A short lower-case name, such as <c>sigmoid</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Computes out = f(net) for every sample (column) of the block.</summary>
    /// <param name="net">The weighted sums, <paramref name="neurons"/> values per sample.</param>
    /// <param name="output">Receives the activations; the same length as <paramref name="net"/>.</param>
    /// <param name="neurons">The number of neurons in the layer (the column length).</param>
    public abstract void Forward(ReadOnlySpan<double> net, Span<double> output, int neurons);

    /// <summary>Computes δ = ∂E/∂net = (∂out/∂net)ᵀ · ∂E/∂out for every sample (column) of the block.</summary>
    /// <param name="net">The weighted sums of the forward pass.</param>
    /// <param name="output">The activations of the forward pass.</param>
    /// <param name="outputGradient">∂E/∂out for each neuron and sample.</param>
    /// <param name="delta">Receives δ = ∂E/∂net.</param>
    /// <param name="neurons">The number of neurons in the layer (the column length).</param>
    public abstract void Backward(ReadOnlySpan<double> net, ReadOnlySpan<double> output,
        ReadOnlySpan<double> outputGradient, Span<double> delta, int neurons);

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
