namespace Backprop;

/// <summary>
/// A loss E(out, target) summed over every output of every sample in a block (one sample per column), with its
/// gradient ∂E/∂out.
/// </summary>
public abstract class Loss
{
    /// <summary>The blog's E_total = Σ ½(target − out)²; see <see cref="Backprop.HalfSquaredError"/>.</summary>
    public static Loss HalfSquaredError { get; } = new HalfSquaredError();

    /// <summary>A short lower-case name, such as <c>half-squared-error</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Writes each output's own term of the loss (the blog's E_o1, E_o2, …).</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    /// <param name="terms">Receives one term per output.</param>
    public abstract void Terms(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> terms);

    /// <summary>The loss: the sum of <see cref="Terms"/> in index order.</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    public abstract double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target);

    /// <summary>Writes ∂E/∂out for every output.</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    /// <param name="gradient">Receives ∂E/∂out.</param>
    public abstract void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient);

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
