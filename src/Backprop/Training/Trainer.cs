using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Trains a network by mini-batch gradient descent: each epoch walks the samples (in data order, or shuffled from
/// the seed) in batches of <see cref="TrainingOptions.BatchSize"/>; each batch gets one forward pass, one backward
/// pass of the mean batch loss, and one update.
/// </summary>
/// <remarks>
/// <para>With loss weights (<see cref="TrainingOptions.ClassWeights"/>, <see cref="Dataset.SampleWeights"/>) sample s
/// weighs wₛ = (its class's weight)·(its own weight), and a batch's update follows the weighted mean
/// Σₛ wₛ·Eₛ / Σₛ wₛ over the batch (as PyTorch's <c>CrossEntropyLoss(weight=…)</c> with reduction 'mean'; Keras
/// divides Σₛ wₛ·Eₛ by the batch size instead). So an integer weight n counts a sample as n copies of it in a full
/// batch, a weight of 0 leaves it out, and weights that are all 1 train exactly as none. A batch whose weights are all
/// 0 makes no update.</para>
/// <para>After every epoch the monitored loss, the validation loss when there is validation data and else the mean
/// training loss, drives early stopping, <see cref="ReduceOnPlateau"/> (through <see cref="Optimizer.ObserveLoss"/>)
/// and the <see cref="TrainingOptions.Checkpoint"/>.</para>
/// </remarks>
public sealed partial class Trainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="optimizer">The update rule, e.g. <c>new Sgd(0.5)</c>.</param>
    /// <param name="options">The settings; <c>new TrainingOptions()</c> (one online epoch) when null.</param>
    public Trainer(Optimizer optimizer, TrainingOptions? options = null)
    {
        Optimizer = Guard.NotNull(optimizer, nameof(optimizer));
        Options = options ?? new TrainingOptions();
    }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Called after each epoch's report (and after <c>IProgress</c>); returning false stops training
    /// there, with <see cref="StopReason.Stopped"/> (the best weights are still restored when early stopping asks
    /// for it). None by default.</summary>
    public Func<EpochReport, bool>? EpochEnded { get; init; }

    /// <summary>Trains on samples held one per column; see <see cref="Train(Network, Dataset, Dataset?, IProgress{EpochReport}?, CancellationToken)"/>.</summary>
    /// <param name="network">The network to train, in place.</param>
    /// <param name="inputs">The samples, inputs × samples.</param>
    /// <param name="targets">The targets, outputs × samples.</param>
    /// <param name="cancellationToken">Checked before each batch; see <see cref="TrainingCanceledException"/>.</param>
    /// <exception cref="TrainingCanceledException">The token was cancelled; names the epoch and batch where training stopped.</exception>
    /// <exception cref="ArgumentException">A shape does not fit, or <see cref="TrainingOptions.ClassWeights"/> is set
    /// (class weights need a <see cref="Dataset"/> with class names); nothing was trained.</exception>
    /// <exception cref="IOException">The <see cref="TrainingOptions.Checkpoint"/> file cannot be written; checked
    /// before the first epoch.</exception>
    public TrainingHistory Train(Network network, Matrix<double> inputs, Matrix<double> targets,
        CancellationToken cancellationToken = default)
        => TrainMatrices(network, inputs, targets, cancellationToken);

    /// <summary>Trains on float samples held one per column, as
    /// <see cref="Train(Network, Matrix{double}, Matrix{double}, CancellationToken)"/>: a float32 network reads them
    /// without conversion, a float64 one widens them (exactly) once for the run.</summary>
    /// <param name="network">The network to train, in place.</param>
    /// <param name="inputs">The samples, inputs × samples.</param>
    /// <param name="targets">The targets, outputs × samples.</param>
    /// <param name="cancellationToken">Checked before each batch; see <see cref="TrainingCanceledException"/>.</param>
    /// <exception cref="ArgumentException">As the double overload.</exception>
    public TrainingHistory Train(Network network, Matrix<float> inputs, Matrix<float> targets,
        CancellationToken cancellationToken = default)
        => TrainMatrices(network, inputs, targets, cancellationToken);

    // Both matrix forms: the shapes and values checked (and converted to the network's precision) before anything runs.
    private TrainingHistory TrainMatrices<T>(Network network, Matrix<T> inputs, Matrix<T> targets, CancellationToken cancellationToken)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Guard.NotNull(network, nameof(network));
        var x = Inputs.Batch(network, inputs, nameof(inputs));
        var t = Inputs.Targets(network, targets, nameof(targets), inputs);
        if (Options.ClassWeights is not null)
            throw new ArgumentException(
                "TrainingOptions.ClassWeights need to know the classes: train on a Dataset with class names instead of matrices.", nameof(targets));
        return Run(network, new Prepared(x, t, inputs.ColumnCount, null, inputs.ColumnCount, false), null, null, cancellationToken);
    }

    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="training"/> for <see cref="TrainingOptions.Epochs"/>
    /// epochs (fewer with early stopping), reporting after every epoch.
    /// </summary>
    /// <param name="network">The network to train, in place.</param>
    /// <param name="training">The training data.</param>
    /// <param name="validation">Validation data; when null, <see cref="TrainingOptions.ValidationSplit"/> may hold
    /// some training data out instead.</param>
    /// <param name="progress">Receives each epoch's report as it ends.</param>
    /// <param name="cancellationToken">Checked before each batch: on cancellation the network keeps every completed
    /// update (a consistent, usable state) and <see cref="TrainingCanceledException"/> (an
    /// <see cref="OperationCanceledException"/>) is thrown with the epochs completed and where training stopped.</param>
    /// <returns>One report per epoch run.</returns>
    /// <exception cref="ArgumentException">A shape does not fit or a value is out of range (class weights that do not
    /// match the classes, weights that are all 0); nothing was trained.</exception>
    /// <exception cref="IOException">The <see cref="TrainingOptions.Checkpoint"/> file cannot be written: checked
    /// before the first epoch (nothing was trained), or a later save failed (training stops there).</exception>
    /// <exception cref="TrainingDivergedException">A batch met a non-finite loss or gradient; the weights are those
    /// before that batch, and the exception names the epoch and batch.</exception>
    /// <exception cref="TrainingCanceledException">The token was cancelled; holds the history so far and where training stopped.</exception>
    public TrainingHistory Train(Network network, Dataset training, Dataset? validation = null,
        IProgress<EpochReport>? progress = null, CancellationToken cancellationToken = default)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(training, nameof(training));
        if (validation is null && Options.ValidationSplit > 0)
        {
            var (trainIdx, validIdx) = DataSplit.TrainTestIndices(training, Options.ValidationSplit, new Random(Options.Seed));
            (training, validation) = (training.Subset(trainIdx), training.Subset(validIdx));
        }
        var train = Prepare(network, training, nameof(training));
        var valid = validation is null ? (Prepared?)null : Prepare(network, validation, nameof(validation));
        return Run(network, train, valid, progress, cancellationToken);
    }

    /// <summary>Checked data, column-major (double[] or float[]), with each sample's loss weight (null: all 1) and their sum.</summary>
    private readonly record struct Prepared(Array X, Array T, int Count, double[]? Weights, double TotalWeight, bool Classification);

    private Prepared Prepare(Network network, Dataset data, string name)
    {
        var x = Inputs.Batch(network, data.Inputs, name);
        var t = Inputs.Targets(network, data.Targets, name, data.Inputs);
        var w = LossWeights.PerSample(data, Options.ClassWeights, name);
        return new Prepared(x, t, data.Count, w, w is null ? data.Count : LossWeights.Sum(w), data.IsClassification);
    }

    /// <summary>How <see cref="TrainingOptions.Checkpoint"/> writes the model with the metadata of a save; null for
    /// the network alone (<see cref="ModelFile"/>). <see cref="Model.Fit"/> writes the whole model.</summary>
    internal Func<ModelMetadata, Action<Stream>>? CheckpointWriter { get; init; }
}
