using Backprop.Internal;

namespace Backprop;

/// <summary>Settings of a training run, each checked when it is set.</summary>
public sealed record TrainingOptions
{
    /// <summary>A <see cref="BatchSize"/> meaning "all samples in one batch" (full-batch gradient descent).</summary>
    public const int FullBatch = int.MaxValue;

    /// <summary>The number of passes over the training data; at least 1 (default 1).</summary>
    public int Epochs
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(Epochs));
            field = value;
        }
    } = 1;

    /// <summary>
    /// Samples per update; at least 1 (default 1: online training, one update per sample). The last batch of an
    /// epoch may be smaller and is trained, not dropped. <see cref="FullBatch"/> puts every sample in one batch.
    /// Each update follows the mean of the batch's losses.
    /// </summary>
    public int BatchSize
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(BatchSize));
            field = value;
        }
    } = 1;

    /// <summary>Shuffle the training samples at the start of every epoch (default false: data order, as the tutorials).</summary>
    public bool Shuffle { get; init; }

    /// <summary>The seed of the shuffles, of the validation split and of the dropout masks (default 0); see
    /// <see cref="Network.SeedDropout"/>.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The share of the training data held out for validation, in [0, 1) (default 0: none). The held-out samples
    /// are drawn once, stratified by class, from <see cref="Seed"/>. Ignored when a validation set is passed.
    /// </summary>
    public double ValidationSplit
    {
        get;
        init
        {
            if (!(value >= 0 && value < 1))
                throw new ArgumentOutOfRangeException(nameof(ValidationSplit), value, $"ValidationSplit must be in [0, 1); got {Guard.Describe(value)}.");
            field = value;
        }
    }

    /// <summary>Stop when the monitored loss stops improving (default null: train every epoch).</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>
    /// One loss weight per class, in class order (default null: every class weighs 1); for example
    /// <see cref="Backprop.ClassWeights.Balanced"/>. Each sample's loss term is multiplied by its class's weight (and by
    /// its own, <see cref="Dataset.SampleWeights"/>), in the training loss and the validation loss alike, and each
    /// update follows Σ wₛ·Eₛ / Σ wₛ over its batch. A sample's class is the index of its largest target (for a
    /// single output, 1 when the target is ≥ 0.5), as Keras reads <c>class_weight</c>. Each weight must be finite
    /// and ≥ 0, and not all 0; the count is checked against the data's classes when training starts.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative, NaN or infinite (the message names its index).</exception>
    /// <exception cref="ArgumentException">The list is empty or every weight is 0.</exception>
    public IReadOnlyList<double>? ClassWeights
    {
        get;
        init => field = value is null ? null : Array.AsReadOnly(LossWeights.Checked(value, nameof(ClassWeights)));
    }

    /// <summary>Save the model to a file whenever the monitored loss improves (default null: no checkpoint); see
    /// <see cref="Backprop.Checkpoint"/>.</summary>
    public Checkpoint? Checkpoint { get; init; }
}

/// <summary>
/// Early stopping: after each epoch the validation loss (the training loss when there is no validation data) is
/// compared with the best so far; after <see cref="Patience"/> epochs without an improvement larger than
/// <see cref="MinDelta"/> training stops and, by default, the best epoch's weights are restored.
/// </summary>
public sealed record EarlyStopping
{
    /// <summary>Epochs without improvement before stopping; at least 1 (default 10).</summary>
    public int Patience
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(Patience));
            field = value;
        }
    } = 10;

    /// <summary>The smallest decrease of the mean loss that counts as an improvement; ≥ 0 (default 0).</summary>
    public double MinDelta
    {
        get;
        init
        {
            if (!(value >= 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(MinDelta), value, $"MinDelta must be zero or positive and finite; got {Guard.Describe(value)}.");
            field = value;
        }
    }

    /// <summary>Put back the weights of the best epoch when training stops early or ends (default true).</summary>
    public bool RestoreBestWeights { get; init; } = true;
}
