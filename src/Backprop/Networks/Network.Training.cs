using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

public sealed partial class Network
{
    /// <summary>
    /// One training step on one sample: gradients from the current weights, then the optimizer's update of every
    /// layer. Returns E measured before the update.
    /// </summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="target">Its target, <see cref="OutputSize"/> values.</param>
    /// <param name="optimizer">The update rule, e.g. <c>new Sgd(0.5)</c>.</param>
    /// <param name="epoch">The 0-based epoch, for the optimizer's schedule (default 0).</param>
    /// <exception cref="ArgumentException">A shape does not fit, or an input or target is NaN or infinite.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite; no weight was changed.</exception>
    public double TrainStep(Vector<double> input, Vector<double> target, Optimizer optimizer, int epoch = 0)
    {
        Guard.NotNull(optimizer, nameof(optimizer));
        var x = Inputs.Sample(this, input, nameof(input));
        var t = Inputs.Target(this, target, nameof(target));
        Step.Load(x, t, 1);
        return Step.Run(optimizer, 1.0, epoch);
    }

    /// <summary>One training step on a batch; returns E summed over the batch, measured before the update.</summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="reduction">Whether the update follows the gradient of the summed loss (default) or of the mean
    /// loss over the batch (as <see cref="Trainer"/> does).</param>
    /// <param name="epoch">The 0-based epoch, for the optimizer's schedule (default 0).</param>
    /// <exception cref="ArgumentException">A shape does not fit, or an input or target is NaN or infinite.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite; no weight was changed.</exception>
    public double TrainStep(Matrix<double> inputs, Matrix<double> targets, Optimizer optimizer,
        LossReduction reduction = LossReduction.Sum, int epoch = 0)
    {
        Guard.NotNull(optimizer, nameof(optimizer));
        LoadChecked(inputs, targets);
        return Step.Run(optimizer, Scale(reduction, inputs.ColumnCount), epoch);
    }

    /// <summary>One training step on a batch of floats, as
    /// <see cref="TrainStep(Matrix{double}, Matrix{double}, Optimizer, LossReduction, int)"/>: a float32 network
    /// reads them without conversion (a float64 one widens them exactly).</summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="reduction">The gradient of the summed loss (default) or of the mean over the batch.</param>
    /// <param name="epoch">The 0-based epoch, for the optimizer's schedule (default 0).</param>
    /// <exception cref="ArgumentException">A shape does not fit, or an input or target is NaN or infinite.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite; no weight was changed.</exception>
    public double TrainStep(Matrix<float> inputs, Matrix<float> targets, Optimizer optimizer,
        LossReduction reduction = LossReduction.Sum, int epoch = 0)
    {
        Guard.NotNull(optimizer, nameof(optimizer));
        var x = Inputs.Batch(this, inputs, nameof(inputs));
        var t = Inputs.Targets(this, targets, nameof(targets), inputs);
        Step.Load(x, t, inputs.ColumnCount);
        return Step.Run(optimizer, Scale(reduction, inputs.ColumnCount), epoch);
    }

    /// <summary>
    /// Forward and backward pass for a batch, with no weight change: E and its gradients (of the summed loss, or of
    /// the mean with <see cref="LossReduction.Mean"/>). <see cref="Optimizer.Step"/> may follow with these gradients.
    /// </summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    /// <param name="reduction">Sum (default) or mean over the batch.</param>
    /// <returns>A copy of ∂E/∂W and ∂E/∂b for every layer, with E.</returns>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite.</exception>
    public NetworkGradients ComputeGradients(Matrix<double> inputs, Matrix<double> targets, LossReduction reduction = LossReduction.Sum)
    {
        LoadChecked(inputs, targets);
        double loss = Step.Evaluate(Scale(reduction, inputs.ColumnCount));
        return Step.Gradients(loss);
    }

    /// <summary>
    /// Forward and backward pass for a batch whose samples weigh <paramref name="sampleWeights"/> in the loss, with no
    /// weight change: the gradients are those of the weighted mean Σₛ wₛ·Eₛ / Σₛ wₛ (what <see cref="Trainer"/>
    /// follows for a weighted batch), and <see cref="NetworkGradients.Loss"/> is Σₛ wₛ·Eₛ.
    /// <see cref="Optimizer.Step"/> may follow with these gradients.
    /// </summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    /// <param name="sampleWeights">One weight per sample (column): each finite and ≥ 0, not all 0.</param>
    /// <returns>A copy of ∂E/∂W and ∂E/∂b for every layer, with the weighted loss.</returns>
    /// <exception cref="ArgumentException">A shape does not fit, a value is not finite, the weight count differs from
    /// the sample count, or a weight is out of range (the message names its index).</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite.</exception>
    public NetworkGradients ComputeGradients(Matrix<double> inputs, Matrix<double> targets, IReadOnlyList<double> sampleWeights)
    {
        Guard.NotNull(inputs, nameof(inputs));
        Guard.NotNull(sampleWeights, nameof(sampleWeights));
        if (sampleWeights.Count != inputs.ColumnCount)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"sampleWeights has {sampleWeights.Count} values but inputs has {inputs.ColumnCount} samples: one weight per sample."), nameof(sampleWeights));
        var weights = LossWeights.Checked(sampleWeights, nameof(sampleWeights));
        LoadChecked(inputs, targets);
        double loss = Step.EvaluateWeighted(weights);
        return Step.Gradients(loss);
    }

    /// <summary>Forward and backward pass for one sample; see <see cref="ComputeGradients(Matrix{double}, Matrix{double}, LossReduction)"/>.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="target">Its target, <see cref="OutputSize"/> values.</param>
    public NetworkGradients ComputeGradients(Vector<double> input, Vector<double> target)
    {
        var x = Inputs.Sample(this, input, nameof(input));
        var t = Inputs.Target(this, target, nameof(target));
        Step.Load(x, t, 1);
        double loss = Step.Evaluate();
        return Step.Gradients(loss);
    }

    private void LoadChecked(Matrix<double> inputs, Matrix<double> targets)
    {
        var x = Inputs.Batch(this, inputs, nameof(inputs));
        var t = Inputs.Targets(this, targets, nameof(targets), inputs);
        Step.Load(x, t, inputs.ColumnCount);
    }

    private static double Scale(LossReduction reduction, int columns)
    {
        return reduction switch
        {
            LossReduction.Sum => 1.0,
            LossReduction.Mean => 1.0 / columns,
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown loss reduction."),
        };
    }
}
