using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>How <see cref="ReduceOnPlateau"/> decides that a loss improved on the best so far.</summary>
public enum ThresholdMode
{
    /// <summary>torch's <c>'rel'</c> (the default): loss &lt; best·(1 − threshold).</summary>
    Relative,

    /// <summary>torch's <c>'abs'</c>: loss &lt; best − threshold.</summary>
    Absolute,
}

/// <summary>
/// Reduce the learning rate when the monitored loss stops improving, as torch.optim.lr_scheduler.ReduceLROnPlateau
/// in mode <c>'min'</c>, with its defaults: factor 0.1, patience 10, threshold 10⁻⁴ relative, cooldown 0, minimum
/// rate 0, minimum decay (torch's eps) 10⁻⁸.
/// </summary>
/// <remarks>
/// <para>After each epoch the loss it monitors (the validation loss when there is validation data, else the mean
/// training loss; <see cref="Trainer"/> feeds it through <see cref="Optimizer.ObserveLoss"/>) is compared with the best
/// so far (initially +∞). It improves when it is below best·(1 − <see cref="Threshold"/>)
/// (<see cref="ThresholdMode.Relative"/>, the factor 1 − threshold rounded once, as torch) or below best −
/// <see cref="Threshold"/> (<see cref="ThresholdMode.Absolute"/>): then best ← loss and the count of bad epochs
/// restarts at 0; otherwise that count grows by 1. During a cooldown (the <see cref="Cooldown"/> epochs after a
/// reduction) every epoch counts as not bad. When the count exceeds <see cref="Patience"/> (the patience + 1-th bad
/// epoch in a row), the rate becomes η′ = max(η·<see cref="Factor"/>, <see cref="MinimumRate"/>), kept only when
/// η − η′ &gt; <see cref="MinimumDecay"/>; the cooldown starts and the count restarts at 0. A reduced rate is in
/// force from the next epoch on.</para>
/// <para>The schedule holds only settings. The reduced rate, the best loss and the counters belong to the network
/// (with the optimizer's other state, such as Adam's moments), so one optimizer may train several networks, each
/// with its own plateau; they carry over from one <see cref="Trainer.Train(Network, Dataset, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>
/// to the next on the same network, as a torch scheduler's do, until <see cref="Optimizer.Reset"/>.
/// <see cref="Optimizer.LearningRateAt(Network, int)"/> gives the rate in force; <see cref="Rate"/> is the rate before
/// any reduction, η.</para>
/// </remarks>
public sealed class ReduceOnPlateau : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">The factor of each reduction, in (0, 1) (default 0.1).</param>
    /// <param name="patience">The bad epochs in a row that are tolerated before a reduction; ≥ 0 (default 10).</param>
    /// <param name="minimumRate">The rate is never reduced below this; ≥ 0 and finite (default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public ReduceOnPlateau(double factor = 0.1, int patience = 10, double minimumRate = 0)
    {
        if (!(factor > 0 && factor < 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"factor must be in (0, 1); got {Guard.Describe(factor)}.");
        Guard.AtLeast(patience, 0, nameof(patience));
        Factor = factor;
        Patience = patience;
        MinimumRate = ZeroOrPositive(minimumRate, nameof(minimumRate));
    }

    /// <summary>The factor of each reduction.</summary>
    public double Factor { get; }

    /// <summary>The bad epochs in a row tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The lowest rate a reduction gives (torch's min_lr).</summary>
    public double MinimumRate { get; }

    /// <summary>How much better than the best a loss must be to count as an improvement; ≥ 0 and finite (default 10⁻⁴).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    public double Threshold { get; init => field = ZeroOrPositive(value, nameof(Threshold)); } = 1e-4;

    /// <summary>Whether <see cref="Threshold"/> is relative to the best loss (default) or absolute.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined mode.</exception>
    public ThresholdMode ThresholdMode
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(ThresholdMode), value, $"Unknown threshold mode {value}.");
    }

    /// <summary>The epochs after a reduction during which bad epochs are not counted; ≥ 0 (default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int Cooldown
    {
        get;
        init
        {
            Guard.AtLeast(value, 0, nameof(Cooldown));
            field = value;
        }
    }

    /// <summary>The smallest reduction that is made (torch's eps): a reduction of η by no more than this is skipped;
    /// ≥ 0 and finite (default 10⁻⁸).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN or infinite.</exception>
    public double MinimumDecay { get; init => field = ZeroOrPositive(value, nameof(MinimumDecay)); } = 1e-8;

    /// <inheritdoc />
    /// <remarks>η, the rate before any reduction: the reductions depend on the losses, and are kept with each network
    /// (see <see cref="Optimizer.LearningRateAt(Network, int)"/>).</remarks>
    public override double Rate(double learningRate, int epoch) => learningRate;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"plateau(factor {Factor:R}, patience {Patience}, min {MinimumRate:R}, threshold {Threshold:R} {(ThresholdMode == ThresholdMode.Relative ? "rel" : "abs")}, cooldown {Cooldown})");

    internal override ScheduleState CreateState(double learningRate) => new PlateauState(this, learningRate);

    internal override bool FollowsLosses => true;

    private static double ZeroOrPositive(double value, string name) =>
        value >= 0 && !double.IsInfinity(value) ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or a positive finite number; got {Guard.Describe(value)}.");

    /// <summary>One network's plateau: torch's ReduceLROnPlateau.step, line for line.</summary>
    private sealed class PlateauState(ReduceOnPlateau settings, double rate) : ScheduleState
    {
        private readonly double _relative = 1.0 - settings.Threshold;
        private double _best = double.PositiveInfinity;
        private int _bad, _cooldown;

        public override double Rate => rate;

        public override void Observe(double loss)
        {
            if (Improves(loss))
            {
                _best = loss;
                _bad = 0;
            }
            else
            {
                _bad++;
            }
            if (_cooldown > 0)
            {
                _cooldown--;
                _bad = 0;
            }
            if (_bad > settings.Patience)
            {
                double reduced = Math.Max(rate * settings.Factor, settings.MinimumRate);
                if (rate - reduced > settings.MinimumDecay) rate = reduced;
                _cooldown = settings.Cooldown;
                _bad = 0;
            }
        }

        private bool Improves(double loss) => settings.ThresholdMode == ThresholdMode.Relative
            ? loss < _best * _relative
            : loss < _best - settings.Threshold;
    }
}

/// <summary>The state of a schedule that follows the losses, for one network.</summary>
internal abstract class ScheduleState
{
    /// <summary>The learning rate in force.</summary>
    public abstract double Rate { get; }

    /// <summary>Takes the loss monitored at the end of an epoch.</summary>
    public abstract void Observe(double loss);
}
