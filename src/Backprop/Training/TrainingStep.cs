using Backprop.Internal;

namespace Backprop;

/// <summary>
/// One training step, in one place: load a batch, run it forward, measure the loss, run it backward, check that
/// the loss and every gradient are finite, and let the optimizer update the parameters. Nothing changes before all
/// the checks have passed. <see cref="Network.TrainStep(MathNet.Numerics.LinearAlgebra.Vector{double}, MathNet.Numerics.LinearAlgebra.Vector{double}, Optimizer, int)"/>,
/// <see cref="Trainer"/>, <see cref="StepTrace"/> and <see cref="GradientCheck"/> all go through it; the trace
/// reads <see cref="Workspace"/> between <see cref="Evaluate"/> and <see cref="Update"/>. With dropout, each load
/// draws the masks of the network's current step (see <see cref="DropoutMasks"/>), which hold for every pass over
/// the loaded batch (so a finite difference of <see cref="Loss"/> sees the same masks as the backward pass); the
/// update moves the stream on to the next step.
/// </summary>
internal sealed class TrainingStep(Network network)
{
    private readonly Workspace _ws = new(network, gradients: true);
    private double[] _scales = [];

    /// <summary>The numbers of the last pass.</summary>
    public Workspace Workspace => _ws;

    /// <summary>Loads one checked sample and its target (or a batch of <paramref name="columns"/>); with dropout,
    /// draws the current step's masks, which every pass until the next load reuses.</summary>
    public void Load(ReadOnlySpan<double> input, ReadOnlySpan<double> target, int columns)
    {
        _ws.Resize(columns).GrowSteps();
        input.CopyTo(_ws.InputValues);
        target.CopyTo(_ws.TargetValues);
        _ws.HasGradients = false;
        if (network.HasDropout) network.DropoutMasks.Draw(network.LayerArray, _ws);
    }

    /// <summary>Gathers samples order[start .. start + count) of checked data (one sample per column).</summary>
    public void LoadColumns(double[] inputs, double[] targets, int[] order, int start, int count)
    {
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

    /// <summary>E of the loaded batch by a forward pass alone; no gradient, no update. After an update the pass
    /// also vouches for the parameters, or a scan does (see <see cref="Network.Verify"/>). With
    /// <paramref name="weights"/> (one per column), Σ_c w_c·E_c.</summary>
    /// <exception cref="TrainingDivergedException">The last update made a parameter non-finite.</exception>
    public double Loss(int? epoch = null, int? batch = null, ReadOnlySpan<double> weights = default)
    {
        network.ThrowIfDiverged();
        bool verify = !network.ParametersVerified;
        bool vouched = Pass.Forward(network.LayerArray, _ws, _ws.InputValues, verify);
        if (verify) network.Verify(vouched, epoch, batch);
        return weights.IsEmpty ? Pass.Loss(network, _ws) : WeightedLoss.Value(network, _ws, weights);
    }

    /// <summary>Forward, loss, backward and the finite checks on the loaded batch; the gradients are of
    /// <paramref name="gradientScale"/>·E. Returns E; no parameter changes.</summary>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite.</exception>
    public double Evaluate(double gradientScale = 1.0, int? epoch = null, int? batch = null)
    {
        double loss = Loss(epoch, batch);
        Finite.Loss(loss, epoch, batch);
        Pass.Backward(network, _ws, gradientScale);
        Pass.CheckGradients(_ws, epoch, batch);
        return loss;
    }

    /// <summary>
    /// <see cref="Evaluate"/> with one weight per loaded column: the loss is Σ_c w_c·E_c (returned) and the gradients
    /// are those of Σ_c w_c·E_c / Σ_c w_c, each column's δ scaled by w_c / Σw. The weights must sum to a positive
    /// number. No parameter changes.
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite.</exception>
    public double EvaluateWeighted(ReadOnlySpan<double> weights, int? epoch = null, int? batch = null)
    {
        double loss = Loss(epoch, batch, weights);
        Finite.Loss(loss, epoch, batch);
        double total = LossWeights.Sum(weights);
        if (_scales.Length < weights.Length) _scales = new double[_ws.Capacity];
        var scales = _scales.AsSpan(0, weights.Length);
        for (int c = 0; c < scales.Length; c++) scales[c] = weights[c] / total;
        Pass.Backward(network, _ws, 1.0, scales);
        Pass.CheckGradients(_ws, epoch, batch);
        return loss;
    }

    /// <summary>The optimizer's update from the gradients just evaluated.</summary>
    public void Update(Optimizer optimizer, int epoch) => optimizer.Apply(network, _ws, epoch);

    /// <summary><see cref="Evaluate"/> then <see cref="Update"/>; returns E measured before the update.</summary>
    public double Run(Optimizer optimizer, double gradientScale, int epoch, int? batch = null)
    {
        double loss = Evaluate(gradientScale, batch is null ? null : epoch, batch);
        Update(optimizer, epoch);
        return loss;
    }

    /// <summary>How many samples of the last forward pass are classified as their targets say (see <see cref="Classes"/>).</summary>
    public int CountCorrect() => Pass.CountCorrect(_ws);
}
