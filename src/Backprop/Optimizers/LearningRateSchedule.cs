using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>How the learning rate changes from epoch to epoch.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>No change: η at every epoch.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The learning rate for a 0-based epoch.</summary>
    /// <param name="learningRate">The base rate η.</param>
    /// <param name="epoch">The 0-based epoch.</param>
    public abstract double Rate(double learningRate, int epoch);

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
