using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015): with g = ∂E/∂W + λ·W (L2 added to the gradient, as torch.optim.Adam does; ∂E/∂b for
/// biases) and step count t, m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − η·m̂ / (√v̂ + ε), where
/// m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ) (ε added after the square root, as in PyTorch). Moments start at zero;
/// t counts this optimizer's updates of the network at hand.
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η (default 0.001).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0 (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        CheckSettings(beta1, beta2, epsilon);
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
    protected override void Update(ParameterBlock block, UpdateStep update) =>
        Step(block.Values, block.Gradient, block.State(0), block.State(1), update, Beta1, Beta2, Epsilon);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) =>
        Step(block.Values, block.Gradient, block.State(0), block.State(1), update, Beta1, Beta2, Epsilon);

    /// <summary>The checks of β₁, β₂ and ε, shared with <see cref="AdamW"/>.</summary>
    internal static void CheckSettings(double beta1, double beta2, double epsilon)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"beta1 must be in [0, 1); got {Guard.Describe(beta1)}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"beta2 must be in [0, 1); got {Guard.Describe(beta2)}.");
        Guard.PositiveFinite(epsilon, nameof(epsilon));
    }

    /// <summary>The moment updates and the bias-corrected step, in either precision, shared with <see cref="AdamW"/>.</summary>
    internal static void Step<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> m, Span<T> v, UpdateStep update, double beta1, double beta2, double epsilon)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eta = T.CreateTruncating(update.LearningRate);
        T c1 = T.CreateTruncating(1 - Math.Pow(beta1, update.Count)), c2 = T.CreateTruncating(1 - Math.Pow(beta2, update.Count));
        T b1 = T.CreateTruncating(beta1), b2 = T.CreateTruncating(beta2), rest1 = T.CreateTruncating(1 - beta1), rest2 = T.CreateTruncating(1 - beta2);
        T eps = T.CreateTruncating(epsilon);
        for (int i = 0; i < w.Length; i++)
        {
            m[i] = b1 * m[i] + rest1 * g[i];
            v[i] = b2 * v[i] + rest2 * g[i] * g[i];
            w[i] -= eta * (m[i] / c1) / (T.Sqrt(v[i] / c2) + eps);
        }
    }
}
