using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// A feed-forward network: dense layers applied in order, trained against a <see cref="Backprop.Loss"/> by
/// backpropagation. Batches hold one sample per column (inputs × samples), as in net = W·x.
/// </summary>
/// <remarks>
/// <para>All gradients of a step are computed from the weights as they were before that step; the optimizer then
/// updates every layer ("we use the original weights, not the updated weights").</para>
/// <para>A network reuses its buffers between calls and is not thread-safe; <see cref="Clone"/> gives an
/// independent copy.</para>
/// </remarks>
public sealed class Network
{
    private readonly DenseLayer[] _layers;
    private readonly Dictionary<int, DenseMatrix> _inputs = [], _targets = [];
    private readonly bool _fused;
    private DenseMatrix _input;
    private DenseMatrix _target;

    /// <summary>Creates a network from layers whose sizes chain: each layer's input size is the previous one's output size.</summary>
    /// <param name="layers">The layers, first hidden layer first; the network owns them from now on.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    /// <exception cref="ArgumentException">There is no layer, a layer is null or appears twice, two neighbouring
    /// layers do not chain (the message names both weight shapes), or the loss does not fit the output activation
    /// (cross-entropy needs a softmax or sigmoid output).</exception>
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
            if (l > 0 && _layers[l].InputSize != _layers[l - 1].OutputSize)
                throw new ArgumentException(
                    $"layers[{l}] weights are {Guard.Shape(_layers[l].Weights)} but layers[{l - 1}] weights are " +
                    $"{Guard.Shape(_layers[l - 1].Weights)}: layer {l} must take {_layers[l - 1].OutputSize} inputs (outputs × inputs).",
                    nameof(layers));
        }
        Loss = loss ?? Loss.HalfSquaredError;
        Loss.CheckOutputActivation(_layers[^1].Activation);
        _fused = Loss.FusesWith(_layers[^1].Activation);
        Layers = Array.AsReadOnly(_layers);
        _input = Buffer(_inputs, InputSize, 1);
        _target = Buffer(_targets, OutputSize, 1);
    }

    /// <summary>Creates a network from layers, with the blog's loss E = Σ ½(target − out)².</summary>
    /// <param name="layers">The layers, first hidden layer first.</param>
    public Network(params DenseLayer[] layers) : this((IEnumerable<DenseLayer>)layers)
    {
    }

    /// <summary>Creates a network with weights drawn by <paramref name="initializer"/> from <c>new Random(seed)</c>.</summary>
    /// <param name="inputSize">The number of inputs per sample; at least 1.</param>
    /// <param name="layers">The layers' sizes, activations and bias modes, first hidden layer first.</param>
    /// <param name="initializer">Draws the initial weights, e.g. <see cref="UniformInitializer"/>.</param>
    /// <param name="seed">The seed; the same seed gives bit-identical weights.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    public static Network Create(int inputSize, IEnumerable<LayerDefinition> layers, IWeightInitializer initializer,
        int seed, Loss? loss = null) =>
        Create(inputSize, layers, initializer, new Random(seed), loss);

    /// <summary>Creates a network with weights drawn by <paramref name="initializer"/> from the given random source,
    /// layer by layer in order.</summary>
    /// <param name="inputSize">The number of inputs per sample; at least 1.</param>
    /// <param name="layers">The layers' sizes, activations and bias modes, first hidden layer first.</param>
    /// <param name="initializer">Draws the initial weights, e.g. <see cref="UniformInitializer"/>.</param>
    /// <param name="random">The random source, seeded by the caller.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    public static Network Create(int inputSize, IEnumerable<LayerDefinition> layers, IWeightInitializer initializer,
        Random random, Loss? loss = null)
    {
        Guard.AtLeast(inputSize, 1, nameof(inputSize));
        Guard.NotNull(layers, nameof(layers));
        Guard.NotNull(initializer, nameof(initializer));
        Guard.NotNull(random, nameof(random));
        var built = new List<DenseLayer>();
        int fanIn = inputSize;
        foreach (var d in layers)
        {
            if (d is null) throw new ArgumentException($"layers[{built.Count}] is null.", nameof(layers));
            var w = new DenseMatrix(d.Size, fanIn);
            var b = new DenseVector(d.Size);
            initializer.Initialize(built.Count, w, b, d.BiasMode != BiasMode.None, random);
            built.Add(new DenseLayer(w, d.BiasMode == BiasMode.None ? null : b, d.Activation, d.BiasMode));
            fanIn = d.Size;
        }
        return new Network(built, loss);
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

    /// <summary>The input block of the last pass, inputs × batch (a copy the network owns).</summary>
    public Matrix<double> Input => _input;

    /// <summary>The target block of the last loss or gradient computation, outputs × batch.</summary>
    public Matrix<double> Target => _target;

    /// <summary>A deep copy: same weights, biases, activations, bias modes and loss; no shared buffers.</summary>
    public Network Clone() => new(_layers.Select(l => l.Clone()), Loss);

    /// <summary>Runs the forward pass for one sample and returns a new vector of outputs.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    public Vector<double> Predict(Vector<double> input)
    {
        var result = new DenseVector(OutputSize);
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
        LoadSample(input, nameof(input));
        Forward();
        var o = _layers[^1].OutputValues;
        for (int i = 0; i < OutputSize; i++) result[i] = o[i];
    }

    /// <summary>Runs the forward pass for a batch and returns a new outputs × batch matrix.</summary>
    /// <param name="inputs">The samples, inputs × batch (one sample per column).</param>
    public Matrix<double> Predict(Matrix<double> inputs)
    {
        Guard.NotNull(inputs, nameof(inputs));
        var result = new DenseMatrix(OutputSize, inputs.ColumnCount);
        Predict(inputs, result);
        return result;
    }

    /// <summary>Runs the forward pass for a batch and writes the outputs × batch result into <paramref name="result"/>.</summary>
    /// <param name="inputs">The samples, inputs × batch (one sample per column).</param>
    /// <param name="result">Receives outputs × batch values.</param>
    public void Predict(Matrix<double> inputs, Matrix<double> result)
    {
        Guard.NotNull(result, nameof(result));
        LoadBatch(inputs, nameof(inputs));
        if (result.RowCount != OutputSize || result.ColumnCount != inputs.ColumnCount)
            throw new ArgumentException(
                $"result is {Guard.Shape(result)} but the outputs are {Guard.Shape(OutputSize, inputs.ColumnCount)} (outputs × batch).",
                nameof(result));
        Forward();
        _layers[^1].Output.CopyTo(result);
    }

    /// <summary>The loss E for one sample, by a forward pass; no gradient is computed and no weight changes.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="target">Its target, <see cref="OutputSize"/> values.</param>
    public double ComputeLoss(Vector<double> input, Vector<double> target)
    {
        LoadSample(input, nameof(input), target, nameof(target));
        return ForwardLoss();
    }

    /// <summary>The loss E summed over a batch, by a forward pass; no gradient is computed and no weight changes.</summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    public double ComputeLoss(Matrix<double> inputs, Matrix<double> targets)
    {
        LoadBatch(inputs, nameof(inputs), targets, nameof(targets));
        return ForwardLoss();
    }

    /// <summary>
    /// Forward and backward pass for one sample: fills every layer's net, out, δ, ∂E/∂W and ∂E/∂b and returns E.
    /// No weight changes.
    /// </summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="target">Its target, <see cref="OutputSize"/> values.</param>
    public double ComputeGradients(Vector<double> input, Vector<double> target)
    {
        LoadSample(input, nameof(input), target, nameof(target));
        return ForwardBackward();
    }

    /// <summary>
    /// Forward and backward pass for a batch: the gradients are those of E summed over the batch. No weight changes.
    /// </summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    public double ComputeGradients(Matrix<double> inputs, Matrix<double> targets)
    {
        LoadBatch(inputs, nameof(inputs), targets, nameof(targets));
        return ForwardBackward();
    }

    /// <summary>
    /// One training step on one sample: gradients from the current weights, then the optimizer's update of every
    /// layer. Returns E measured before the update.
    /// </summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="target">Its target, <see cref="OutputSize"/> values.</param>
    /// <param name="optimizer">The update rule, e.g. <c>new Sgd(0.5)</c>.</param>
    /// <exception cref="ArgumentException">A shape does not fit, or an input, target, weight or bias is NaN or infinite.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite; no weight was changed.</exception>
    public double TrainStep(Vector<double> input, Vector<double> target, Optimizer optimizer)
    {
        Guard.NotNull(optimizer, nameof(optimizer));
        LoadSample(input, nameof(input), target, nameof(target));
        return Step(optimizer, null, null);
    }

    /// <summary>Loads one sample and its target after checking them, for a step recorded elsewhere.</summary>
    internal void Load(Vector<double> input, Vector<double> target) => LoadSample(input, nameof(input), target, nameof(target));

    /// <summary>One training step on a batch; returns E summed over the batch, measured before the update.</summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="reduction">Whether the update follows the gradient of the summed loss (default) or of the mean
    /// loss over the batch (as <see cref="Trainer"/> does).</param>
    /// <exception cref="ArgumentException">A shape does not fit, or an input, target, weight or bias is NaN or infinite.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient is not finite; no weight was changed.</exception>
    public double TrainStep(Matrix<double> inputs, Matrix<double> targets, Optimizer optimizer, LossReduction reduction = LossReduction.Sum)
    {
        Guard.NotNull(optimizer, nameof(optimizer));
        LoadBatch(inputs, nameof(inputs), targets, nameof(targets));
        return Step(optimizer, null, null, reduction == LossReduction.Mean ? 1.0 / inputs.ColumnCount : 1.0);
    }

    /// <summary>A step on the sample already loaded; checks everything before any weight changes.</summary>
    internal double Step(Optimizer optimizer, int? epoch, int? sample, double gradientScale = 1.0, Action? beforeUpdate = null)
    {
        double loss = ForwardBackward(gradientScale);
        // Before any weight changes: what the pass did not vouch for is scanned (see DenseLayer.ParametersCertified).
        CheckParametersFinite(trustLastPass: true);
        if (!double.IsFinite(loss))
            throw new TrainingDivergedException($"The loss is {Guard.Describe(loss)}", epoch, sample);
        CheckGradientsFinite(epoch, sample);
        beforeUpdate?.Invoke();
        optimizer.Step(this);
        return loss;
    }

    private void CheckGradientsFinite(int? epoch, int? sample)
    {
        foreach (var layer in _layers)
            if (!layer.GradientsCertified && !(Kernels.AllFinite(layer.WeightGradientValues) && Kernels.AllFinite(layer.BiasGradientValues)))
                ThrowGradientNotFinite(epoch, sample);
    }

    private void ThrowGradientNotFinite(int? epoch, int? sample)
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            int i = Kernels.FirstNonFinite(_layers[l].WeightGradientValues);
            if (i >= 0)
                throw new TrainingDivergedException(
                    $"∂E/∂W of layer {l} at [{i % _layers[l].OutputSize}, {i / _layers[l].OutputSize}] is " +
                    Guard.Describe(_layers[l].WeightGradientValues[i]), epoch, sample);
            i = Kernels.FirstNonFinite(_layers[l].BiasGradientValues);
            if (i >= 0)
                throw new TrainingDivergedException(
                    $"∂E/∂b of layer {l} at [{i}] is {Guard.Describe(_layers[l].BiasGradientValues[i])}", epoch, sample);
        }
    }

    /// <summary>Gathers samples order[start .. start + count) of validated data into the batch buffers.</summary>
    internal void LoadColumns(double[] inputs, double[] targets, int[] order, int start, int count)
    {
        if (_input.ColumnCount != count) _input = Buffer(_inputs, InputSize, count);
        if (_target.ColumnCount != count) _target = Buffer(_targets, OutputSize, count);
        for (int c = 0; c < count; c++)
        {
            int s = order[start + c];
            Array.Copy(inputs, s * InputSize, _input.Values, c * InputSize, InputSize);
            Array.Copy(targets, s * OutputSize, _target.Values, c * OutputSize, OutputSize);
        }
    }

    /// <summary>How many samples of the last forward pass are classified as their targets say (see <see cref="Classes"/>).</summary>
    internal int CountCorrect()
    {
        var o = _layers[^1].OutputValues;
        var t = _target.Values;
        int k = OutputSize, correct = 0;
        for (int c = 0; c < _target.ColumnCount; c++)
            if (Classes.Of(o.AsSpan(c * k, k)) == Classes.Of(t.AsSpan(c * k, k))) correct++;
        return correct;
    }

    private static DenseMatrix Buffer(Dictionary<int, DenseMatrix> cache, int rows, int columns)
    {
        if (cache.TryGetValue(columns, out var m)) return m;
        return Add(cache, rows, columns);
    }

    private static DenseMatrix Add(Dictionary<int, DenseMatrix> cache, int rows, int columns)
    {
        if (cache.Count >= DenseLayer.MaxCachedBatchSizes) cache.Clear();
        return cache[columns] = new DenseMatrix(rows, columns);
    }

    /// <summary>Throws when a weight or bias is NaN or infinite, naming it. With <paramref name="trustLastPass"/>,
    /// right after a pass, layers whose pass has already seen every parameter finite are skipped.</summary>
    internal void CheckParametersFinite(bool trustLastPass = false)
    {
        foreach (var layer in _layers)
            if (!(trustLastPass && layer.ParametersCertified) && !(Kernels.AllFinite(layer.WeightValues) && Kernels.AllFinite(layer.BiasValues)))
                ThrowParameterNotFinite();
    }

    // The message is built only on failure: the check runs at every step.
    private void ThrowParameterNotFinite()
    {
        for (int l = 0; l < _layers.Length; l++)
        {
            Guard.Finite(_layers[l].WeightValues, _layers[l].OutputSize, $"layers[{l}].Weights", "network");
            Guard.Finite(_layers[l].BiasValues, $"layers[{l}].Bias", "network");
        }
    }

    /// <summary>The layers as an array, for loops that must not allocate an enumerator.</summary>
    internal DenseLayer[] LayerArray => _layers;

    internal double ForwardLoss()
    {
        Forward();
        var last = _layers[^1];
        return _fused
            ? Loss.FusedValue(last.NetValues, last.OutputValues, _target.Values, OutputSize)
            : Loss.Value(last.OutputValues, _target.Values, OutputSize);
    }

    /// <summary>Forward and backward pass on the loaded block; gradients are of <paramref name="gradientScale"/>·E.</summary>
    internal double ForwardBackward(double gradientScale = 1.0)
    {
        double loss = ForwardLoss();
        var last = _layers[^1];
        Loss.Gradient(last.OutputValues, _target.Values, last.OutputGradientValues, OutputSize);
        bool fused = _fused;
        if (fused) Loss.FusedDelta(last.OutputValues, _target.Values, last.DeltaValues, OutputSize);
        for (int l = _layers.Length - 1; l >= 0; l--)
            _layers[l].Backward(l > 0 ? _layers[l - 1].OutputGradientValues : Span<double>.Empty,
                deltaReady: fused && l == _layers.Length - 1, scale: l == _layers.Length - 1 ? gradientScale : 1.0);
        return loss;
    }

    private void Forward()
    {
        var x = _input;
        foreach (var layer in _layers)
        {
            layer.Forward(x);
            x = layer.OutputMatrix;
        }
    }

    private void LoadSample(Vector<double> input, string inputName, Vector<double>? target = null, string? targetName = null)
    {
        Guard.NotNull(input, inputName);
        if (input.Count != InputSize)
            throw new ArgumentException(
                $"{inputName} has {input.Count} values but the network takes {InputSize} (layers[0] weights are {Guard.Shape(_layers[0].Weights)}, outputs × inputs).",
                inputName);
        if (targetName is not null)
        {
            Guard.NotNull(target, targetName);
            if (target!.Count != OutputSize)
                throw new ArgumentException(
                    $"{targetName} has {target.Count} values but the network has {OutputSize} outputs (layers[{_layers.Length - 1}] weights are {Guard.Shape(_layers[^1].Weights)}).",
                    targetName);
        }
        var x = input.AsArray() ?? input.ToArray();
        Guard.Finite(x, inputName, inputName);
        if (target is not null)
        {
            var t = target.AsArray() ?? target.ToArray();
            Guard.Finite(t, targetName!, targetName!);
            Loss.CheckTargets(t, OutputSize, targetName!);
            _target = Buffer(_targets, OutputSize, 1);
            t.AsSpan().CopyTo(_target.Values);
        }
        _input = Buffer(_inputs, InputSize, 1);
        x.AsSpan().CopyTo(_input.Values);
    }

    private void LoadBatch(Matrix<double> inputs, string inputsName, Matrix<double>? targets = null, string? targetsName = null)
    {
        var x = CheckBatch(inputs, inputsName);
        double[]? t = null;
        if (targetsName is not null)
        {
            t = CheckTargets(targets, targetsName, inputs);
        }
        if (_input.ColumnCount != inputs.ColumnCount) _input = Buffer(_inputs, InputSize, inputs.ColumnCount);
        x.AsSpan().CopyTo(_input.Values);
        if (t is not null)
        {
            if (_target.ColumnCount != inputs.ColumnCount) _target = Buffer(_targets, OutputSize, inputs.ColumnCount);
            t.AsSpan().CopyTo(_target.Values);
        }
    }

    /// <summary>Checks an inputs × samples block and returns its column-major values.</summary>
    internal double[] CheckBatch(Matrix<double> inputs, string name)
    {
        Guard.NotNull(inputs, name);
        if (inputs.RowCount != InputSize)
            throw new ArgumentException(
                $"{name} is {Guard.Shape(inputs)} but the network takes {InputSize} inputs per sample, one sample per column " +
                $"(layers[0] weights are {Guard.Shape(_layers[0].Weights)}, outputs × inputs).", name);
        var x = inputs.AsColumnMajorArray() ?? inputs.ToColumnMajorArray();
        Guard.Finite(x, InputSize, name, name);
        return x;
    }

    /// <summary>Checks an outputs × samples block against its inputs and returns its column-major values.</summary>
    internal double[] CheckTargets(Matrix<double>? targets, string name, Matrix<double> inputs)
    {
        Guard.NotNull(targets, name);
        if (targets!.RowCount != OutputSize || targets.ColumnCount != inputs.ColumnCount)
            throw new ArgumentException(
                $"{name} is {Guard.Shape(targets)} but must be {Guard.Shape(OutputSize, inputs.ColumnCount)}: " +
                $"{OutputSize} outputs for each of the {inputs.ColumnCount} samples in inputs ({Guard.Shape(inputs)}).", name);
        var t = targets.AsColumnMajorArray() ?? targets.ToColumnMajorArray();
        Guard.Finite(t, OutputSize, name, name);
        Loss.CheckTargets(t, OutputSize, name);
        return t;
    }
}
