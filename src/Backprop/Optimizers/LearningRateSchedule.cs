using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>How the learning rate changes from epoch to epoch: a function of the epoch, or, for
/// <see cref="ReduceOnPlateau"/>, of the losses monitored so far.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>No change: η at every epoch.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The learning rate for a 0-based epoch.</summary>
    /// <param name="learningRate">The base rate η.</param>
    /// <param name="epoch">The 0-based epoch.</param>
    public abstract double Rate(double learningRate, int epoch);

    /// <summary>For a schedule that follows the monitored losses (<see cref="ReduceOnPlateau"/>), a fresh state for
    /// one network, starting at <paramref name="learningRate"/>; null (the default) for a pure function of the epoch.</summary>
    internal virtual ScheduleState? CreateState(double learningRate) => null;

    /// <summary>Whether <see cref="CreateState"/> gives a state (the schedule follows the losses).</summary>
    internal virtual bool FollowsLosses => false;

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override double Rate(double learningRate, int epoch) => learningRate;

        public override string ToString() => "constant";
    }
}

/// <summary>Step decay: η·factor^⌊epoch / every⌋, e.g. halve every 10 epochs.</summary>
public sealed class StepDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="factor">The factor in (0, 1].</param>
    /// <param name="every">The number of epochs between steps, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public StepDecay(double factor, int every)
    {
        if (!(factor > 0 && factor <= 1)) throw new ArgumentOutOfRangeException(nameof(factor), factor, $"factor must be in (0, 1]; got {Guard.Describe(factor)}.");
        Guard.AtLeast(every, 1, nameof(every));
        Factor = factor;
        Every = every;
    }

    /// <summary>The factor.</summary>
    public double Factor { get; }

    /// <summary>The number of epochs between steps.</summary>
    public int Every { get; }

    /// <inheritdoc />
    public override double Rate(double learningRate, int epoch) => learningRate * Math.Pow(Factor, epoch / Every);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"step({Factor:R} every {Every})");
}

/// <summary>Exponential decay: η·γ^epoch.</summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="gamma">γ in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">γ is out of range.</exception>
    public ExponentialDecay(double gamma)
    {
        if (!(gamma > 0 && gamma <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"gamma must be in (0, 1]; got {Guard.Describe(gamma)}.");
        Gamma = gamma;
    }

    /// <summary>γ.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public override double Rate(double learningRate, int epoch) => learningRate * Math.Pow(Gamma, epoch);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"exponential({Gamma:R})");
}

/// <summary>Cosine annealing (Loshchilov &amp; Hutter's SGDR without restarts, as torch.optim.lr_scheduler.CosineAnnealingLR):
/// η_min + (η − η_min)·(1 + cos(π·e/T))/2 for epoch e &lt; T, then η_min.</summary>
public sealed class CosineAnnealing : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="epochs">T, the epochs from η down to η_min; at least 1.</param>
    /// <param name="minimumRate">η_min ≥ 0 (default 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public CosineAnnealing(int epochs, double minimumRate = 0)
    {
        Guard.AtLeast(epochs, 1, nameof(epochs));
        if (!(minimumRate >= 0) || double.IsInfinity(minimumRate))
            throw new ArgumentOutOfRangeException(nameof(minimumRate), minimumRate, $"minimumRate must be zero or a positive finite number; got {Guard.Describe(minimumRate)}.");
        Epochs = epochs;
        MinimumRate = minimumRate;
    }

    /// <summary>T.</summary>
    public int Epochs { get; }

    /// <summary>η_min.</summary>
    public double MinimumRate { get; }

    /// <inheritdoc />
    public override double Rate(double learningRate, int epoch) => epoch >= Epochs
        ? MinimumRate
        : MinimumRate + (learningRate - MinimumRate) * (1 + Math.Cos(Math.PI * epoch / Epochs)) / 2;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cosine({Epochs}, min {MinimumRate:R})");
}

/// <summary>Linear warm-up (as torch.optim.lr_scheduler.LinearLR up to 1): η·(s + (1 − s)·e/T) for epoch e &lt; T, then η.</summary>
public sealed class LinearWarmup : LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="epochs">T, the epochs of the warm-up; at least 1.</param>
    /// <param name="startFactor">s in (0, 1], the fraction of η at epoch 0 (default 0.1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public LinearWarmup(int epochs, double startFactor = 0.1)
    {
        Guard.AtLeast(epochs, 1, nameof(epochs));
        if (!(startFactor > 0 && startFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(startFactor), startFactor, $"startFactor must be in (0, 1]; got {Guard.Describe(startFactor)}.");
        Epochs = epochs;
        StartFactor = startFactor;
    }

    /// <summary>T.</summary>
    public int Epochs { get; }

    /// <summary>s.</summary>
    public double StartFactor { get; }

    /// <inheritdoc />
    public override double Rate(double learningRate, int epoch) =>
        epoch >= Epochs ? learningRate : learningRate * (StartFactor + (1 - StartFactor) * epoch / Epochs);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"warmup({Epochs}, from {StartFactor:R})");
}
