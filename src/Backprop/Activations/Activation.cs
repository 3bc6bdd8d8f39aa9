namespace Backprop;

/// <summary>
/// A layer's activation: out = f(net), applied to a block of <c>neurons</c> × batch values stored column by column
/// (one sample per column), and its backward form δ = ∂E/∂net from ∂E/∂out.
/// </summary>
/// <remarks>
/// Element-wise activations derive from <see cref="ElementwiseActivation"/>. The column-block signature also serves
/// activations that mix a sample's neurons, whose Jacobian is not diagonal. Float32 networks call the float
/// overloads, whose base widens to double, calls the double methods and rounds back, so an activation of your own
/// needs only the double ones.
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

    /// <summary>Computes out = f(net) for a block of a float32 network. This base widens the floats to doubles
    /// (exactly), calls <see cref="Forward(ReadOnlySpan{double}, Span{double}, int)"/> and rounds each result to the
    /// nearest float, so an activation that overrides only the double methods works on float32 networks too; the
    /// built-in activations override it with float arithmetic of their own.</summary>
    /// <param name="net">The weighted sums, <paramref name="neurons"/> values per sample.</param>
    /// <param name="output">Receives the activations; the same length as <paramref name="net"/>.</param>
    /// <param name="neurons">The number of neurons in the layer (the column length).</param>
    public virtual void Forward(ReadOnlySpan<float> net, Span<float> output, int neurons)
    {
        int n = net.Length;
        double[] wideNet = Internal.Precisions.Rent<double>(n), wideOut = Internal.Precisions.Rent<double>(n);
        try
        {
            Internal.Precisions.Convert<float, double>(net, wideNet.AsSpan(0, n));
            Forward(wideNet.AsSpan(0, n), wideOut.AsSpan(0, n), neurons);
            Internal.Precisions.Convert<double, float>(wideOut.AsSpan(0, n), output[..n]);
        }
        finally
        {
            Internal.Precisions.Return(wideNet);
            Internal.Precisions.Return(wideOut);
        }
    }

    /// <summary>Computes δ = ∂E/∂net for a block of a float32 network. This base widens to doubles, calls
    /// <see cref="Backward(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int)"/> and
    /// rounds δ to the nearest float (see <see cref="Forward(ReadOnlySpan{float}, Span{float}, int)"/>).</summary>
    /// <param name="net">The weighted sums of the forward pass.</param>
    /// <param name="output">The activations of the forward pass.</param>
    /// <param name="outputGradient">∂E/∂out for each neuron and sample.</param>
    /// <param name="delta">Receives δ = ∂E/∂net.</param>
    /// <param name="neurons">The number of neurons in the layer (the column length).</param>
    public virtual void Backward(ReadOnlySpan<float> net, ReadOnlySpan<float> output,
        ReadOnlySpan<float> outputGradient, Span<float> delta, int neurons)
    {
        int n = net.Length;
        double[] wide = Internal.Precisions.Rent<double>(4 * n);
        try
        {
            var all = wide.AsSpan(0, 4 * n);
            Span<double> z = all[..n], o = all.Slice(n, n), g = all.Slice(2 * n, n), d = all.Slice(3 * n, n);
            Internal.Precisions.Convert<float, double>(net, z);
            Internal.Precisions.Convert<float, double>(output[..n], o);
            Internal.Precisions.Convert<float, double>(outputGradient[..n], g);
            Backward(z, o, g, d, neurons);
            Internal.Precisions.Convert<double, float>(d, delta[..n]);
        }
        finally
        {
            Internal.Precisions.Return(wide);
        }
    }

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
