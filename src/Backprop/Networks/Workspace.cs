using System.Numerics;

namespace Backprop;

/// <summary>
/// The numbers of one pass, per layer: net, out, ∂E/∂out, δ, and for training ∂E/∂W and ∂E/∂b (and, for a layer
/// with dropout, its mask and out′). A network's
/// parameters are shared; its workspaces are not, so that passes on other threads cannot disturb each other.
/// Buffers grow to the largest batch seen and are reused.
/// </summary>
internal sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Workspace(Network network, bool gradients)
    {
        var layers = network.LayerArray;
        Layers = new LayerBuffers<T>[layers.Length];
        for (int l = 0; l < layers.Length; l++) Layers[l] = new LayerBuffers<T>(layers[l], gradients);
        InputSize = network.InputSize;
        OutputSize = network.OutputSize;
    }

    /// <summary>The buffers of each layer, first hidden layer first.</summary>
    public LayerBuffers<T>[] Layers { get; }

    public int InputSize { get; }

    public int OutputSize { get; }

    /// <summary>The number of samples (columns) of the current pass.</summary>
    public int Columns { get; private set; }

    /// <summary>How many columns the buffers hold without growing.</summary>
    public int Capacity { get; private set; }

    /// <summary>A copy of the pass's inputs, inputs × <see cref="Columns"/>, for a step (the trainer gathers shuffled
    /// columns into it); a prediction reads its caller's values in place instead.</summary>
    public T[] Input { get; private set; } = [];

    /// <summary>The targets of a step, outputs × <see cref="Columns"/>.</summary>
    public T[] Target { get; private set; } = [];

    /// <summary>Whether the gradients hold a backward pass that no update has used yet.</summary>
    public bool HasGradients { get; set; }

    /// <summary>Sets <see cref="Columns"/>, growing every buffer when the batch is larger than any before.</summary>
    public Workspace<T> Resize(int columns)
    {
        if (columns > Capacity)
        {
            Capacity = columns;
            foreach (var l in Layers) l.Grow(columns);
            if (Input.Length > 0) GrowSteps();
        }
        Columns = columns;
        return this;
    }

    /// <summary>Makes room for a step's own copy of the inputs and targets.</summary>
    public void GrowSteps()
    {
        if (Input.Length < InputSize * Capacity) Input = new T[InputSize * Capacity];
        if (Target.Length < OutputSize * Capacity) Target = new T[OutputSize * Capacity];
    }

    /// <summary>The pass's inputs.</summary>
    public Span<T> InputValues => Input.AsSpan(0, InputSize * Columns);

    /// <summary>The pass's targets.</summary>
    public Span<T> TargetValues => Target.AsSpan(0, OutputSize * Columns);

    /// <summary>The last layer's out.</summary>
    public Span<T> OutputValues => Layers[^1].OutValues(Columns);
}

/// <summary>One layer's buffers in a <see cref="Workspace{T}"/>.</summary>
internal sealed class LayerBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _rows;

    public LayerBuffers(DenseLayer layer, bool gradients)
    {
        _rows = layer.OutputSize;
        // Dropout belongs to training: a prediction's workspace passes out on unchanged.
        Drops = gradients && layer.Dropout != 0;
        if (gradients)
        {
            WeightGradient = new T[layer.OutputSize * layer.InputSize];
            BiasGradient = new T[layer.OutputSize];
        }
    }

    public T[] Net { get; private set; } = [];

    public T[] Out { get; private set; } = [];

    public T[] OutputGradient { get; private set; } = [];

    public T[] Delta { get; private set; } = [];

    /// <summary>∂E/∂W, outputs × inputs (empty in a prediction's workspace).</summary>
    public T[] WeightGradient { get; } = [];

    /// <summary>∂E/∂b (empty in a prediction's workspace).</summary>
    public T[] BiasGradient { get; } = [];

    /// <summary>m/(1 − p) per value of a step of a layer with dropout (0 or 1/(1 − p); empty otherwise).</summary>
    public T[] Mask { get; private set; } = [];

    /// <summary>out′ = out·m/(1 − p), what the next layer reads, for a layer with dropout (empty otherwise).</summary>
    public T[] Dropped { get; private set; } = [];

    /// <summary>Whether this is a training workspace's layer with dropout: the forward pass passes on
    /// <see cref="Dropped"/> and the backward pass multiplies ∂E/∂out′ by <see cref="Mask"/>.</summary>
    public bool Drops { get; }

    /// <summary>Whether the last backward pass showed ∂E/∂W and ∂E/∂b finite without a scan of them.</summary>
    public bool GradientsCertified { get; set; }

    public Span<T> NetValues(int columns) => Net.AsSpan(0, _rows * columns);

    public Span<T> OutValues(int columns) => Out.AsSpan(0, _rows * columns);

    public Span<T> OutputGradientValues(int columns) => OutputGradient.AsSpan(0, _rows * columns);

    public Span<T> DeltaValues(int columns) => Delta.AsSpan(0, _rows * columns);

    public Span<T> MaskValues(int columns) => Mask.AsSpan(0, _rows * columns);

    public Span<T> DroppedValues(int columns) => Dropped.AsSpan(0, _rows * columns);

    /// <summary>What the next layer reads: out′ with dropout, else out.</summary>
    public Span<T> ForwardedValues(int columns) => Drops ? DroppedValues(columns) : OutValues(columns);

    public void Grow(int columns)
    {
        Net = new T[_rows * columns];
        Out = new T[_rows * columns];
        // A prediction never goes backward: its workspace keeps no room for ∂E/∂out and δ.
        if (WeightGradient.Length == 0) return;
        OutputGradient = new T[_rows * columns];
        Delta = new T[_rows * columns];
        if (!Drops) return;
        Mask = new T[_rows * columns];
        Dropped = new T[_rows * columns];
    }
}
