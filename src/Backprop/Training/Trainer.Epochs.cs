using System.Diagnostics;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

public sealed partial class Trainer
{
    /// <summary>The history's first capacity: a generous epoch count gets no allocation in advance of its epochs.</summary>
    private const int InitialHistoryCapacity = 1024;

    private TrainingHistory Run(Network network, Prepared training, Prepared? validation,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        network.ThrowIfDiverged();
        var checkpoint = Options.Checkpoint;
        if (checkpoint is not null) AtomicFile.CheckWritable(checkpoint.Path);
        var step = network.Step;
        var (x, t, samples, weights, totalWeight, classification) = training;
        // The data in the network's precision, converted (when at all) once for the whole run.
        var data = x is float[] xf ? step.Prepare(xf, (float[])t) : step.Prepare((double[])x, (double[])t);
        var validData = validation is { } held ? step.Prepare((double[])held.X, (double[])held.T) : null;
        int batchSize = Math.Min(Options.BatchSize, samples);
        var batchWeights = weights is null ? null : new double[batchSize];
        var order = Enumerable.Range(0, samples).ToArray();
        var shuffler = new Random(Options.Seed);
        network.SeedDropout(Options.Seed); // its own stream of the seed: the shuffles are the same with dropout or without
        var stopping = Options.EarlyStopping;
        double best = double.PositiveInfinity, bestSaved = double.PositiveInfinity;
        int bestEpoch = -1, sinceBest = 0;
        int? savedEpoch = null;
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
            for (int start = 0, batch = 0; start < samples; start += batchSize, batch++)
            {
                if (cancellationToken.IsCancellationRequested)
                    throw new TrainingCanceledException(
                        new TrainingHistory(reports.ToArray(), StopReason.Canceled, stopping is null ? null : bestEpoch, savedEpoch),
                        epoch, batch, cancellationToken);
                int count = Math.Min(batchSize, samples - start);
                step.LoadColumns(data, order, start, count);
                if (batchWeights is null)
                {
                    sum += step.Evaluate(1.0 / count, epoch, batch);
                }
                else
                {
                    var w = batchWeights.AsSpan(0, count);
                    for (int c = 0; c < count; c++) w[c] = weights![order[start + c]];
                    if (LossWeights.Sum(w) == 0)
                    {
                        // Nothing in this batch counts: no update, but its samples are still classified.
                        if (!classification) continue;
                        step.Loss(epoch, batch);
                        correct += step.CountCorrect();
                        continue;
                    }
                    sum += step.EvaluateWeighted(w, epoch, batch);
                }
                if (classification) correct += step.CountCorrect();
                step.Update(Optimizer, epoch);
                updates++;
            }

            double? validLoss = null, validAccuracy = null;
            if (validation is { } v)
            {
                // Checked once before the first epoch; one pass gives the loss and the accuracy.
                var (loss, right) = network.Evaluate(validData!, v.Count, v.Classification, v.Weights);
                validLoss = loss / v.TotalWeight;
                if (v.Classification) validAccuracy = (double)right / v.Count;
            }
            var report = new EpochReport(epoch, sum, samples, updates, Optimizer.LearningRateAt(network, epoch),
                classification ? (double)correct / samples : null, validLoss, validAccuracy, clock.Elapsed);
            if (weights is not null) report = report with { TotalWeight = totalWeight };
            reports.Add(report);

            double monitored = validLoss ?? report.MeanLoss;
            if (checkpoint is not null && monitored < bestSaved)
            {
                SaveCheckpoint(network, checkpoint, checkpoint.MetadataFor(epoch, report.MeanLoss, monitored, validLoss is not null));
                (bestSaved, savedEpoch) = (monitored, epoch);
            }
            Optimizer.ObserveLoss(network, monitored);
            progress?.Report(report);
            bool stopAsked = EpochEnded is { } epochEnded && !epochEnded(report);

            if (stopping is null)
            {
                if (!stopAsked) continue;
                reason = StopReason.Stopped;
                break;
            }
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
        return new TrainingHistory(reports.AsReadOnly(), reason, stopping is null ? null : bestEpoch, savedEpoch);
    }

    /// <summary>Writes the network as it stands (or, from <see cref="Model.Fit"/>, the whole model) to the checkpoint
    /// file, atomically.</summary>
    private void SaveCheckpoint(Network network, Checkpoint checkpoint, ModelMetadata metadata) =>
        AtomicFile.WriteStream(checkpoint.Path, CheckpointWriter?.Invoke(metadata) ?? (stream => ModelFile.Save(network, stream, metadata)));

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
