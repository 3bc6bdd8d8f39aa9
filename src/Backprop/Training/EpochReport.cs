using Backprop.Internal;

namespace Backprop;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The 0-based epoch number.</param>
/// <param name="Loss">The sum over samples of each sample's loss, measured before the update of its batch; with loss
/// weights (<see cref="TrainingOptions.ClassWeights"/>, <see cref="Dataset.SampleWeights"/>) the weighted sum
/// Σₛ wₛ·Eₛ.</param>
/// <param name="Samples">The number of training samples.</param>
/// <param name="Updates">The number of weight updates (batches; a batch whose weights are all 0 makes none).</param>
/// <param name="LearningRate">The learning rate in force during the epoch (for <see cref="ReduceOnPlateau"/>, as
/// reduced before the epoch began).</param>
/// <param name="TrainingAccuracy">The share of training samples classified right before their batch's update, for
/// classification data; otherwise null. Not weighted.</param>
/// <param name="ValidationLoss">The mean loss per validation sample after the epoch (with loss weights, Σ wₛ·Eₛ / Σ wₛ
/// over the validation samples), or null without validation data.</param>
/// <param name="ValidationAccuracy">The share of validation samples classified right after the epoch, or null.</param>
/// <param name="Elapsed">The time the epoch took, validation included.</param>
public sealed record EpochReport(int Epoch, double Loss, int Samples, int Updates, double LearningRate,
    double? TrainingAccuracy, double? ValidationLoss, double? ValidationAccuracy, TimeSpan Elapsed)
{
    private readonly double? _totalWeight;

    /// <summary>Σₛ wₛ, the total loss weight of the training samples: <see cref="Samples"/> when training is
    /// unweighted (the default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not positive and finite.</exception>
    public double TotalWeight
    {
        get => _totalWeight ?? Samples;
        init
        {
            Guard.PositiveFinite(value, nameof(TotalWeight));
            _totalWeight = value;
        }
    }

    /// <summary>The mean training loss per sample, <see cref="Loss"/> / <see cref="TotalWeight"/> (Loss / Samples
    /// when unweighted).</summary>
    public double MeanLoss => Loss / TotalWeight;
}
