namespace Backprop;

/// <summary>What one epoch of training measured.</summary>
/// <param name="Epoch">The 0-based epoch number.</param>
/// <param name="Loss">The sum over samples of each sample's loss, measured before the update of its batch.</param>
/// <param name="Samples">The number of training samples.</param>
/// <param name="Updates">The number of weight updates (batches).</param>
/// <param name="LearningRate">The learning rate in force.</param>
/// <param name="TrainingAccuracy">The share of training samples classified right before their batch's update, for
/// classification data; otherwise null.</param>
/// <param name="ValidationLoss">The mean loss per validation sample after the epoch, or null without validation data.</param>
/// <param name="ValidationAccuracy">The share of validation samples classified right after the epoch, or null.</param>
/// <param name="Elapsed">The time the epoch took, validation included.</param>
public sealed record EpochReport(int Epoch, double Loss, int Samples, int Updates, double LearningRate,
    double? TrainingAccuracy, double? ValidationLoss, double? ValidationAccuracy, TimeSpan Elapsed)
{
    /// <summary>The mean training loss per sample, <see cref="Loss"/> / <see cref="Samples"/>.</summary>
    public double MeanLoss => Loss / Samples;
}
