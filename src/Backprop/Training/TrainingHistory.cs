namespace Backprop;

/// <summary>Why training ended.</summary>
public enum StopReason
{
    /// <summary>Every epoch ran.</summary>
    Completed,

    /// <summary>Early stopping ended it.</summary>
    EarlyStopped,

    /// <summary><see cref="Trainer.EpochEnded"/> returned false.</summary>
    Stopped,

    /// <summary>The cancellation token stopped it; only the history of a <see cref="TrainingCanceledException"/>
    /// has this reason (the weights are those at the stop, never restored).</summary>
    Canceled,
}

/// <summary>The record of a training run, one report per epoch in order.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochReport> epochs, StopReason reason, int? bestEpoch, int? checkpointEpoch = null)
    {
        Epochs = epochs;
        StopReason = reason;
        BestEpoch = bestEpoch;
        CheckpointEpoch = checkpointEpoch;
    }

    /// <summary>The per-epoch reports, epoch 0 first.</summary>
    public IReadOnlyList<EpochReport> Epochs { get; }

    /// <summary>Each epoch's summed loss (<see cref="EpochReport.Loss"/>), epoch 0 first.</summary>
    public IReadOnlyList<double> Losses => Epochs.Select(e => e.Loss).ToArray();

    /// <summary>Why training ended.</summary>
    public StopReason StopReason { get; }

    /// <summary>With early stopping, the epoch with the lowest monitored loss (whose weights were restored when
    /// asked); otherwise null.</summary>
    public int? BestEpoch { get; }

    /// <summary>With <see cref="TrainingOptions.Checkpoint"/>, the epoch whose model the file holds (the one with the
    /// lowest monitored loss so far); otherwise, or before any save, null.</summary>
    public int? CheckpointEpoch { get; }
}
