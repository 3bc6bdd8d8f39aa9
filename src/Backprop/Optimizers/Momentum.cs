using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// SGD with momentum μ (the form PyTorch uses): v ← μ·v + g; then θ ← θ − η·v, or with Nesterov θ ← θ − η·(g + μ·v),
/// where g = ∂E/∂W + λ·W for weights and ∂E/∂b for biases. Velocities start at zero.
/// </summary>
public sealed class Momentum : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="momentum">μ in [0, 1) (default 0.9).</param>
    /// <param name="nesterov">Use Nesterov's look-ahead form (default false).</param>
    /// <param name="weightDecay">λ ≥ 0 (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public Momentum(double learningRate, double momentum = 0.9, bool nesterov = false, double weightDecay = 0,
        LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum must be in [0, 1); got {Guard.Describe(momentum)}.");
        Mu = momentum;
        Nesterov = nesterov;
    }

    /// <summary>μ.</summary>
    public double Mu { get; }

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override int StateArrays => 1;

    /// <inheritdoc />
    protected override void Update(ParameterBlock block, UpdateStep update) => Rule(block.Values, block.Gradient, block.State(0), update);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) => Rule(block.Values, block.Gradient, block.State(0), update);

    /// <summary>The rule, in the block's precision.</summary>
    private void Rule<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> v, UpdateStep update) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eta = T.CreateTruncating(update.LearningRate), mu = T.CreateTruncating(Mu);
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = mu * v[i] + g[i];
            w[i] -= eta * (Nesterov ? g[i] + mu * v[i] : v[i]);
        }
    }
}
