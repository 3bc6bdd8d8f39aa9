using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// A feed-forward network: dense layers applied in order, trained against a <see cref="Backprop.Loss"/> by
/// backpropagation. Batches hold one sample per column (inputs × samples), as in net = W·x.
/// </summary>
/// <remarks>
/// <para>All gradients of a step are computed from the weights as they were before that step; the optimizer then
/// updates every layer ("we use the original weights, not the updated weights").</para>
/// <para>Prediction (<see cref="Predict(Vector{double})"/> and its overloads, <see cref="ComputeLoss(Matrix{double}, Matrix{double})"/>)
/// only reads the parameters and works in a workspace of its own, so any number of threads may predict at once
/// while nobody trains; each sample's outputs are bit-identical whether it goes alone or in any batch. Training
/// (<see cref="TrainStep(Vector{double}, Vector{double}, Optimizer, int)"/>, <see cref="Trainer"/>) is one
/// thread's at a time.</para>
/// </remarks>
public sealed partial class Network
{
    private readonly DenseLayer[] _layers;
    private readonly WorkspacePool _pool;
    private TrainingStep? _step;
    private volatile string? _divergence;
    private volatile bool _verified = true;

    /// <summary>Creates a network from layers whose sizes chain: each layer's input size is the previous one's output size.</summary>
    /// <param name="layers">The layers, first hidden layer first; the network owns them from now on.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    /// <exception cref="ArgumentException">There is no layer, a layer is null, appears twice or belongs to another
    /// network, two neighbouring layers do not chain (the message names both weight shapes), or the loss does not
    /// fit the output activation (cross-entropy needs a softmax or sigmoid output).</exception>
    public Network(IEnumerable<DenseLayer> layers, Loss? loss = null)
    {
        Guard.NotNull(layers, nameof(layers));
        _layers = layers.ToArray();
        if (_layers.Length == 0) throw new ArgumentException("A network needs at least one layer.", nameof(layers));
        for (int l = 0; l < _layers.Length; l++)
        {
            if (_layers[l] is null) throw new ArgumentException($"layers[{l}] is null.", nameof(layers));
            if (Array.IndexOf(_layers, _layers[l]) != l)
                throw new ArgumentException($"layers[{l}] is the same object as an earlier layer; clone it instead.", nameof(layers));
            if (_layers[l].Owner is not null)
                throw new ArgumentException($"layers[{l}] already belongs to another network; clone it instead.", nameof(layers));
            if (l > 0 && _layers[l].InputSize != _layers[l - 1].OutputSize)
                throw new ArgumentException(
                    $"layers[{l}] weights are {Guard.Shape(_layers[l].Weights)} but layers[{l - 1}] weights are " +
                    $"{Guard.Shape(_layers[l - 1].Weights)}: layer {l} must take {_layers[l - 1].OutputSize} inputs (outputs × inputs).",
                    nameof(layers));
        }
        Loss = loss ?? Loss.HalfSquaredError;
        Loss.CheckOutputActivation(_layers[^1].Activation);
        Fused = Loss.FusesWith(_layers[^1].Activation);
        for (int l = 0; l < _layers.Length; l++) (_layers[l].Owner, _layers[l].Index) = (this, l);
        Layers = Array.AsReadOnly(_layers);
        _pool = new WorkspacePool(this);
    }

    /// <summary>Creates a network from layers, with the blog's loss E = Σ ½(target − out)².</summary>
    /// <param name="layers">The layers, first hidden layer first.</param>
    public Network(params DenseLayer[] layers) : this((IEnumerable<DenseLayer>)layers)
    {
    }

    /// <summary>The layers, first hidden layer first.</summary>
    public IReadOnlyList<DenseLayer> Layers { get; }

    /// <summary>The loss the network is trained against.</summary>
    public Loss Loss { get; }

    /// <summary>The number of inputs per sample.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>The number of outputs per sample.</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>The number of trainable values over all layers.</summary>
    public int ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>A deep copy: same weights, biases, activations, bias modes and loss; no shared buffers and no
    /// optimizer state.</summary>
    public Network Clone() => new(_layers.Select(l => l.Clone()), Loss);

    /// <summary>Throws when an update has made a parameter NaN or infinite; does nothing otherwise. Every
    /// prediction, step and save checks this (after an update, the first of them scans the parameters).</summary>
    /// <exception cref="InvalidOperationException">A parameter is not finite; the message names it.</exception>
    public void EnsureFinite()
    {
        if (!_verified) Verify(vouched: false, null, null, step: false);
        ThrowIfDiverged();
    }

    /// <summary>Runs the forward pass for one sample and returns a new vector of outputs.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    public Vector<double> Predict(Vector<double> input)
    {
        var result = Vector<double>.Build.Dense(OutputSize);
        Predict(input, result);
        return result;
    }

    /// <summary>Runs the forward pass for one sample and writes the outputs into <paramref name="result"/>.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="result">Receives <see cref="OutputSize"/> values.</param>
    public void Predict(Vector<double> input, Vector<double> result)
    {
        Guard.NotNull(result, nameof(result));
        if (result.Count != OutputSize)
            throw new ArgumentException($"result has {result.Count} values but the network has {OutputSize} outputs.", nameof(result));
        var x = Inputs.Sample(this, input, nameof(input));
        var into = result.AsArray();
        if (into is not null) Forward(x, 1, into);
        else
        {
            var o = new double[OutputSize];
            Forward(x, 1, o);
            for (int i = 0; i < o.Length; i++) result[i] = o[i];
        }
    }

    /// <summary>Runs the forward pass for one sample given as values and writes the outputs into <paramref name="result"/>;
    /// allocates nothing.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="result">Receives <see cref="OutputSize"/> values.</param>
    public void Predict(ReadOnlySpan<double> input, Span<double> result)
    {
        if (result.Length != OutputSize)
            throw new ArgumentException($"result has {result.Length} values but the network has {OutputSize} outputs.", nameof(result));
        Inputs.Sample(this, input, nameof(input));
        Forward(input, 1, result);
    }

    /// <summary>Runs the forward pass for a batch and returns a new outputs × batch matrix.</summary>
    /// <param name="inputs">The samples, inputs × batch (one sample per column).</param>
    public Matrix<double> Predict(Matrix<double> inputs)
    {
        Guard.NotNull(inputs, nameof(inputs));
        var result = Matrix<double>.Build.Dense(OutputSize, inputs.ColumnCount);
        Predict(inputs, result);
        return result;
    }

    /// <summary>Runs the forward pass for a batch and writes the outputs × batch result into <paramref name="result"/>.</summary>
    /// <param name="inputs">The samples, inputs × batch (one sample per column).</param>
    /// <param name="result">Receives outputs × batch values.</param>
    public void Predict(Matrix<double> inputs, Matrix<double> result)
    {
        Guard.NotNull(result, nameof(result));
        var x = Inputs.Batch(this, inputs, nameof(inputs));
        if (result.RowCount != OutputSize || result.ColumnCount != inputs.ColumnCount)
            throw new ArgumentException(
                $"result is {Guard.Shape(result)} but the outputs are {Guard.Shape(OutputSize, inputs.ColumnCount)} (outputs × batch).",
                nameof(result));
        var into = result.AsColumnMajorArray();
        var o = into ?? new double[OutputSize * inputs.ColumnCount];
        Forward(x, inputs.ColumnCount, o);
        if (into is null) result.SetSubMatrix(0, 0, Matrix<double>.Build.DenseOfColumnMajor(OutputSize, inputs.ColumnCount, o));
    }

    /// <summary>The loss E for one sample, by a forward pass; no gradient is computed and no weight changes.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="target">Its target, <see cref="OutputSize"/> values.</param>
    public double ComputeLoss(Vector<double> input, Vector<double> target)
    {
        var x = Inputs.Sample(this, input, nameof(input));
        var t = Inputs.Target(this, target, nameof(target));
        return ForwardLoss(x, t, 1);
    }

    /// <summary>The loss E summed over a batch, by a forward pass; no gradient is computed and no weight changes.</summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    public double ComputeLoss(Matrix<double> inputs, Matrix<double> targets)
    {
        var x = Inputs.Batch(this, inputs, nameof(inputs));
        var t = Inputs.Targets(this, targets, nameof(targets), inputs);
        return ForwardLoss(x, t, inputs.ColumnCount);
    }

    /// <summary>The layers as an array, for loops that must not allocate an enumerator.</summary>
    internal DenseLayer[] LayerArray => _layers;

    /// <summary>The number of neurons of layer <paramref name="l"/>.</summary>
    internal int OutputSizeOf(int l) => _layers[l].OutputSize;

    /// <summary>Whether the loss has a fused form with the output activation.</summary>
    internal bool Fused { get; }

    /// <summary>The step unit of this network, made on first use.</summary>
    internal TrainingStep Step => _step ??= new TrainingStep(this);

    /// <summary>The training workspace, if a step has run.</summary>
    internal Workspace? TrainingWorkspace => _step?.Workspace;

    /// <summary>The state of the optimizer that last updated this network.</summary>
    internal OptimizerState? OptimizerState { get; set; }

    /// <summary>Predictions in chunks of pooled workspaces: each sample rounds the same in any chunk.</summary>
    private void Forward(ReadOnlySpan<double> x, int columns, Span<double> result)
    {
        EnsureFinite();
        int chunk = WorkspacePool.MaxPooledColumns, ni = InputSize, no = OutputSize;
        var ws = _pool.Rent(Math.Min(columns, chunk));
        try
        {
            for (int c0 = 0; c0 < columns; c0 += chunk)
            {
                int n = Math.Min(chunk, columns - c0);
                ws.Resize(n);
                Pass.Forward(_layers, ws, x.Slice(c0 * ni, n * ni));
                ws.OutputValues.CopyTo(result.Slice(c0 * no, n * no));
            }
        }
        finally
        {
            _pool.Return(ws);
        }
    }

    private double ForwardLoss(ReadOnlySpan<double> x, ReadOnlySpan<double> t, int columns)
    {
        EnsureFinite();
        var ws = _pool.Rent(columns);
        try
        {
            ws.GrowSteps();
            t.CopyTo(ws.TargetValues);
            Pass.Forward(_layers, ws, x);
            return Pass.Loss(this, ws);
        }
        finally
        {
            _pool.Return(ws);
        }
    }

    /// <summary>A setter changed a parameter (after checking it): a diverged network may be whole again.</summary>
    internal void ParametersChanged()
    {
        if (_divergence is null) return;
        _divergence = Finite.FirstNonFiniteParameter(_layers);
        _verified = _divergence is null;
    }

    /// <summary>Whether the parameters are known to be finite: the constructors and setters check every value, and
    /// an update leaves them to be verified by the next pass (which mostly vouches for them on the way) or scan.</summary>
    internal bool ParametersVerified => _verified;

    /// <summary>An optimizer has just changed the parameters.</summary>
    internal void ParametersUpdated() => _verified = false;

    /// <summary>Settles whether the parameters are finite after an update: <paramref name="vouched"/> when a pass
    /// has shown it, else by a scan. A non-finite one marks the network so that nothing uses it until a setter
    /// repairs it, and throws: <see cref="TrainingDivergedException"/> inside a step.</summary>
    internal void Verify(bool vouched, int? epoch, int? batch, bool step = true)
    {
        string? bad = vouched ? null : Finite.FirstNonFiniteParameter(_layers);
        if (bad is null)
        {
            _verified = true;
            return;
        }
        _divergence = bad;
        if (step) throw TrainingDivergedException.Overflowed(bad, epoch, batch);
    }

    internal void ThrowIfDiverged()
    {
        var d = _divergence;
        if (d is not null)
            throw new InvalidOperationException($"An update made {d}, so the network no longer predicts or trains; set its weights again, or use a saved copy.");
    }
}
