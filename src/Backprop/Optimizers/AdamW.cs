using System.Numerics;
namespace Backprop;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter, 2019), decoupled weight decay in torch.optim.AdamW's form: for weights first
/// θ ← θ·(1 − ηλ) (biases never decay), then the <see cref="Adam"/> step with the plain gradient g = ∂E/∂θ:
/// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − η·m̂ / (√v̂ + ε), m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
/// </summary>
/// <remarks>Defaults are PyTorch's (η 0.001, β₁ 0.9, β₂ 0.999, ε 1e-8, λ 0.01). The decay is multiplied by η in
/// force, as in PyTorch (and Keras's AdamW, which defaults λ to 0.004 and ε to 1e-7); the paper's own form scales it
/// by a separate schedule multiplier instead. Unlike <see cref="Adam"/>, λ is never added to the gradient.</remarks>
public sealed class AdamW : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η (default 0.001).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0, the decoupled decay (default 0.01).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public AdamW(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0.01, LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        Adam.CheckSettings(beta1, beta2, epsilon);
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    protected override int StateArrays => 2;

    /// <inheritdoc />
    protected override bool DecayInGradient => false;

    /// <inheritdoc />
    protected override void Update(ParameterBlock block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), block.IsWeights, update);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), block.IsWeights, update);

    /// <summary>The decoupled decay, then Adam's step, in the block's precision.</summary>
    private void Rule<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, bool isWeights, UpdateStep update) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (isWeights && WeightDecay != 0)
        {
            T keep = T.CreateTruncating(1 - update.LearningRate * WeightDecay);
            for (int i = 0; i < w.Length; i++) w[i] *= keep;
        }
        Adam.Step(w, g, m, v, update, Beta1, Beta2, Epsilon);
    }
}
