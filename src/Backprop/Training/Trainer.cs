using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Online training: for each epoch, each sample in order gets one step (forward, backward, update).
/// </summary>
public sealed class Trainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="optimizer">The update rule, e.g. <c>new Sgd(0.5)</c>.</param>
    /// <param name="options">The settings; <c>new TrainingOptions()</c> (one epoch) when null.</param>
    public Trainer(Optimizer optimizer, TrainingOptions? options = null)
    {
        Optimizer = Guard.NotNull(optimizer, nameof(optimizer));
        Options = options ?? new TrainingOptions();
    }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Trains <paramref name="network"/> on the samples for <see cref="TrainingOptions.Epochs"/> epochs.</summary>
    /// <param name="network">The network to train, in place.</param>
    /// <param name="inputs">The samples, inputs × samples (one sample per column).</param>
    /// <param name="targets">The targets, outputs × samples.</param>
    /// <param name="cancellationToken">Checked before each sample; on cancellation the network keeps every completed
    /// update and <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>One report per epoch.</returns>
    /// <exception cref="ArgumentException">A shape does not fit or a value is NaN or infinite; nothing was trained.</exception>
    /// <exception cref="TrainingDivergedException">A step met a non-finite loss or gradient; the weights are those
    /// before that step, and the exception names the epoch and sample.</exception>
    public TrainingHistory Train(Network network, Matrix<double> inputs, Matrix<double> targets,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(network, nameof(network));
        var x = network.CheckBatch(inputs, nameof(inputs));
        var t = network.CheckTargets(targets, nameof(targets), inputs);
        network.CheckParametersFinite();
        int samples = inputs.ColumnCount;
        var reports = new List<EpochReport>(Options.Epochs);
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            double sum = 0;
            for (int s = 0; s < samples; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                network.LoadColumn(x, t, s);
                sum += network.Step(Optimizer, epoch, s);
            }
            reports.Add(new EpochReport(epoch, sum, samples));
        }
        return new TrainingHistory(reports.AsReadOnly());
    }
}
