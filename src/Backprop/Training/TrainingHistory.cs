namespace Backprop;

/// <summary>The record of a training run, one report per epoch in order.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochReport> epochs) => Epochs = epochs;

    /// <summary>The per-epoch reports, epoch 0 first.</summary>
    public IReadOnlyList<EpochReport> Epochs { get; }

    /// <summary>Each epoch's loss, epoch 0 first.</summary>
    public IReadOnlyList<double> Losses => Epochs.Select(e => e.Loss).ToArray();
}
