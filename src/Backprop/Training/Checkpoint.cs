using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Saves the best model so far to a file while training (as Keras's <c>ModelCheckpoint(save_best_only=True)</c>):
/// after every epoch whose monitored loss, the validation loss when there is validation data and else the mean
/// training loss (the loss early stopping watches), is lower than that of every earlier epoch, the model as it stands
/// after that epoch is written to <see cref="Path"/>. The first epoch always saves.
/// </summary>
/// <remarks>
/// <para>Each save is atomic (<see cref="AtomicFile"/>: a temporary file beside the target, renamed over it), so
/// the file always holds one whole model. <see cref="Trainer"/> writes the network alone
/// (<see cref="ModelFile.Save(Network, string, ModelMetadata?)"/>); <see cref="Model.Fit"/> writes the whole model,
/// with its scaling and its class or target names (<see cref="Model.Save(string)"/>). Either loads with
/// <see cref="Model.Load(string)"/>.</para>
/// <para>Before the first epoch the folder is tried (a temporary file is created there and deleted), so that a
/// missing or unwritable folder fails at once, with an <see cref="IOException"/> naming the file, before any
/// training; a save that fails later (a full disk) ends training with that exception. Neither leaves a file behind.</para>
/// <para>The file's metadata is <see cref="Metadata"/> (when given) with <see cref="ModelMetadata.Epochs"/> set to
/// the epochs trained (the epoch's 0-based number + 1), <see cref="ModelMetadata.FinalLoss"/> to that epoch's mean
/// training loss (when finite), and three entries added to <see cref="ModelMetadata.Training"/>: <see cref="EpochKey"/> (the
/// 0-based epoch), <see cref="MonitorKey"/> (<c>validation-loss</c> or <c>training-loss</c>) and
/// <see cref="LossKey"/> (the monitored loss, in round-trip form).</para>
/// <para>With early stopping (<see cref="EarlyStopping.MinDelta"/> 0) the file holds the weights that
/// <see cref="EarlyStopping.RestoreBestWeights"/> restores; with a positive MinDelta early stopping may keep an
/// earlier epoch than the checkpoint, which counts any decrease.</para>
/// </remarks>
public sealed record Checkpoint
{
    /// <summary>The metadata key of the checkpoint's 0-based epoch.</summary>
    public const string EpochKey = "checkpoint.epoch";

    /// <summary>The metadata key naming the monitored loss: <c>validation-loss</c> or <c>training-loss</c>.</summary>
    public const string MonitorKey = "checkpoint.monitor";

    /// <summary>The metadata key of the monitored loss of the checkpoint's epoch (invariant round-trip text).</summary>
    public const string LossKey = "checkpoint.loss";

    /// <summary>Creates the setting.</summary>
    /// <param name="path">The file to write (overwritten at each improvement).</param>
    /// <exception cref="ArgumentException">The path is empty or blank.</exception>
    public Checkpoint(string path)
    {
        Guard.NotNull(path, nameof(path));
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("A checkpoint needs a file path; got an empty one.", nameof(path));
        Path = path;
    }

    /// <summary>The file the best model is written to.</summary>
    public string Path { get; }

    /// <summary>Metadata written with every save (a description, the seed, the training settings), to which the
    /// epoch and the losses are added; none by default.</summary>
    public ModelMetadata? Metadata { get; init; }

    /// <summary>The metadata of a save after <paramref name="epoch"/>.</summary>
    internal ModelMetadata MetadataFor(int epoch, double trainingLoss, double monitored, bool validation)
    {
        var training = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Metadata?.Training is { } given)
            foreach (var (key, value) in given) training[key] = value;
        training[EpochKey] = epoch.ToString(CultureInfo.InvariantCulture);
        training[MonitorKey] = validation ? "validation-loss" : "training-loss";
        training[LossKey] = monitored.ToString("R", CultureInfo.InvariantCulture);
        return (Metadata ?? new ModelMetadata()) with
        {
            Epochs = epoch + 1,
            FinalLoss = double.IsFinite(trainingLoss) ? trainingLoss : null,
            Training = training,
        };
    }
}
