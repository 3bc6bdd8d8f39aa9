using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// An update rule: turns the gradients of the last backward pass into new weights and biases. The learning rate
/// of epoch e is <see cref="Schedule"/>(η, e); L2 weight decay λ adds λ·W to ∂E/∂W (weights only, not biases).
/// </summary>
public abstract class Optimizer
{
    /// <summary>Checks and keeps the settings shared by every rule.</summary>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="weightDecay">λ ≥ 0 (default 0, no decay).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">η is not positive and finite, or λ is negative or not finite.</exception>
    protected Optimizer(double learningRate, double weightDecay = 0, LearningRateSchedule? schedule = null)
    {
        Guard.PositiveFinite(learningRate, nameof(learningRate));
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay,
                $"weightDecay must be zero or a positive finite number; got {Guard.Describe(weightDecay)}.");
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        Schedule = schedule ?? LearningRateSchedule.Constant;
    }

    /// <summary>The base learning rate η.</summary>
    public double LearningRate { get; }

    /// <summary>The L2 weight decay λ (0: none).</summary>
    public double WeightDecay { get; }

    /// <summary>How the learning rate changes from epoch to epoch.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>The 0-based epoch set by <see cref="BeginEpoch"/> (0 until then).</summary>
    public int Epoch { get; private set; }

    /// <summary>The learning rate in force: <see cref="Schedule"/> applied to η at <see cref="Epoch"/>.</summary>
    public double CurrentLearningRate => Schedule.Rate(LearningRate, Epoch);

    /// <summary>Tells the rule which epoch starts, for the schedule. The trainer calls it.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    public void BeginEpoch(int epoch)
    {
        if (epoch < 0)
            throw new ArgumentOutOfRangeException(nameof(epoch), epoch, string.Create(CultureInfo.InvariantCulture, $"epoch must be at least 0; got {epoch}."));
        Epoch = epoch;
    }

    /// <summary>
    /// Updates every layer of <paramref name="network"/> from its <see cref="DenseLayer.WeightGradient"/> and
    /// <see cref="DenseLayer.BiasGradient"/>; biases change only in layers with <see cref="BiasMode.Trainable"/>.
    /// </summary>
    /// <param name="network">The network whose gradients were just computed.</param>
    public abstract void Step(Network network);

    /// <summary>Forgets any state (velocities, moment estimates, step count) and returns to epoch 0.</summary>
    public virtual void Reset() => Epoch = 0;
}
