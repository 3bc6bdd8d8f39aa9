using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

// The float32 side of a layer: its constructors, its views of the floats as they are stored, and its setters from floats.
public sealed partial class DenseLayer
{
    /// <summary>Creates a float32 layer (<see cref="Precision"/> = <see cref="Backprop.Precision.Float32"/>) from a
    /// copy of the given weights and bias; it can only join float32 layers in a network.</summary>
    /// <param name="weights">W, outputs × inputs (row j = the weights into neuron j).</param>
    /// <param name="bias">b, one per neuron; all zeros when null. Must be null or zeros with <see cref="BiasMode.None"/>.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">How the bias trains; <see cref="BiasMode.Trainable"/> by default.</param>
    /// <exception cref="ArgumentException">As the double constructor.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As the double constructor (4 bytes per value).</exception>
    public DenseLayer(Matrix<float> weights, Vector<float>? bias = null, Activation? activation = null,
        BiasMode biasMode = BiasMode.Trainable)
        : this(CheckedCopy(weights), weights.RowCount, weights.ColumnCount,
            bias is null ? null : CheckedBias(bias.ToArray(), weights.RowCount), activation, biasMode)
    {
    }

    /// <summary>Creates a float32 layer from plain arrays.</summary>
    /// <param name="weights">W, outputs × inputs.</param>
    /// <param name="bias">b, one per neuron; all zeros when null.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">How the bias trains; <see cref="BiasMode.Trainable"/> by default.</param>
    public DenseLayer(float[,] weights, float[]? bias = null, Activation? activation = null,
        BiasMode biasMode = BiasMode.Trainable)
        : this(Matrix<float>.Build.DenseOfArray(Checked(weights)),
            bias is null ? null : Vector<float>.Build.DenseOfArray(bias), activation, biasMode)
    {
    }

    /// <summary>The float32 layer of column-major values (the arrays are the layer's own from now on).</summary>
    private DenseLayer(float[] weights, int outputs, int inputs, float[]? bias, Activation? activation, BiasMode biasMode)
    {
        CheckSize(outputs, inputs, Precision.Float32);
        if (!Enum.IsDefined(biasMode)) throw new ArgumentOutOfRangeException(nameof(biasMode), biasMode, "Unknown bias mode.");
        if (outputs == 0 || inputs == 0)
            throw new ArgumentException($"weights are {Guard.Shape(outputs, inputs)}; a layer needs at least one neuron and one input.", nameof(weights));
        Finite.Block<float>(weights, outputs, "weights", nameof(weights));
        _wf = weights;
        _bf = bias ?? new float[outputs];
        Finite.Values<float>(_bf, "bias", nameof(bias));
        if (biasMode == BiasMode.None && Array.Exists(_bf, b => b != 0))
            throw new ArgumentException("A layer with BiasMode.None has no bias; pass null or zeros.", nameof(bias));
        OutputSize = outputs;
        InputSize = inputs;
        Activation = activation ?? Activation.Sigmoid;
        BiasMode = biasMode;
        Precision = Precision.Float32;
        Weights = new ReadOnlyMatrix(new ReadOnlyMatrixStorage<float, double>(_wf, OutputSize, InputSize, this));
        Bias = new ReadOnlyVector(new ReadOnlyVectorStorage<float, double>(_bf, this));
        _weightsSingle = new ReadOnlyMatrixSingle(new ReadOnlyMatrixStorage<float, float>(_wf, OutputSize, InputSize, this));
        _biasSingle = new ReadOnlyVectorSingle(new ReadOnlyVectorStorage<float, float>(_bf, this));
    }

    /// <summary>The float32 layer of double draws, each rounded to the nearest float once: only the floats are
    /// copied (Network.Create's draws are never held twice).</summary>
    internal static DenseLayer Rounded(Matrix<double> weights, Vector<double>? bias, Activation? activation, BiasMode biasMode,
        double dropout) =>
        new(Narrowed(weights.AsColumnMajorArray() ?? weights.ToColumnMajorArray()), weights.RowCount, weights.ColumnCount,
            bias is null ? null : Narrowed(bias.AsArray() ?? bias.ToArray()), activation, biasMode) { Dropout = dropout };

    /// <summary>The column-major copy of float weights, after the size check (so a huge matrix is refused before it
    /// is copied).</summary>
    private static float[] CheckedCopy(Matrix<float> weights)
    {
        Guard.NotNull(weights, nameof(weights));
        CheckSize(weights.RowCount, weights.ColumnCount, Precision.Float32);
        return weights.ToColumnMajorArray();
    }

    private static float[] CheckedBias(float[] bias, int rows) => bias.Length == rows
        ? bias
        : throw new ArgumentException(
            $"bias has {bias.Length} values but weights have {rows} rows (outputs × inputs), so it needs {rows}.", nameof(bias));

    private readonly Matrix<float>? _weightsSingle;
    private readonly Vector<float>? _biasSingle;

    /// <summary>The weights of a float32 layer as they are stored: a live read-only view, outputs × inputs.</summary>
    /// <exception cref="InvalidOperationException">The layer is float64 (read <see cref="Weights"/>).</exception>
    public Matrix<float> WeightsSingle => _weightsSingle ?? throw NotSingle(nameof(WeightsSingle), nameof(Weights));

    /// <summary>The bias of a float32 layer as it is stored: a live read-only view.</summary>
    /// <exception cref="InvalidOperationException">The layer is float64 (read <see cref="Bias"/>).</exception>
    public Vector<float> BiasSingle => _biasSingle ?? throw NotSingle(nameof(BiasSingle), nameof(Bias));

    private InvalidOperationException NotSingle(string what, string instead) =>
        new($"{Name} is float64, so it has no {what}; read {instead}, or convert the network with Network.ToPrecision(Precision.Float32).");

    /// <summary>Replaces every weight from floats after checking the shape and every value; nothing changes when a
    /// check fails. A float32 layer stores them as they are (no conversion, no allocation); a float64 layer widens
    /// them, exactly.</summary>
    /// <param name="weights">The new W, <see cref="OutputSize"/> × <see cref="InputSize"/>.</param>
    /// <exception cref="ArgumentException">The shape differs (both shapes are named) or a value is NaN or
    /// infinite (its [row, column] is named).</exception>
    public void SetWeights(Matrix<float> weights)
    {
        var values = CheckedWeights(weights);
        if (_wf is not null) values.AsSpan().CopyTo(_wf);
        else Precisions.Convert<float, double>(values, _w);
        Owner?.ParametersChanged();
    }

    /// <summary>Replaces the bias from floats after checking its length and every value, stored as the float32
    /// layer's own or widened exactly by a float64 layer; nothing changes when a check fails.</summary>
    /// <param name="bias">The new b, <see cref="OutputSize"/> values (zeros only, with <see cref="BiasMode.None"/>).</param>
    /// <exception cref="ArgumentException">The length differs, a value is NaN or infinite, or a non-zero bias is
    /// given to a layer with <see cref="BiasMode.None"/>.</exception>
    public void SetBias(Vector<float> bias)
    {
        var values = CheckedBias(bias);
        if (_bf is not null) values.AsSpan().CopyTo(_bf);
        else Precisions.Convert<float, double>(values, _b);
        Owner?.ParametersChanged();
    }

    private static float[,] Checked(float[,] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckSize(weights.GetLength(0), weights.GetLength(1), Precision.Float32);
        return weights;
    }
}
