using System.Diagnostics;

namespace Backprop;

public sealed partial class Model
{
    private static void CheckLbfgs(FitOptions options, Dataset? validation)
    {
        string? refused = options.Dropout != 0 ? "Dropout"
            : validation is not null || options.Training.ValidationSplit > 0 ? "validation data"
            : options.Training.EarlyStopping is not null ? "Training.EarlyStopping"
            : options.Training.ClassWeights is not null ? "Training.ClassWeights"
            : options.Training.Checkpoint is not null ? "Training.Checkpoint"
            : null;
        if (refused is not null)
            throw new ArgumentException($"options.Lbfgs is set, and {refused} does not apply to L-BFGS: it minimises one fixed full-batch objective by a line search.", nameof(options));
    }

    /// <summary>Trains by L-BFGS, reporting each iteration as an epoch (MeanLoss f, LearningRate the step α).</summary>
    private static FitResult FitByLbfgs(Network network, Dataset train, LbfgsOptions lbfgs, Func<Model> wrap,
        IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        var iterations = new Progress(i =>
        {
            var report = new EpochReport(i.Iteration - 1, i.Loss * train.Count, train.Count, 1, i.Step, null, null, null, clock.Elapsed);
            clock.Restart();
            reports.Add(report);
            progress?.Report(report);
        });
        try
        {
            var result = new LbfgsTrainer(lbfgs).Train(network, train, iterations, cancellationToken);
            return new FitResult(wrap(), new TrainingHistory(reports.ToArray(), StopReason.Completed, null)) { Lbfgs = result };
        }
        catch (LbfgsCanceledException e)
        {
            throw new TrainingCanceledException(new TrainingHistory(reports.ToArray(), StopReason.Canceled, null),
                e.Result.Iterations, 0, e.CancellationToken) { Model = wrap() };
        }
    }

    /// <summary>Reports synchronously, in order, on the training thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class Progress(Action<LbfgsIteration> report) : IProgress<LbfgsIteration>
    {
        public void Report(LbfgsIteration value) => report(value);
    }
}
