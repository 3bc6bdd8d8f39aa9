using System.Globalization;

namespace Backprop;

/// <summary>
/// Thrown by <see cref="Trainer.Train(Network, Dataset, Dataset?, IProgress{EpochReport}?, CancellationToken)"/> when
/// its cancellation token is cancelled: training stopped at a batch boundary, before batch <see cref="Batch"/> of
/// epoch <see cref="Epoch"/>. The network keeps every update made before that point (a consistent, usable state;
/// with early stopping the best weights are not restored), and <see cref="History"/> holds the epochs completed.
/// </summary>
public sealed class TrainingCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="history">The epochs completed before the stop (none when it stopped in the first epoch); its
    /// <see cref="TrainingHistory.StopReason"/> is <see cref="StopReason.Canceled"/>.</param>
    /// <param name="epoch">The 0-based epoch in which training stopped.</param>
    /// <param name="batch">The 0-based batch of <paramref name="epoch"/> that was not run: batches 0 to
    /// <paramref name="batch"/> − 1 of that epoch were trained.</param>
    /// <param name="cancellationToken">The token that was cancelled.</param>
    public TrainingCanceledException(TrainingHistory history, int epoch, int batch, CancellationToken cancellationToken)
        : base(Compose(history, epoch, batch), cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        History = history;
        Epoch = epoch;
        Batch = batch;
    }

    /// <summary>When <see cref="Model.Fit"/> was cancelled, the partly trained model (its scaling and the network as
    /// it stood); null from <see cref="Trainer"/>, whose caller holds the network.</summary>
    public Model? Model { get; internal init; }

    /// <summary>The epochs completed before the stop, one report each; empty when it stopped in epoch 0.</summary>
    public TrainingHistory History { get; }

    /// <summary>The 0-based epoch in which training stopped (equal to the number of epochs completed).</summary>
    public int Epoch { get; }

    /// <summary>The 0-based batch of <see cref="Epoch"/> before which training stopped: that many batches of the
    /// epoch were trained (the sample index in online training).</summary>
    public int Batch { get; }

    private static string Compose(TrainingHistory? history, int epoch, int batch) => string.Create(CultureInfo.InvariantCulture,
        $"Training was canceled at epoch {epoch}, before batch {batch}, after {history?.Epochs.Count ?? 0} complete epochs; the network keeps every update made until then.");
}
