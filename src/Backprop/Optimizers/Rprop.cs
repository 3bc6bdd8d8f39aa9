using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Rprop (Riedmiller &amp; Braun, 1993) in torch.optim.Rprop's form: each value keeps a step size Δ, η at the first
/// update, and the previous gradient g′ (zero at first). With g = ∂E/∂θ: if g·g′ &gt; 0, Δ ← min(Δ·η₊, Δmax); if
/// g·g′ &lt; 0, Δ ← max(Δ·η₋, Δmin) and g is taken as 0 for this value (no move now, no sign change next time);
/// otherwise Δ stays (clamped to [Δmin, Δmax]). Then θ ← θ − sign(g)·Δ and g′ ← g.
/// </summary>
/// <remarks>Defaults are PyTorch's (η 0.01, η₋ 0.5, η₊ 1.2, Δ in [1e-6, 50]). This is the variant without
/// weight backtracking (Rprop⁻ in Igel &amp; Hüsken's terms), as in PyTorch. The gradient's size is never used, only
/// its sign, so Rprop suits full-batch training. There is no weight decay (as in PyTorch). η only sets the step
/// sizes at the first update (η in force then): a schedule changes nothing afterwards.</remarks>
public sealed class Rprop : Optimizer
{
    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η, the initial step size (default 0.01).</param>
    /// <param name="etaMinus">η₋ in (0, 1), the factor on a sign change (default 0.5).</param>
    /// <param name="etaPlus">η₊ &gt; 1, finite, the factor on the same sign (default 1.2).</param>
    /// <param name="minStep">Δmin ≥ 0 (default 1e-6).</param>
    /// <param name="maxStep">Δmax ≥ Δmin, positive and finite (default 50).</param>
    /// <param name="schedule">How η changes per epoch; constant when null (only the first update reads it).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public Rprop(double learningRate = 0.01, double etaMinus = 0.5, double etaPlus = 1.2, double minStep = 1e-6,
        double maxStep = 50, LearningRateSchedule? schedule = null)
        : base(learningRate, 0, schedule)
    {
        if (!(etaMinus > 0 && etaMinus < 1))
            throw new ArgumentOutOfRangeException(nameof(etaMinus), etaMinus, $"etaMinus must be in (0, 1); got {Guard.Describe(etaMinus)}.");
        if (!(etaPlus > 1) || double.IsInfinity(etaPlus))
            throw new ArgumentOutOfRangeException(nameof(etaPlus), etaPlus, $"etaPlus must be a finite number above 1; got {Guard.Describe(etaPlus)}.");
        if (!(minStep >= 0) || double.IsInfinity(minStep))
            throw new ArgumentOutOfRangeException(nameof(minStep), minStep, $"minStep must be zero or a positive finite number; got {Guard.Describe(minStep)}.");
        Guard.PositiveFinite(maxStep, nameof(maxStep));
        if (maxStep < minStep)
            throw new ArgumentOutOfRangeException(nameof(maxStep), maxStep,
                $"maxStep must be at least minStep ({Guard.Describe(minStep)}); got {Guard.Describe(maxStep)}.");
        EtaMinus = etaMinus;
        EtaPlus = etaPlus;
        MinStep = minStep;
        MaxStep = maxStep;
    }

    /// <summary>η₋.</summary>
    public double EtaMinus { get; }

    /// <summary>η₊.</summary>
    public double EtaPlus { get; }

    /// <summary>Δmin.</summary>
    public double MinStep { get; }

    /// <summary>Δmax.</summary>
    public double MaxStep { get; }

    /// <inheritdoc />
    protected override int StateArrays => 2;

    /// <inheritdoc />
    protected override void Update(ParameterBlock block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), update);

    /// <inheritdoc />
    protected override void Update(ParameterBlockSingle block, UpdateStep update) =>
        Rule(block.Values, block.Gradient, block.State(0), block.State(1), update);

    /// <summary>The rule, in the block's precision.</summary>
    private void Rule<T>(Span<T> w, ReadOnlySpan<T> g, Span<T> previous, Span<T> step, UpdateStep update) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (update.Count == 1) step.Fill(T.CreateTruncating(update.LearningRate));
        T etaPlus = T.CreateTruncating(EtaPlus), etaMinus = T.CreateTruncating(EtaMinus);
        T minStep = T.CreateTruncating(MinStep), maxStep = T.CreateTruncating(MaxStep);
        for (int i = 0; i < w.Length; i++)
        {
            T agreement = g[i] * previous[i];
            T gi = g[i];
            T factor = T.One;
            if (agreement > T.Zero)
            {
                factor = etaPlus;
            }
            else if (agreement < T.Zero)
            {
                factor = etaMinus;
                gi = T.Zero;
            }
            step[i] = T.Clamp(step[i] * factor, minStep, maxStep);
            w[i] -= T.CreateTruncating(T.Sign(gi)) * step[i];
            previous[i] = gi;
        }
    }
}
