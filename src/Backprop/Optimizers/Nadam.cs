using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// NAdam (Dozat, 2016), Adam with Nesterov momentum, exactly in torch.optim.NAdam's form: with
/// g = ∂E/∂W + λ·W (∂E/∂b for biases) and step count t, the momentum schedule μₜ = β₁(1 − ½·0.96^(t·ψ)) and its
/// running product Πₜ = μ₁·…·μₜ; m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; d = √(v/(1 − β₂ᵗ)) + ε;
/// θ ← θ − η(1 − μₜ)/(1 − Πₜ)·g/d, then θ ← θ − η·μₜ₊₁/(1 − Πₜ·μₜ₊₁)·m/d. State starts at zero (Π₀ = 1).
/// </summary>
/// <remarks>Defaults are PyTorch's (η 0.002, β₁ 0.9, β₂ 0.999, ε 1e-8, ψ 0.004). PyTorch before 2.0 computed
/// Πₜ₊₁ as Πₜ·μₜ·μₜ₊₁ (μₜ counted twice; pytorch/pytorch#92699 fixed it); this class follows the fixed form.
/// Keras's Nadam uses the same μ schedule with ψ fixed at 0.004 but ε 1e-7 and η 0.001.</remarks>
public sealed class Nadam : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η (default 0.002).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-8).</param>
    /// <param name="momentumDecay">ψ ≥ 0, how fast μₜ rises towards β₁ (default 0.004).</param>
    /// <param name="weightDecay">λ ≥ 0, L2 added to the gradient (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public Nadam(double learningRate = 0.002, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double momentumDecay = 0.004, double weightDecay = 0, LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"beta1 must be in [0, 1); got {Guard.Describe(beta1)}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"beta2 must be in [0, 1); got {Guard.Describe(beta2)}.");
        Guard.PositiveFinite(epsilon, nameof(epsilon));
        if (!(momentumDecay >= 0) || double.IsInfinity(momentumDecay))
            throw new ArgumentOutOfRangeException(nameof(momentumDecay), momentumDecay,
                $"momentumDecay must be zero or a positive finite number; got {Guard.Describe(momentumDecay)}.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        MomentumDecay = momentumDecay;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>ψ.</summary>
    public double MomentumDecay { get; }

    /// <summary>m, v, and a third array whose first value holds Πₜ (the same for every block, kept per block as
    /// PyTorch keeps it per tensor, so it is the exact running product).</summary>
    protected override int StateArrays => 3;

    /// <inheritdoc />
    protected override void Update(ParameterBlock block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), block.State(2), update);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), block.State(2), update);

    /// <summary>The rule, in the block's precision; the running product of the momentum factors is kept in
    /// product[0], in that precision too.</summary>
    private void Rule<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> product, UpdateStep update) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double eta = update.LearningRate;
        double t = update.Count;
        T c2 = T.CreateTruncating(1 - Math.Pow(Beta2, t));
        double mu = Beta1 * (1 - 0.5 * Math.Pow(0.96, t * MomentumDecay));
        double muNext = Beta1 * (1 - 0.5 * Math.Pow(0.96, (t + 1) * MomentumDecay));
        double prod = (update.Count == 1 ? 1 : double.CreateTruncating(product[0])) * mu;
        product[0] = T.CreateTruncating(prod);
        double prodNext = prod * muNext;
        T onGradient = T.CreateTruncating(-eta * (1 - mu) / (1 - prod)), onMoment = T.CreateTruncating(-eta * muNext / (1 - prodNext));
        T b1 = T.CreateTruncating(Beta1), b2 = T.CreateTruncating(Beta2), rest1 = T.CreateTruncating(1 - Beta1), rest2 = T.CreateTruncating(1 - Beta2);
        T epsilon = T.CreateTruncating(Epsilon);
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = b1 * m[i] + rest1 * g[i];
            v[i] = b2 * v[i] + rest2 * g[i] * g[i];
            T d = T.Sqrt(v[i] / c2) + epsilon;
            w[i] += onGradient * (g[i] / d);
            w[i] += onMoment * (m[i] / d);
        }
    }
}
