using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// RMSProp (Hinton's lecture 6e) in torch.optim.RMSprop's form: with g = ∂E/∂W + λ·W (∂E/∂b for biases),
/// v ← αv + (1 − α)g²; centered, also ḡ ← αḡ + (1 − α)g and d = √(v − ḡ²) + ε, else d = √v + ε; with momentum μ,
/// b ← μb + g/d and θ ← θ − η·b, else θ ← θ − η·g/d. All state starts at zero.
/// </summary>
/// <remarks>Defaults are PyTorch's (η 0.01, α 0.99, ε 1e-8). Keras's RMSprop differs: η 0.001, ρ 0.9, ε 1e-7, and
/// it puts ε inside the root (√(v + ε)); this class follows PyTorch (ε after the root).</remarks>
public sealed class RmsProp : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η (default 0.01).</param>
    /// <param name="alpha">α, the smoothing constant, in [0, 1) (default 0.99).</param>
    /// <param name="epsilon">ε &gt; 0, added after the square root (default 1e-8).</param>
    /// <param name="momentum">μ in [0, 1) (default 0, none).</param>
    /// <param name="centered">Divide by the estimated variance √(v − ḡ²) instead of √v (default false).</param>
    /// <param name="weightDecay">λ ≥ 0, L2 added to the gradient (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public RmsProp(double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double momentum = 0,
        bool centered = false, double weightDecay = 0, LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        if (!(alpha >= 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"alpha must be in [0, 1); got {Guard.Describe(alpha)}.");
        Guard.PositiveFinite(epsilon, nameof(epsilon));
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum must be in [0, 1); got {Guard.Describe(momentum)}.");
        Alpha = alpha;
        Epsilon = epsilon;
        Mu = momentum;
        Centered = centered;
    }

    /// <summary>α.</summary>
    public double Alpha { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>μ (0: no momentum buffer).</summary>
    public double Mu { get; }

    /// <summary>Whether the denominator is centered.</summary>
    public bool Centered { get; }

    /// <inheritdoc />
    protected override int StateArrays => 3;

    /// <inheritdoc />
    protected override void Update(ParameterBlock block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), block.State(2), update);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), block.State(2), update);

    /// <summary>The rule, in the block's precision.</summary>
    private void Rule<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> v, Span<T> gAvg, Span<T> b, UpdateStep update) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T eta = T.CreateTruncating(update.LearningRate), alpha = T.CreateTruncating(Alpha), rest = T.CreateTruncating(1 - Alpha);
        T epsilon = T.CreateTruncating(Epsilon), mu = T.CreateTruncating(Mu);
        for (int i = 0; i < w.Length; i++)
        {
            v[i] = alpha * v[i] + rest * g[i] * g[i];
            T d;
            if (Centered)
            {
                gAvg[i] = alpha * gAvg[i] + rest * g[i];
                d = T.Sqrt(v[i] - gAvg[i] * gAvg[i]) + epsilon;
            }
            else
            {
                d = T.Sqrt(v[i]) + epsilon;
            }
            if (Mu > 0)
            {
                b[i] = mu * b[i] + g[i] / d;
                w[i] -= eta * b[i];
            }
            else
            {
                w[i] -= eta * g[i] / d;
            }
        }
    }
}
