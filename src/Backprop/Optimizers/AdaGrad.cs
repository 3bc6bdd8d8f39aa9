using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// AdaGrad (Duchi, Hazan &amp; Singer, 2011) in torch.optim.Adagrad's form (no learning-rate decay): with
/// g = ∂E/∂W + λ·W (∂E/∂b for biases), s ← s + g²; θ ← θ − η·g / (√s + ε). The sums s start at the initial
/// accumulator s₀.
/// </summary>
/// <remarks>Defaults are PyTorch's (η 0.01, ε 1e-10, s₀ 0). Keras's Adagrad differs: η 0.001, s₀ 0.1, ε 1e-7.</remarks>
public sealed class AdaGrad : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η (default 0.01).</param>
    /// <param name="epsilon">ε &gt; 0, added after the square root (default 1e-10).</param>
    /// <param name="initialAccumulator">s₀ ≥ 0, the sums' value before the first update (default 0).</param>
    /// <param name="weightDecay">λ ≥ 0, L2 added to the gradient (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public AdaGrad(double learningRate = 0.01, double epsilon = 1e-10, double initialAccumulator = 0,
        double weightDecay = 0, LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        Guard.PositiveFinite(epsilon, nameof(epsilon));
        if (!(initialAccumulator >= 0) || double.IsInfinity(initialAccumulator))
            throw new ArgumentOutOfRangeException(nameof(initialAccumulator), initialAccumulator,
                $"initialAccumulator must be zero or a positive finite number; got {Guard.Describe(initialAccumulator)}.");
        Epsilon = epsilon;
        InitialAccumulator = initialAccumulator;
    }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>s₀.</summary>
    public double InitialAccumulator { get; }

    /// <inheritdoc />
    protected override int StateArrays => 1;

    /// <inheritdoc />
    protected override void Update(ParameterBlock block, UpdateStep update) => Rule(block.Values, block.Gradient, block.State(0), update);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) => Rule(block.Values, block.Gradient, block.State(0), update);

    /// <summary>The rule, in the block's precision.</summary>
    private void Rule<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> s, UpdateStep update) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (update.Count == 1) s.Fill(T.CreateTruncating(InitialAccumulator));
        T eta = T.CreateTruncating(update.LearningRate), epsilon = T.CreateTruncating(Epsilon);
        for (int i = 0; i < w.Length; i++)
        {
            s[i] += g[i] * g[i];
            w[i] -= eta * g[i] / (T.Sqrt(s[i]) + epsilon);
        }
    }
}
