using System.Globalization;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// The parameters of a fully connected layer: net = W·x + b, out = f(net), for a batch of samples held one per
/// column.
/// </summary>
/// <remarks>
/// <para>W is stored outputs × inputs: row j holds the weights into neuron j, so the blog's w1, w2 | w3, w4 fill the
/// rows as written.</para>
/// <para>The parameters are behind the API: <see cref="Weights"/> and <see cref="Bias"/> are live read-only views,
/// and every change goes through <see cref="SetWeights"/>, <see cref="SetWeight"/>, <see cref="SetBias(Vector{double})"/>
/// or <see cref="SetBias(int, double)"/>, which check shapes and values first, or through an optimizer's update.
/// So a NaN or an infinity never reaches a prediction or a step unnoticed. The numbers of a pass (net, out, δ,
/// ∂E/∂W) are not layer state: read them from a <see cref="StepTrace"/>.</para>
/// <para>A layer belongs to at most one <see cref="Network"/>.</para>
/// </remarks>
public sealed class DenseLayer
{
    private readonly double[] _w;
    private readonly double[] _b;

    /// <summary>Creates a layer from a copy of the given weights and bias.</summary>
    /// <param name="weights">W, outputs × inputs (row j = the weights into neuron j).</param>
    /// <param name="bias">b, one per neuron; all zeros when null. Must be null or zeros with <see cref="BiasMode.None"/>.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">How the bias trains; <see cref="BiasMode.Trainable"/> by default.</param>
    /// <exception cref="ArgumentException">The bias length differs from the number of rows of W, a value is NaN or
    /// infinite, or a non-zero bias is given with <see cref="BiasMode.None"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Before the copy is made: the layer's parameters would take more
    /// than a quarter of the memory the process can have (see
    /// <see cref="Network.Create(int, IEnumerable{LayerDefinition}, IWeightInitializer, Random, Loss?)"/>).</exception>
    public DenseLayer(Matrix<double> weights, Vector<double>? bias = null, Activation? activation = null,
        BiasMode biasMode = BiasMode.Trainable)
    {
        Guard.NotNull(weights, nameof(weights));
        CheckSize(weights.RowCount, weights.ColumnCount);
        if (!Enum.IsDefined(biasMode)) throw new ArgumentOutOfRangeException(nameof(biasMode), biasMode, "Unknown bias mode.");
        if (weights.RowCount == 0 || weights.ColumnCount == 0)
            throw new ArgumentException($"weights are {Guard.Shape(weights)}; a layer needs at least one neuron and one input.", nameof(weights));
        if (bias is not null && bias.Count != weights.RowCount)
            throw new ArgumentException(
                $"bias has {bias.Count} values but weights are {Guard.Shape(weights)} (outputs × inputs), so it needs {weights.RowCount}.",
                nameof(bias));
        _w = weights.ToColumnMajorArray();
        Finite.Block(_w, weights.RowCount, "weights", nameof(weights));
        _b = bias is null ? new double[weights.RowCount] : bias.ToArray();
        Finite.Values(_b, "bias", nameof(bias));
        if (biasMode == BiasMode.None && Array.Exists(_b, b => b != 0))
            throw new ArgumentException("A layer with BiasMode.None has no bias; pass null or zeros.", nameof(bias));
        OutputSize = weights.RowCount;
        InputSize = weights.ColumnCount;
        Activation = activation ?? Activation.Sigmoid;
        BiasMode = biasMode;
        Weights = new ReadOnlyMatrix(new ReadOnlyMatrixStorage(_w, OutputSize, InputSize, this));
        Bias = new ReadOnlyVector(new ReadOnlyVectorStorage(_b, this));
    }

    /// <summary>Creates a layer from plain arrays, as the blog and the tutorials write them.</summary>
    /// <param name="weights">W, outputs × inputs: <c>{ { w1, w2 }, { w3, w4 } }</c>.</param>
    /// <param name="bias">b, one per neuron; all zeros when null.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">How the bias trains; <see cref="BiasMode.Trainable"/> by default.</param>
    /// <exception cref="ArgumentOutOfRangeException">Before any copy is made: the layer's parameters would take more
    /// than a quarter of the memory the process can have.</exception>
    public DenseLayer(double[,] weights, double[]? bias = null, Activation? activation = null,
        BiasMode biasMode = BiasMode.Trainable)
        : this(Matrix<double>.Build.DenseOfArray(Checked(weights)),
            bias is null ? null : Vector<double>.Build.DenseOfArray(bias), activation, biasMode)
    {
    }

    /// <summary>The number of inputs per sample (columns of W).</summary>
    public int InputSize { get; }

    /// <summary>The number of neurons (rows of W).</summary>
    public int OutputSize { get; }

    /// <summary>The activation f.</summary>
    public Activation Activation { get; }

    /// <summary>How the bias trains.</summary>
    public BiasMode BiasMode { get; }

    /// <summary>
    /// The dropout rate p ∈ [0, 1) of the layer's outputs (default 0: none). In training only, each output of each
    /// sample is dropped with probability p and the kept ones are scaled up: out′ = out·m/(1 − p), with
    /// m ~ Bernoulli(1 − p) drawn afresh per value, per sample and per step (inverted dropout, as Keras's
    /// <c>Dropout</c> layer after this one and PyTorch's <c>nn.Dropout</c>), so E[out′] = out and prediction
    /// (<see cref="Network.Predict(Vector{double})"/>, <see cref="Network.ComputeLoss(Vector{double}, Vector{double})"/>,
    /// <see cref="Model"/>) uses the layer unchanged. The backward pass multiplies ∂E/∂out′ by the same m/(1 − p).
    /// The masks come from the network's seeded stream (see <see cref="Network.SeedDropout"/>). The training loss
    /// and accuracy of an <see cref="EpochReport"/> are those of the dropped-out passes (as Keras reports them);
    /// validation sees no dropout. A hidden layer's setting only: a network refuses dropout on its output layer.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value outside [0, 1), or NaN.</exception>
    public double Dropout { get; init => field = DropoutMasks.CheckRate(value, nameof(Dropout)); }

    /// <summary>The weights W, outputs × inputs: a live read-only view (writing through it throws
    /// <see cref="NotSupportedException"/>; use <see cref="SetWeights"/> or <see cref="SetWeight"/>).</summary>
    public Matrix<double> Weights { get; }

    /// <summary>The bias b, one per neuron (all zeros with <see cref="BiasMode.None"/>): a live read-only view.</summary>
    public Vector<double> Bias { get; }

    /// <summary>The number of trainable values: the weights, plus the biases when <see cref="BiasMode.Trainable"/>.</summary>
    public int ParameterCount => _w.Length + (BiasMode == BiasMode.Trainable ? OutputSize : 0);

    /// <summary>The network this layer belongs to, once it is in one.</summary>
    internal Network? Owner { get; set; }

    /// <summary>Its index in <see cref="Owner"/>.</summary>
    internal int Index { get; set; } = -1;

    /// <summary>How messages name the layer: <c>layers[1]</c> in a network, else <c>layer</c>.</summary>
    internal string Name => Index < 0 ? "layer" : string.Create(CultureInfo.InvariantCulture, $"layers[{Index}]");

    /// <summary>W, column-major (element [j, i] at j + i·outputs).</summary>
    internal double[] W => _w;

    /// <summary>b.</summary>
    internal double[] B => _b;

    /// <summary>Replaces every weight after checking the shape and every value; nothing changes when a check fails.</summary>
    /// <param name="weights">The new W, <see cref="OutputSize"/> × <see cref="InputSize"/>.</param>
    /// <exception cref="ArgumentException">The shape differs (both shapes are named) or a value is NaN or
    /// infinite (its [row, column] is named).</exception>
    public void SetWeights(Matrix<double> weights)
    {
        Guard.NotNull(weights, nameof(weights));
        if (weights.RowCount != OutputSize || weights.ColumnCount != InputSize)
            throw new ArgumentException(
                $"weights are {Guard.Shape(weights)} but {Name}.Weights are {Guard.Shape(OutputSize, InputSize)} (outputs × inputs).", nameof(weights));
        var values = weights.AsColumnMajorArray() ?? weights.ToColumnMajorArray();
        if (!Kernels.AllFinite(values)) Finite.Block(values, OutputSize, $"{Name} weights", nameof(weights)); // the message only when needed
        values.AsSpan().CopyTo(_w);
        Owner?.ParametersChanged();
    }

    /// <summary>Sets one weight, W[row, column] (the weight from input <paramref name="column"/> into neuron
    /// <paramref name="row"/>), after checking it.</summary>
    /// <param name="row">The neuron, 0 to <see cref="OutputSize"/> − 1.</param>
    /// <param name="column">The input, 0 to <see cref="InputSize"/> − 1.</param>
    /// <param name="value">A finite value.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public void SetWeight(int row, int column, double value)
    {
        CheckIndex(row, OutputSize, nameof(row));
        CheckIndex(column, InputSize, nameof(column));
        if (!double.IsFinite(value)) Finite.Value(value, $"{Name}.Weights{Finite.At(row + column * OutputSize, OutputSize)}", nameof(value));
        _w[row + column * OutputSize] = value;
        Owner?.ParametersChanged();
    }

    /// <summary>Replaces the bias after checking its length and every value.</summary>
    /// <param name="bias">The new b, <see cref="OutputSize"/> values (zeros only, with <see cref="BiasMode.None"/>).</param>
    /// <exception cref="ArgumentException">The length differs, a value is NaN or infinite, or a non-zero bias is
    /// given to a layer with <see cref="BiasMode.None"/>.</exception>
    public void SetBias(Vector<double> bias)
    {
        Guard.NotNull(bias, nameof(bias));
        if (bias.Count != OutputSize)
            throw new ArgumentException($"bias has {bias.Count} values but {Name} has {OutputSize} neurons.", nameof(bias));
        var values = bias.AsArray() ?? bias.ToArray();
        if (!Kernels.AllFinite(values)) Finite.Values(values, $"{Name} bias", nameof(bias));
        if (BiasMode == BiasMode.None && Array.Exists(values, b => b != 0))
            throw new ArgumentException($"{Name} has BiasMode.None, so its bias stays zero.", nameof(bias));
        values.AsSpan().CopyTo(_b);
        Owner?.ParametersChanged();
    }

    /// <summary>Sets one bias, b[index], after checking it.</summary>
    /// <param name="index">The neuron, 0 to <see cref="OutputSize"/> − 1.</param>
    /// <param name="value">A finite value (zero only, with <see cref="BiasMode.None"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    /// <exception cref="ArgumentException">The value is NaN or infinite, or non-zero with <see cref="BiasMode.None"/>.</exception>
    public void SetBias(int index, double value)
    {
        CheckIndex(index, OutputSize, nameof(index));
        if (!double.IsFinite(value)) Finite.Value(value, $"{Name}.Bias{Finite.At(index)}", nameof(value));
        if (BiasMode == BiasMode.None && value != 0)
            throw new ArgumentException($"{Name} has BiasMode.None, so its bias stays zero.", nameof(value));
        _b[index] = value;
        Owner?.ParametersChanged();
    }

    /// <summary>A deep copy with the same weights, bias, activation, bias mode and dropout rate, in no network.</summary>
    public DenseLayer Clone() => new(Weights, Bias, Activation, BiasMode) { Dropout = Dropout };

    private static double[,] Checked(double[,] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckSize(weights.GetLength(0), weights.GetLength(1));
        return weights;
    }

    /// <summary>Refuses, before the copy, a layer whose parameters would not fit in memory.</summary>
    private static void CheckSize(int outputs, int inputs)
    {
        ParameterMemory.CheckShape("layer", outputs, inputs, "weights");
        ParameterMemory.CheckMemory("layer", outputs, inputs, ParameterMemory.Bytes(outputs, inputs), "its parameters",
            ParameterMemory.AvailableBytes(), "weights");
    }

    private void CheckIndex(int value, int count, string paramName)
    {
        if ((uint)value >= (uint)count)
            throw new ArgumentOutOfRangeException(paramName, value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be from 0 to {count - 1} in {Name}; got {value}."));
    }
}
