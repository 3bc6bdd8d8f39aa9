using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// A loss E(out, target), summed over every sample of a block that holds <c>outputs</c> values per sample (one
/// sample per column), with its gradient ∂E/∂out.
/// </summary>
/// <remarks>
/// A loss may have a fused form with the output activation (cross-entropy after softmax or sigmoid), computed
/// from the layer's net for numerical stability: δ = ∂E/∂net directly, without forming ∂E/∂out.
/// </remarks>
public abstract class Loss
{
    /// <summary>The blog's E = Σ ½(target − out)²; see <see cref="Backprop.HalfSquaredError"/>.</summary>
    public static Loss HalfSquaredError { get; } = new HalfSquaredError();

    /// <summary>E = (1/K) Σ_k (target_k − out_k)² per sample; see <see cref="Backprop.MeanSquaredError"/>.</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredError();

    /// <summary>E = −Σ [t·log out + (1 − t)·log(1 − out)]; see <see cref="Backprop.BinaryCrossEntropy"/>.</summary>
    public static Loss BinaryCrossEntropy { get; } = new BinaryCrossEntropy();

    /// <summary>E = −Σ t·log out after a softmax; see <see cref="Backprop.CategoricalCrossEntropy"/>.</summary>
    public static Loss CategoricalCrossEntropy { get; } = new CategoricalCrossEntropy();

    /// <summary>The losses by <see cref="Name"/>.</summary>
    public static IReadOnlyList<Loss> All { get; } = [HalfSquaredError, MeanSquaredError, BinaryCrossEntropy, CategoricalCrossEntropy];

    /// <summary>Finds a loss by its name (case-insensitive): half-squared-error, mse, binary-cross-entropy,
    /// categorical-cross-entropy.</summary>
    /// <param name="name">The name.</param>
    /// <exception cref="ArgumentException">No loss has that name; the message lists the names.</exception>
    public static Loss Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(l => string.Equals(l.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown loss '{name}'; use one of: {string.Join(", ", All.Select(l => l.Name))}.", nameof(name));
    }

    /// <summary>A short lower-case name, such as <c>half-squared-error</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Writes each output's own term of the loss (the blog's E_o1, E_o2, …).</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    /// <param name="terms">Receives one term per output.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    public abstract void Terms(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> terms, int outputs);

    /// <summary>The loss: the sum of <see cref="Terms"/> in index order.</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    public abstract double Value(ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs);

    /// <summary>Writes ∂E/∂out for every output.</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    /// <param name="gradient">Receives ∂E/∂out.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    public abstract void Gradient(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> gradient, int outputs);

    /// <summary>
    /// Throws when this loss is mathematically wrong after <paramref name="activation"/> (for example
    /// cross-entropy after an output that is not a probability). The default accepts every activation.
    /// </summary>
    /// <param name="activation">The output layer's activation.</param>
    /// <exception cref="ArgumentException">The pair is wrong; the message says which activations fit.</exception>
    public virtual void CheckOutputActivation(Activation activation) => ArgumentNullException.ThrowIfNull(activation);

    /// <summary>Throws when a target value is outside what this loss accepts. The default accepts every finite value.</summary>
    /// <param name="target">The targets, column-major with <paramref name="outputs"/> rows.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    /// <param name="paramName">The argument the targets came from, for the message.</param>
    /// <exception cref="ArgumentException">A target is out of range; the message names its [row, column].</exception>
    public virtual void CheckTargets(ReadOnlySpan<double> target, int outputs, string paramName)
    {
    }

    /// <summary>Whether this loss's type overrides <see cref="CheckTargets"/> (looked up once): when it does not,
    /// every finite target is accepted and float targets need not be widened for the check.</summary>
    internal bool ChecksTargets => _checksTargets ??=
        GetType().GetMethod(nameof(CheckTargets), [typeof(ReadOnlySpan<double>), typeof(int), typeof(string)])!.DeclaringType != typeof(Loss);

    private bool? _checksTargets;

    /// <summary>True when this loss has a fused form with <paramref name="activation"/>.</summary>
    /// <param name="activation">The output layer's activation.</param>
    public virtual bool FusesWith(Activation activation) => false;

    /// <summary>For a fused pair: E computed with the help of net (the logits), stable for any finite net.</summary>
    /// <param name="net">The output layer's weighted sums.</param>
    /// <param name="output">The output layer's activations, computed from <paramref name="net"/>.</param>
    /// <param name="target">The targets.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    /// <exception cref="NotSupportedException">The loss has no fused form.</exception>
    public virtual double FusedValue(ReadOnlySpan<double> net, ReadOnlySpan<double> output, ReadOnlySpan<double> target, int outputs) =>
        throw new NotSupportedException($"{Name} has no fused form.");

    /// <summary>For a fused pair: writes δ = ∂E/∂net straight from the outputs and targets.</summary>
    /// <param name="output">The output layer's activations.</param>
    /// <param name="target">The targets.</param>
    /// <param name="delta">Receives δ.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    /// <exception cref="NotSupportedException">The loss has no fused form.</exception>
    public virtual void FusedDelta(ReadOnlySpan<double> output, ReadOnlySpan<double> target, Span<double> delta, int outputs) =>
        throw new NotSupportedException($"{Name} has no fused form.");

    /// <summary>The loss of a float32 network's block, in double. This base widens the floats (exactly) and calls
    /// <see cref="Value(ReadOnlySpan{double}, ReadOnlySpan{double}, int)"/>, so a loss that overrides only the
    /// double methods serves float32 networks too; the built-in losses override it.</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    public virtual double Value(ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs)
    {
        using var wide = new Wide(output, target);
        return Value(wide.First, wide.Second, outputs);
    }

    /// <summary>∂E/∂out of a float32 network's block, rounded to floats. This base widens, calls
    /// <see cref="Gradient(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int)"/> and rounds each value
    /// to the nearest float.</summary>
    /// <param name="output">The network's outputs.</param>
    /// <param name="target">The targets, the same length as <paramref name="output"/>.</param>
    /// <param name="gradient">Receives ∂E/∂out.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    public virtual void Gradient(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> gradient, int outputs)
    {
        using var wide = new Wide(output, target);
        Gradient(wide.First, wide.Second, wide.Result, outputs);
        Internal.Precisions.Convert<double, float>(wide.Result, gradient[..output.Length]);
    }

    /// <summary>For a fused pair, the float32 form of
    /// <see cref="FusedValue(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, int)"/>, in double;
    /// this base widens and calls it.</summary>
    /// <param name="net">The output layer's weighted sums.</param>
    /// <param name="output">The output layer's activations, computed from <paramref name="net"/>.</param>
    /// <param name="target">The targets.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    public virtual double FusedValue(ReadOnlySpan<float> net, ReadOnlySpan<float> output, ReadOnlySpan<float> target, int outputs)
    {
        using var wide = new Wide(output, target, net);
        return FusedValue(wide.Third, wide.First, wide.Second, outputs);
    }

    /// <summary>For a fused pair, the float32 form of
    /// <see cref="FusedDelta(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, int)"/>; this base widens,
    /// calls it and rounds δ to the nearest float.</summary>
    /// <param name="output">The output layer's activations.</param>
    /// <param name="target">The targets.</param>
    /// <param name="delta">Receives δ.</param>
    /// <param name="outputs">K, the number of outputs per sample.</param>
    public virtual void FusedDelta(ReadOnlySpan<float> output, ReadOnlySpan<float> target, Span<float> delta, int outputs)
    {
        using var wide = new Wide(output, target);
        FusedDelta(wide.First, wide.Second, wide.Result, outputs);
        Internal.Precisions.Convert<double, float>(wide.Result, delta[..output.Length]);
    }

    /// <summary>Pooled double copies of a float32 block's outputs, targets (and net), with room for a result.</summary>
    private readonly ref struct Wide
    {
        private readonly double[] _buffer;
        private readonly int _n;

        public Wide(ReadOnlySpan<float> first, ReadOnlySpan<float> second, ReadOnlySpan<float> third = default)
        {
            _n = first.Length;
            _buffer = Internal.Precisions.Rent<double>(4 * _n);
            Internal.Precisions.Convert<float, double>(first, First);
            Internal.Precisions.Convert<float, double>(second[.._n], Second);
            if (!third.IsEmpty) Internal.Precisions.Convert<float, double>(third[.._n], Third);
        }

        public Span<double> First => _buffer.AsSpan(0, _n);

        public Span<double> Second => _buffer.AsSpan(_n, _n);

        public Span<double> Third => _buffer.AsSpan(2 * _n, _n);

        public Span<double> Result => _buffer.AsSpan(3 * _n, _n);

        public void Dispose() => Internal.Precisions.Return(_buffer);
    }

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;

    /// <summary>Throws unless every target lies in [0, 1], naming the first that does not.</summary>
    private protected static void CheckUnitInterval(ReadOnlySpan<double> target, int outputs, string paramName, string lossName)
    {
        for (int i = 0; i < target.Length; i++)
            if (!(target[i] >= 0 && target[i] <= 1))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{paramName}[{i % outputs}, {i / outputs}] is {Guard.Describe(target[i])}; {lossName} needs targets in [0, 1]."), paramName);
    }
}
