using System.Diagnostics;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Trains a network by mini-batch gradient descent: each epoch walks the samples (in data order, or shuffled from
/// the seed) in batches of <see cref="TrainingOptions.BatchSize"/>; each batch gets one forward pass, one backward
/// pass of the mean batch loss, and one update.
/// </summary>
public sealed class Trainer
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
    public TrainingHistory Train(Network network, Matrix<double> inputs, Matrix<double> targets,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(network, nameof(network));
        var x = Inputs.Batch(network, inputs, nameof(inputs));
        var t = Inputs.Targets(network, targets, nameof(targets), inputs);
        return Run(network, x, t, inputs.ColumnCount, null, false, null, cancellationToken);
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
    /// <exception cref="ArgumentException">A shape does not fit or a value is out of range; nothing was trained.</exception>
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
        var x = Inputs.Batch(network, training.Inputs, nameof(training));
        var t = Inputs.Targets(network, training.Targets, nameof(training), training.Inputs);
        if (validation is not null)
        {
            var vx = Inputs.Batch(network, validation.Inputs, nameof(validation));
            var vt = Inputs.Targets(network, validation.Targets, nameof(validation), validation.Inputs);
            return Run(network, x, t, training.Count, (vx, vt, validation.Count, validation.IsClassification),
                training.IsClassification, progress, cancellationToken);
        }
        return Run(network, x, t, training.Count, null, training.IsClassification, progress, cancellationToken);
    }

    /// <summary>The history's first capacity: a generous epoch count gets no allocation in advance of its epochs.</summary>
    private const int InitialHistoryCapacity = 1024;

    private TrainingHistory Run(Network network, double[] x, double[] t, int samples,
        (double[] X, double[] T, int Count, bool Classification)? validation,
        bool classification, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        network.ThrowIfDiverged();
        var step = network.Step;
        int batchSize = Math.Min(Options.BatchSize, samples);
        var order = Enumerable.Range(0, samples).ToArray();
        var shuffler = new Random(Options.Seed);
        network.SeedDropout(Options.Seed); // its own stream of the seed: the shuffles are the same with dropout or without
        var stopping = Options.EarlyStopping;
        double best = double.PositiveInfinity;
        int bestEpoch = -1, sinceBest = 0;
        (Matrix<double> W, Vector<double> B)[]? bestWeights = null;
        var reports = new List<EpochReport>(Math.Min(Options.Epochs, InitialHistoryCapacity));
        var reason = StopReason.Completed;
        var clock = new Stopwatch();

        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            clock.Restart();
            if (Options.Shuffle) Shuffle(order, shuffler);
            double sum = 0;
            int correct = 0, updates = 0;
            for (int start = 0; start < samples; start += batchSize, updates++)
            {
                if (cancellationToken.IsCancellationRequested)
                    throw new TrainingCanceledException(new TrainingHistory(reports.ToArray(), StopReason.Canceled, stopping is null ? null : bestEpoch),
                        epoch, updates, cancellationToken);
                int count = Math.Min(batchSize, samples - start);
                step.LoadColumns(x, t, order, start, count);
                sum += step.Evaluate(1.0 / count, epoch, updates);
                if (classification) correct += step.CountCorrect();
                step.Update(Optimizer, epoch);
            }

            double? validLoss = null, validAccuracy = null;
            if (validation is not null)
            {
                // Checked once before the first epoch; one pass gives the loss and the accuracy.
                var (vx, vt, count, isClassification) = validation.Value;
                var (loss, right) = network.Evaluate(vx, vt, count, isClassification);
                validLoss = loss / count;
                if (isClassification) validAccuracy = (double)right / count;
            }
            var report = new EpochReport(epoch, sum, samples, updates, Optimizer.LearningRateAt(epoch),
                classification ? (double)correct / samples : null, validLoss, validAccuracy, clock.Elapsed);
            reports.Add(report);
            progress?.Report(report);
            bool stopAsked = EpochEnded is { } epochEnded && !epochEnded(report);

            if (stopping is null)
            {
                if (!stopAsked) continue;
                reason = StopReason.Stopped;
                break;
            }
            double monitored = validLoss ?? report.MeanLoss;
            if (monitored < best - stopping.MinDelta || bestEpoch < 0)
            {
                best = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                if (stopping.RestoreBestWeights) bestWeights = Snapshot(network, bestWeights);
            }
            else if (++sinceBest >= stopping.Patience)
            {
                reason = StopReason.EarlyStopped;
                break;
            }
            if (stopAsked)
            {
                reason = StopReason.Stopped;
                break;
            }
        }
        if (bestWeights is not null) Restore(network, bestWeights);
        return new TrainingHistory(reports.AsReadOnly(), reason, stopping is null ? null : bestEpoch);
    }

    private static void Shuffle(int[] order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    private static (Matrix<double> W, Vector<double> B)[] Snapshot(Network network, (Matrix<double> W, Vector<double> B)[]? into)
    {
        into ??= network.Layers.Select(l => (Matrix<double>.Build.Dense(l.OutputSize, l.InputSize), Vector<double>.Build.Dense(l.OutputSize))).ToArray();
        for (int l = 0; l < into.Length; l++)
        {
            network.Layers[l].Weights.CopyTo(into[l].W);
            network.Layers[l].Bias.CopyTo(into[l].B);
        }
        return into;
    }

    private static void Restore(Network network, (Matrix<double> W, Vector<double> B)[] from)
    {
        for (int l = 0; l < from.Length; l++)
        {
            network.Layers[l].SetWeights(from[l].W);
            network.Layers[l].SetBias(from[l].B);
        }
    }
}
