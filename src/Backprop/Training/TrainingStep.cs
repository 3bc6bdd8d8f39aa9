using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// One training step, in one place: load a batch, run it forward, measure the loss, run it backward, check that
/// the loss and every gradient are finite, and let the optimizer update the parameters. Nothing changes before all
/// the checks have passed. <see cref="Network.TrainStep(MathNet.Numerics.LinearAlgebra.Vector{double}, MathNet.Numerics.LinearAlgebra.Vector{double}, Optimizer, int)"/>,
/// <see cref="Trainer"/>, <see cref="StepTrace"/> and <see cref="GradientCheck"/> all go through it; the trace
/// reads <see cref="TrainingStep{T}.Workspace"/> between <see cref="Evaluate"/> and <see cref="Update"/>. With
/// dropout, each load draws the masks of the network's current step (see <see cref="DropoutMasks"/>), which hold
/// for every pass over the loaded batch (so a finite difference of <see cref="Loss"/> sees the same masks as the
/// backward pass); the update moves the stream on to the next step.
/// </summary>
/// <remarks>This base speaks doubles (the public API's data); <see cref="TrainingStep{T}"/> computes in the
/// network's precision and converts what it loads once (a float32 network's data set once per
/// <see cref="Prepare(double[], double[])"/>, not per batch).</remarks>
internal abstract class TrainingStep
{
    /// <summary>The step unit of <paramref name="network"/>'s precision.</summary>
    public static TrainingStep For(Network network) => network.Precision == Precision.Float32
        ? new TrainingStep<float>(network)
        : new TrainingStep<double>(network);

    /// <summary>Whether the gradients hold a backward pass that no update has used yet.</summary>
    public abstract bool HasGradients { get; set; }

    /// <summary>Loads one checked sample and its target (or a batch of <paramref name="columns"/>); with dropout,
    /// draws the current step's masks, which every pass until the next load reuses.</summary>
    public abstract void Load(ReadOnlySpan<double> input, ReadOnlySpan<double> target, int columns);

    /// <summary>Loads float data, as <see cref="Load(ReadOnlySpan{double}, ReadOnlySpan{double}, int)"/> (no
    /// conversion for a float32 step).</summary>
    public abstract void Load(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int columns);

    /// <summary>Checked data (one sample per column) in the step's precision, converted here once, for
    /// <see cref="LoadColumns"/>.</summary>
    public abstract StepData Prepare(double[] inputs, double[] targets);

    /// <summary>Float data in the step's precision (no copy for a float32 step).</summary>
    public abstract StepData Prepare(float[] inputs, float[] targets);

    /// <summary>Gathers samples order[start .. start + count) of prepared data.</summary>
    public abstract void LoadColumns(StepData data, int[] order, int start, int count);

    /// <summary>E of the loaded batch by a forward pass alone; no gradient, no update. After an update the pass
    /// also vouches for the parameters, or a scan does (see <see cref="Network.Verify"/>). With
    /// <paramref name="weights"/> (one per column), Σ_c w_c·E_c.</summary>
    /// <exception cref="TrainingDivergedException">The last update made a parameter non-finite.</exception>
    public abstract double Loss(int? epoch = null, int? batch = null, ReadOnlySpan<double> weights = default);

    /// <summary>Forward, loss, backward and the finite checks on the loaded batch; the gradients are of
    /// <paramref name="gradientScale"/>·E. Returns E; no parameter changes.</summary>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite.</exception>
    public abstract double Evaluate(double gradientScale = 1.0, int? epoch = null, int? batch = null);

    /// <summary>
    /// <see cref="Evaluate"/> with one weight per loaded column: the loss is Σ_c w_c·E_c (returned) and the gradients
    /// are those of Σ_c w_c·E_c / Σ_c w_c, each column's δ scaled by w_c / Σw. The weights must sum to a positive
    /// number. No parameter changes.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite.</exception>
    public abstract double EvaluateWeighted(ReadOnlySpan<double> weights, int? epoch = null, int? batch = null);

    /// <summary>The optimizer's update from the gradients just evaluated.</summary>
    public abstract void Update(Optimizer optimizer, int epoch);

    /// <summary><see cref="Evaluate"/> then <see cref="Update"/>; returns E measured before the update.</summary>
    public double Run(Optimizer optimizer, double gradientScale, int epoch, int? batch = null)
    {
        double loss = Evaluate(gradientScale, batch is null ? null : epoch, batch);
        Update(optimizer, epoch);
        return loss;
    }

    /// <summary>How many samples of the last forward pass are classified as their targets say (see <see cref="Classes"/>).</summary>
    public abstract int CountCorrect();

    /// <summary>A copy of the gradients of the last backward pass, as doubles (a float's double is exact).</summary>
    public abstract NetworkGradients Gradients(double loss);
}

/// <summary>Data prepared for <see cref="TrainingStep.LoadColumns"/> in a step's precision.</summary>
internal abstract class StepData;

/// <summary>Inputs and targets of <typeparamref name="T"/>, one sample per column.</summary>
internal sealed class StepData<T>(T[] inputs, T[] targets) : StepData
{
    public T[] Inputs { get; } = inputs;

    public T[] Targets { get; } = targets;
}

/// <summary>The training step of a network of precision <typeparamref name="T"/>.</summary>
internal sealed class TrainingStep<T>(Network network) : TrainingStep where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Workspace<T> _ws = new(network, gradients: true);
    private double[] _scales = [];

    /// <summary>The numbers of the last pass.</summary>
    public Workspace<T> Workspace => _ws;

    public override bool HasGradients
    {
        get => _ws.HasGradients;
        set => _ws.HasGradients = value;
    }

    public override void Load(ReadOnlySpan<double> input, ReadOnlySpan<double> target, int columns) => LoadAny(input, target, columns);

    public override void Load(ReadOnlySpan<float> input, ReadOnlySpan<float> target, int columns) => LoadAny(input, target, columns);

    private void LoadAny<TData>(ReadOnlySpan<TData> input, ReadOnlySpan<TData> target, int columns) where TData : unmanaged, IFloatingPointIeee754<TData>
    {
        _ws.Resize(columns).GrowSteps();
        Precisions.Convert<TData, T>(input, _ws.InputValues);
        Precisions.Convert<TData, T>(target, _ws.TargetValues);
        _ws.HasGradients = false;
        if (network.HasDropout) network.DropoutMasks.Draw(network.LayerArray, _ws);
    }

    public override StepData Prepare(double[] inputs, double[] targets) =>
        new StepData<T>(Precisions.ToArray<double, T>(inputs), Precisions.ToArray<double, T>(targets));

    public override StepData Prepare(float[] inputs, float[] targets) =>
        new StepData<T>(Precisions.ToArray<float, T>(inputs), Precisions.ToArray<float, T>(targets));

    public override void LoadColumns(StepData data, int[] order, int start, int count)
    {
        var typed = (StepData<T>)data;
        T[] inputs = typed.Inputs, targets = typed.Targets;
        _ws.Resize(count).GrowSteps();
        int ni = _ws.InputSize, no = _ws.OutputSize;
        for (int c = 0; c < count; c++)
        {
            int s = order[start + c];
            Array.Copy(inputs, s * ni, _ws.Input, c * ni, ni);
            Array.Copy(targets, s * no, _ws.Target, c * no, no);
        }
        _ws.HasGradients = false;
        if (network.HasDropout) network.DropoutMasks.Draw(network.LayerArray, _ws);
    }

    public override double Loss(int? epoch = null, int? batch = null, ReadOnlySpan<double> weights = default)
    {
        network.ThrowIfDiverged();
        bool verify = !network.ParametersVerified;
        bool vouched = Pass<T>.Forward(network.LayerArray, _ws, _ws.InputValues, verify);
        if (verify) network.Verify(vouched, epoch, batch);
        return weights.IsEmpty ? Pass<T>.Loss(network, _ws) : WeightedLoss.Value(network, _ws, weights);
    }

    public override double Evaluate(double gradientScale = 1.0, int? epoch = null, int? batch = null)
    {
        double loss = Loss(epoch, batch);
        Finite.Loss(loss, epoch, batch);
        Pass<T>.Backward(network, _ws, gradientScale);
        Pass<T>.CheckGradients(_ws, epoch, batch);
        return loss;
    }

    public override double EvaluateWeighted(ReadOnlySpan<double> weights, int? epoch = null, int? batch = null)
    {
        double loss = Loss(epoch, batch, weights);
        Finite.Loss(loss, epoch, batch);
        double total = LossWeights.Sum(weights);
        if (_scales.Length < weights.Length) _scales = new double[_ws.Capacity];
        var scales = _scales.AsSpan(0, weights.Length);
        for (int c = 0; c < scales.Length; c++) scales[c] = weights[c] / total;
        Pass<T>.Backward(network, _ws, 1.0, scales);
        Pass<T>.CheckGradients(_ws, epoch, batch);
        return loss;
    }

    public override void Update(Optimizer optimizer, int epoch) => optimizer.Apply(network, _ws, epoch);

    public override int CountCorrect() => Pass<T>.CountCorrect(_ws);

    public override NetworkGradients Gradients(double loss) => NetworkGradients.Of(loss, network, _ws);
}
