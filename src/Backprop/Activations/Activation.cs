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

    /// <summary>The hyperbolic tangent, out = tanh(net), with dout/dnet = 1 − out².</summary>
    public static Activation Tanh { get; } = new Tanh();

    /// <summary>The rectifier, out = max(0, net).</summary>
    public static Activation ReLU { get; } = new ReLU();

    /// <summary>The leaky rectifier with α = 0.01: out = net for net &gt; 0, else 0.01·net.</summary>
    public static Activation LeakyReLU { get; } = new LeakyReLU();

    /// <summary>The softmax over a sample's neurons (numerically stable form).</summary>
    public static Activation Softmax { get; } = new Softmax();

    /// <summary>The activations by <see cref="Name"/>: sigmoid, tanh, relu, leaky-relu, identity, softmax.</summary>
    public static IReadOnlyList<Activation> All { get; } = [Sigmoid, Tanh, ReLU, LeakyReLU, Identity, Softmax];

    /// <summary>Finds an activation by its name (case-insensitive): sigmoid, tanh, relu, leaky-relu, identity, softmax.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="ArgumentException">No activation has that name; the message lists the names.</exception>
    public static Activation Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(a => string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown activation '{name}'; use one of: {string.Join(", ", All.Select(a => a.Name))}.", nameof(name));
    }

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
