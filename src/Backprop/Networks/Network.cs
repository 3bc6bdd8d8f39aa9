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
    private readonly WorkspacePool<double>? _pool64;
    private readonly WorkspacePool<float>? _pool32;
    private TrainingStep? _step;
    private volatile string? _divergence;
    private volatile bool _verified = true;

    /// <summary>Creates a network from layers whose sizes chain: each layer's input size is the previous one's output size.</summary>
    /// <param name="layers">The layers, first hidden layer first; the network owns them from now on.</param>
    /// <param name="loss">The loss; <see cref="Loss.HalfSquaredError"/> when null.</param>
    /// <exception cref="ArgumentException">There is no layer, a layer is null, the layers' precisions differ (the
    /// message names the first layer that differs from layers[0]), a layer appears twice or belongs to another
    /// network, two neighbouring layers do not chain (the message names both weight shapes), the output layer has a
    /// <see cref="DenseLayer.Dropout"/> rate (dropout is for hidden layers), or the loss does not fit the output
    /// activation (cross-entropy needs a softmax or sigmoid output).</exception>
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
            if (_layers[l].Precision != _layers[0].Precision)
                throw new ArgumentException(
                    $"layers[{l}] is {Internal.Precisions.Name(_layers[l].Precision)} but layers[0] is {Internal.Precisions.Name(_layers[0].Precision)}: " +
                    "a network has one precision; make every layer in it, or convert with Network.ToPrecision.", nameof(layers));
            if (l > 0 && _layers[l].InputSize != _layers[l - 1].OutputSize)
                throw new ArgumentException(
                    $"layers[{l}] weights are {Guard.Shape(_layers[l].Weights)} but layers[{l - 1}] weights are " +
                    $"{Guard.Shape(_layers[l - 1].Weights)}: layer {l} must take {_layers[l - 1].OutputSize} inputs (outputs × inputs).",
                    nameof(layers));
        }
        if (_layers[^1].Dropout != 0) throw OutputDropout(_layers.Length - 1, _layers[^1].Dropout, nameof(layers));
        Loss = loss ?? Loss.HalfSquaredError;
        Loss.CheckOutputActivation(_layers[^1].Activation);
        Fused = Loss.FusesWith(_layers[^1].Activation);
        HasDropout = Array.Exists(_layers, l => l.Dropout != 0);
        for (int l = 0; l < _layers.Length; l++) (_layers[l].Owner, _layers[l].Index) = (this, l);
        Layers = Array.AsReadOnly(_layers);
        Precision = _layers[0].Precision;
        if (Precision == Precision.Float32) _pool32 = new WorkspacePool<float>(this);
        else _pool64 = new WorkspacePool<double>(this);
    }

    /// <summary>Creates a network from layers, with the blog's loss E = Σ ½(target − out)².</summary>
    /// <param name="layers">The layers, first hidden layer first.</param>
    public Network(params DenseLayer[] layers) : this((IEnumerable<DenseLayer>)layers)
    {
    }

    /// <summary>The layers, first hidden layer first.</summary>
    public IReadOnlyList<DenseLayer> Layers { get; }

    /// <summary>The precision every layer, pass, gradient and optimizer state of this network computes in (that of
    /// its layers): <see cref="Backprop.Precision.Float64"/> unless it was made float32.</summary>
    public Precision Precision { get; }

    /// <summary>A copy of the network in <paramref name="precision"/>: each weight and bias rounded to the nearest
    /// float for <see cref="Backprop.Precision.Float32"/>, widened exactly for <see cref="Backprop.Precision.Float64"/>
    /// (so float64 → float32 → float64 gives the rounded weights, float32 → float64 → float32 the same floats); the
    /// same activations, bias modes, dropout rates and loss, as <see cref="Clone"/>, with no optimizer state.</summary>
    /// <param name="precision">The precision of the copy (its own precision gives a clone).</param>
    /// <exception cref="ArgumentOutOfRangeException">The precision is not defined.</exception>
    /// <exception cref="ArgumentException">A weight beyond the float range (±3.4e38) would round to an infinity;
    /// the message names it.</exception>
    /// <exception cref="InvalidOperationException">An update made a parameter non-finite (see <see cref="EnsureFinite"/>).</exception>
    public Network ToPrecision(Precision precision)
    {
        Internal.Precisions.Checked(precision, nameof(precision));
        EnsureFinite();
        return new(_layers.Select(l => l.ToPrecision(precision)), Loss);
    }

    /// <summary>The loss the network is trained against.</summary>
    public Loss Loss { get; }

    /// <summary>The number of inputs per sample.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>The number of outputs per sample.</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>The number of trainable values over all layers.</summary>
    public int ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <summary>A deep copy: same weights, biases, activations, bias modes, dropout rates and loss; no shared
    /// buffers, no optimizer state, and a dropout stream that starts afresh (as <see cref="SeedDropout"/>(0)).</summary>
    public Network Clone() => new(_layers.Select(l => l.Clone()), Loss);

    /// <summary>The prediction pool of the network's precision <typeparamref name="T"/>.</summary>
    internal WorkspacePool<T> Pool<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => typeof(T) == typeof(double)
        ? System.Runtime.CompilerServices.Unsafe.As<WorkspacePool<T>>(_pool64!)
        : System.Runtime.CompilerServices.Unsafe.As<WorkspacePool<T>>(_pool32!);

    /// <summary>The layers as an array, for loops that must not allocate an enumerator.</summary>
    internal DenseLayer[] LayerArray => _layers;

    /// <summary>The number of neurons of layer <paramref name="l"/>.</summary>
    internal int OutputSizeOf(int l) => _layers[l].OutputSize;

    /// <summary>Whether the loss has a fused form with the output activation.</summary>
    internal bool Fused { get; }

    /// <summary>Whether a layer has a dropout rate: only then do training steps draw masks.</summary>
    internal bool HasDropout { get; }

    /// <summary>The stream of this network's dropout masks.</summary>
    internal DropoutMasks DropoutMasks { get; } = new();

    /// <summary>
    /// Restarts the dropout masks (see <see cref="DenseLayer.Dropout"/>) at step 0 of <paramref name="seed"/>: the
    /// training steps that follow (<see cref="TrainStep(Vector{double}, Vector{double}, Optimizer, int)"/>,
    /// <see cref="StepTrace.Record"/>, <see cref="ComputeGradients(Matrix{double}, Matrix{double}, LossReduction)"/>
    /// then <see cref="Optimizer.Step"/>) draw the masks of steps 0, 1, 2, … of that seed, one step per update:
    /// every pass before an update uses the masks of the step it leads to (two calls of ComputeGradients with no
    /// update between see the same masks; a step refused as diverged does not move the stream on). A new network starts as if
    /// seeded with 0, and <see cref="Trainer"/> seeds it from <see cref="TrainingOptions.Seed"/> at the start of each
    /// run. The same seed gives the same masks, whatever the thread count (<see cref="Parallelism.MaxThreads"/>).
    /// Changes nothing else; a network without dropout draws no masks.
    /// </summary>
    /// <param name="seed">The seed.</param>
    public void SeedDropout(int seed) => DropoutMasks.Seed(seed);

    /// <summary>The refusal of dropout on the output layer <paramref name="index"/>.</summary>
    internal static ArgumentException OutputDropout(int index, double rate, string paramName) => new(
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"layers[{index}] is the output layer but has Dropout = {rate}: dropout applies to the outputs of hidden layers only (as a Keras Dropout layer between two Dense layers); set it on an earlier layer."),
        paramName);

    /// <summary>The step unit of this network, made on first use.</summary>
    internal TrainingStep Step => _step ??= TrainingStep.For(this);

    /// <summary>The step unit, if a step has run.</summary>
    internal TrainingStep? TrainingStepIfAny => _step;

    /// <summary>The training workspace of a float64 network, if a step has run.</summary>
    internal Workspace<double>? TrainingWorkspace => (_step as TrainingStep<double>)?.Workspace;

    /// <summary>The state of the optimizer that last updated this network.</summary>
    internal OptimizerState? OptimizerState { get; set; }
}
