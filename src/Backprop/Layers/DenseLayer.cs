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
/// and every change goes through <see cref="SetWeights(Matrix{double})"/>, <see cref="SetWeight"/>, <see cref="SetBias(Vector{double})"/>
/// or <see cref="SetBias(int, double)"/>, which check shapes and values first, or through an optimizer's update.
/// So a NaN or an infinity never reaches a prediction or a step unnoticed. The numbers of a pass (net, out, δ,
/// ∂E/∂W) are not layer state: read them from a <see cref="StepTrace"/>.</para>
/// <para>A layer has one <see cref="Precision"/>: float64 when made from doubles, float32 from floats (or by
/// <see cref="Network.ToPrecision"/>). A float32 layer stores floats; its double views read them exactly and its
/// double setters round to the nearest float.</para>
/// <para>A layer belongs to at most one <see cref="Network"/>.</para>
/// </remarks>
public sealed partial class DenseLayer
{
    private readonly double[]? _w;
    private readonly double[]? _b;
    private readonly float[]? _wf;
    private readonly float[]? _bf;

    /// <summary>Creates a layer from a copy of the given weights and bias.</summary>
    /// <param name="weights">W, outputs × inputs (row j = the weights into neuron j).</param>
    /// <param name="bias">b, one per neuron; all zeros when null. Must be null or zeros with <see cref="BiasMode.None"/>.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">How the bias trains; <see cref="BiasMode.Trainable"/> by default.</param>
    /// <exception cref="ArgumentException">The bias length differs from the number of rows of W, a value is NaN or
    /// infinite, or a non-zero bias is given with <see cref="BiasMode.None"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Before the copy is made: the layer's parameters would take more
    /// than a quarter of the memory the process can have (see
    /// <see cref="Network.Create(int, IEnumerable{LayerDefinition}, IWeightInitializer, Random, Loss?, Precision)"/>).</exception>
    public DenseLayer(Matrix<double> weights, Vector<double>? bias = null, Activation? activation = null,
        BiasMode biasMode = BiasMode.Trainable)
    {
        Guard.NotNull(weights, nameof(weights));
        CheckSize(weights.RowCount, weights.ColumnCount, Precision.Float64);
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
        Weights = new ReadOnlyMatrix(new ReadOnlyMatrixStorage<double, double>(_w, OutputSize, InputSize, this));
        Bias = new ReadOnlyVector(new ReadOnlyVectorStorage<double, double>(_b, this));
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

    /// <summary>The element type of the layer's parameters and of its passes: <see cref="Backprop.Precision.Float64"/>
    /// for a layer made from doubles, <see cref="Backprop.Precision.Float32"/> from floats.</summary>
    public Precision Precision { get; }

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
    /// <see cref="NotSupportedException"/>; use <see cref="SetWeights(Matrix{double})"/> or <see cref="SetWeight"/>). A float32
    /// layer's floats read as doubles, exactly.</summary>
    public Matrix<double> Weights { get; }

    /// <summary>The bias b, one per neuron (all zeros with <see cref="BiasMode.None"/>): a live read-only view.</summary>
    public Vector<double> Bias { get; }

    /// <summary>The number of trainable values: the weights, plus the biases when <see cref="BiasMode.Trainable"/>.</summary>
    public int ParameterCount => OutputSize * InputSize + (BiasMode == BiasMode.Trainable ? OutputSize : 0);

    /// <summary>The network this layer belongs to, once it is in one.</summary>
    internal Network? Owner { get; set; }

    /// <summary>Its index in <see cref="Owner"/>.</summary>
    internal int Index { get; set; } = -1;

    /// <summary>How messages name the layer: <c>layers[1]</c> in a network, else <c>layer</c>.</summary>
    internal string Name => Index < 0 ? "layer" : string.Create(CultureInfo.InvariantCulture, $"layers[{Index}]");

    /// <summary>W of a float64 layer, column-major (element [j, i] at j + i·outputs).</summary>
    internal double[] W => _w ?? throw WrongPrecision<double>();

    /// <summary>b of a float64 layer.</summary>
    internal double[] B => _b ?? throw WrongPrecision<double>();

    /// <summary>W in the layer's own precision, column-major; <typeparamref name="T"/> must be it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal T[] WeightsOf<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double)
            ? System.Runtime.CompilerServices.Unsafe.As<T[]>(_w ?? throw WrongPrecision<T>())
            : System.Runtime.CompilerServices.Unsafe.As<T[]>(_wf ?? throw WrongPrecision<T>());

    /// <summary>b in the layer's own precision; <typeparamref name="T"/> must be it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal T[] BiasOf<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double)
            ? System.Runtime.CompilerServices.Unsafe.As<T[]>(_b ?? throw WrongPrecision<T>())
            : System.Runtime.CompilerServices.Unsafe.As<T[]>(_bf ?? throw WrongPrecision<T>());

    private InvalidOperationException WrongPrecision<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new($"{Name} is {Precisions.Name(Precision)}, not {Precisions.Name(Precisions.Of<T>())}.");

    /// <summary>A copy of the layer in <paramref name="precision"/>: each weight and bias rounded to the nearest
    /// float for float32, widened exactly for float64; the same activation, bias mode and dropout rate; in no network.</summary>
    internal DenseLayer ToPrecision(Precision precision) => precision == Precision.Float32
        ? new DenseLayer(_wf is null ? Narrowed(_w!) : (float[])_wf.Clone(), OutputSize, InputSize,
            _bf is null ? Narrowed(_b!) : (float[])_bf.Clone(), Activation, BiasMode) { Dropout = Dropout }
        : new DenseLayer(Weights, Bias, Activation, BiasMode) { Dropout = Dropout };

    /// <summary>Each value rounded to the nearest float (finite doubles beyond ±3.4e38 become ±∞ and are refused
    /// by the constructor's check, which names them).</summary>
    private static float[] Narrowed(double[] values) => Precisions.ToArray<double, float>(values);

    /// <summary>The column-major values of new weights of either precision, after the checks every setter makes:
    /// the shape (both named), then every value finite (the first that is not named by [row, column]).</summary>
    private T[] CheckedWeights<T>(Matrix<T> weights) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Guard.NotNull(weights, nameof(weights));
        if (weights.RowCount != OutputSize || weights.ColumnCount != InputSize)
            throw new ArgumentException(
                $"weights are {Guard.Shape(weights)} but {Name}.Weights are {Guard.Shape(OutputSize, InputSize)} (outputs × inputs).", nameof(weights));
        var values = weights.AsColumnMajorArray() ?? weights.ToColumnMajorArray();
        if (!Kernels.AllFinite<T>(values)) Finite.Block<T>(values, OutputSize, $"{Name} weights", nameof(weights)); // the message only when needed
        return values;
    }

    /// <summary>The values of a new bias of either precision, after the checks every setter makes: the length,
    /// every value finite, and zeros only with <see cref="BiasMode.None"/>.</summary>
    private T[] CheckedBias<T>(Vector<T> bias) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        Guard.NotNull(bias, nameof(bias));
        if (bias.Count != OutputSize)
            throw new ArgumentException($"bias has {bias.Count} values but {Name} has {OutputSize} neurons.", nameof(bias));
        var values = bias.AsArray() ?? bias.ToArray();
        if (!Kernels.AllFinite<T>(values)) Finite.Values<T>(values, $"{Name} bias", nameof(bias));
        if (BiasMode == BiasMode.None && Array.Exists(values, b => b != T.Zero))
            throw new ArgumentException($"{Name} has BiasMode.None, so its bias stays zero.", nameof(bias));
        return values;
    }

    /// <summary>Replaces every weight after checking the shape and every value; nothing changes when a check fails.</summary>
    /// <param name="weights">The new W, <see cref="OutputSize"/> × <see cref="InputSize"/>.</param>
    /// <exception cref="ArgumentException">The shape differs (both shapes are named) or a value is NaN or
    /// infinite (its [row, column] is named).</exception>
    public void SetWeights(Matrix<double> weights)
    {
        var values = CheckedWeights(weights);
        if (_w is not null) values.AsSpan().CopyTo(_w);
        else
        {
            var rounded = Narrowed(values);
            if (!Kernels.AllFinite<float>(rounded)) Finite.Block<float>(rounded, OutputSize, $"{Name} weights (rounded to float32)", nameof(weights));
            rounded.AsSpan().CopyTo(_wf);
        }
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
        if (_w is not null) _w[row + column * OutputSize] = value;
        else _wf![row + column * OutputSize] = Rounded(value, $"{Name}.Weights{Finite.At(row + column * OutputSize, OutputSize)}");
        Owner?.ParametersChanged();
    }

    /// <summary>Replaces the bias after checking its length and every value.</summary>
    /// <param name="bias">The new b, <see cref="OutputSize"/> values (zeros only, with <see cref="BiasMode.None"/>).</param>
    /// <exception cref="ArgumentException">The length differs, a value is NaN or infinite, or a non-zero bias is
    /// given to a layer with <see cref="BiasMode.None"/>.</exception>
    public void SetBias(Vector<double> bias)
    {
        var values = CheckedBias(bias);
        if (_b is not null) values.AsSpan().CopyTo(_b);
        else
        {
            var rounded = Narrowed(values);
            if (!Kernels.AllFinite<float>(rounded)) Finite.Values<float>(rounded, $"{Name} bias (rounded to float32)", nameof(bias));
            rounded.AsSpan().CopyTo(_bf);
        }
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
        if (_b is not null) _b[index] = value;
        else _bf![index] = Rounded(value, $"{Name}.Bias{Finite.At(index)}");
        Owner?.ParametersChanged();
    }

    /// <summary>A deep copy with the same precision, weights, bias, activation, bias mode and dropout rate, in no network.</summary>
    public DenseLayer Clone() => ToPrecision(Precision);

    /// <summary>A finite double rounded to the float a float32 layer stores; refused when it rounds to an infinity.</summary>
    private static float Rounded(double value, string what)
    {
        float f = (float)value;
        if (!float.IsFinite(f)) Finite.Value(f, $"{what} (rounded to float32 from {Guard.Describe(value)})", nameof(value));
        return f;
    }

    private static double[,] Checked(double[,] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckSize(weights.GetLength(0), weights.GetLength(1), Precision.Float64);
        return weights;
    }

    /// <summary>Refuses, before the copy, a layer whose parameters would not fit in memory.</summary>
    private static void CheckSize(int outputs, int inputs, Precision precision)
    {
        ParameterMemory.CheckShape("layer", outputs, inputs, "weights");
        ParameterMemory.CheckMemory("layer", outputs, inputs, ParameterMemory.Bytes(outputs, inputs, precision), "its parameters",
            ParameterMemory.AvailableBytes(), "weights", precision);
    }

    private void CheckIndex(int value, int count, string paramName)
    {
        if ((uint)value >= (uint)count)
            throw new ArgumentOutOfRangeException(paramName, value,
                string.Create(CultureInfo.InvariantCulture, $"{paramName} must be from 0 to {count - 1} in {Name}; got {value}."));
    }
}
