using System.Runtime.Intrinsics;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// A per-feature affine scaling x′ = (x − offset) / scale, fitted on training data only and then applied to any
/// data (features × samples, or one row of values). A feature with zero spread (scale 0) maps to 0. The inverse,
/// x = x′·scale + offset, turns scaled regression outputs back into the targets' units.
/// </summary>
/// <remarks>Immutable and safe to share between threads. <see cref="MinMaxScaler"/> and <see cref="StandardScaler"/>
/// are fitted from data (<c>Fit</c>) or rebuilt from saved parameters (their constructors).</remarks>
public abstract class Scaler
{
    private readonly double[] _offset, _scale;

    /// <summary>Checks and keeps the parameters.</summary>
    /// <param name="offset">Subtracted from each feature; finite.</param>
    /// <param name="scale">Each feature's divisor: finite and ≥ 0 (0 for a feature with no spread).</param>
    /// <param name="offsetName">The name of <paramref name="offset"/> in messages.</param>
    /// <param name="scaleName">The name of <paramref name="scale"/> in messages.</param>
    private protected Scaler(IReadOnlyList<double> offset, IReadOnlyList<double> scale, string offsetName, string scaleName)
    {
        Guard.NotNull(offset, offsetName);
        Guard.NotNull(scale, scaleName);
        if (offset.Count == 0) throw new ArgumentException($"{offsetName} is empty: a scaler needs at least one feature.", offsetName);
        if (scale.Count != offset.Count)
            throw new ArgumentException($"{scaleName} has {scale.Count} values but {offsetName} has {offset.Count} (one per feature).", scaleName);
        _offset = [.. offset];
        _scale = [.. scale];
        Finite.Values(_offset, offsetName, offsetName);
        Finite.Values(_scale, scaleName, scaleName);
        for (int i = 0; i < _scale.Length; i++)
            if (_scale[i] < 0) throw new ArgumentOutOfRangeException(scaleName, _scale[i], $"{scaleName}[{i}] is negative; a spread is ≥ 0.");
    }

    /// <summary>The scaling's name in model files and on the command line: "minmax" or "zscore".</summary>
    public abstract string Kind { get; }

    /// <summary>The number of features.</summary>
    public int FeatureCount => _offset.Length;

    /// <summary>What is subtracted from each feature.</summary>
    public IReadOnlyList<double> Offset => _offset;

    /// <summary>Each feature's divisor (0 where the training data had no spread; such a feature maps to 0).</summary>
    public IReadOnlyList<double> Scale => _scale;

    /// <summary>Returns the scaled copy of <paramref name="inputs"/>.</summary>
    /// <param name="inputs">features × samples.</param>
    public Matrix<double> Transform(Matrix<double> inputs)
    {
        Guard.NotNull(inputs, nameof(inputs));
        var result = new DenseMatrix(inputs.RowCount, inputs.ColumnCount);
        Transform(inputs, result);
        return result;
    }

    /// <summary>Writes the scaled <paramref name="inputs"/> into <paramref name="result"/> (the same shape).</summary>
    /// <param name="inputs">features × samples.</param>
    /// <param name="result">Receives the scaled values.</param>
    public void Transform(Matrix<double> inputs, Matrix<double> result) => Apply(inputs, result, inverse: false);

    /// <summary>Writes one scaled row into <paramref name="result"/>: x′ᵢ = (xᵢ − offsetᵢ) / scaleᵢ, or 0 where scaleᵢ = 0.
    /// Allocates nothing; <paramref name="result"/> may be <paramref name="values"/> itself.</summary>
    /// <param name="values">One sample, <see cref="FeatureCount"/> values.</param>
    /// <param name="result">Receives <see cref="FeatureCount"/> values.</param>
    public void Transform(ReadOnlySpan<double> values, Span<double> result)
    {
        CheckLengths(values.Length, result.Length, nameof(values));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= values.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                // The same correctly rounded (x − offset) / scale per lane; a zero scale divides by 1, then masks to +0.
                var scale = Vector256.Create(_scale.AsSpan(i));
                var none = Vector256.Equals(scale, Vector256<double>.Zero);
                var x = (Vector256.Create(values.Slice(i)) - Vector256.Create(_offset.AsSpan(i))) / Vector256.ConditionalSelect(none, Vector256<double>.One, scale);
                Vector256.AndNot(x, none).CopyTo(result.Slice(i));
            }
        for (; i < values.Length; i++) result[i] = _scale[i] == 0 ? 0 : (values[i] - _offset[i]) / _scale[i];
    }

    /// <summary>A data set with its inputs scaled.</summary>
    /// <param name="data">The data.</param>
    public Dataset Transform(Dataset data) => Guard.NotNull(data, nameof(data)).WithInputs(Transform(data.Inputs));

    /// <summary>Returns the unscaled copy of <paramref name="scaled"/>: x = x′·scale + offset.</summary>
    /// <param name="scaled">features × samples, in scaled units.</param>
    public Matrix<double> InverseTransform(Matrix<double> scaled)
    {
        Guard.NotNull(scaled, nameof(scaled));
        var result = new DenseMatrix(scaled.RowCount, scaled.ColumnCount);
        InverseTransform(scaled, result);
        return result;
    }

    /// <summary>Writes the unscaled <paramref name="scaled"/> (x = x′·scale + offset) into <paramref name="result"/>.</summary>
    /// <param name="scaled">features × samples, in scaled units.</param>
    /// <param name="result">Receives the values, the same shape.</param>
    public void InverseTransform(Matrix<double> scaled, Matrix<double> result) => Apply(scaled, result, inverse: true);

    /// <summary>Writes one unscaled row, xᵢ = x′ᵢ·scaleᵢ + offsetᵢ, into <paramref name="result"/> (which may be
    /// <paramref name="scaled"/> itself); allocates nothing.</summary>
    /// <param name="scaled">One sample in scaled units, <see cref="FeatureCount"/> values.</param>
    /// <param name="result">Receives <see cref="FeatureCount"/> values.</param>
    public void InverseTransform(ReadOnlySpan<double> scaled, Span<double> result)
    {
        CheckLengths(scaled.Length, result.Length, nameof(scaled));
        for (int i = 0; i < scaled.Length; i++) result[i] = scaled[i] * _scale[i] + _offset[i];
    }

    private void Apply(Matrix<double> inputs, Matrix<double> result, bool inverse)
    {
        Guard.NotNull(inputs, nameof(inputs));
        Guard.NotNull(result, nameof(result));
        if (inputs.RowCount != _offset.Length)
            throw new ArgumentException($"inputs is {Guard.Shape(inputs)} but the scaler was fitted on {_offset.Length} features (rows).", nameof(inputs));
        if (result.RowCount != inputs.RowCount || result.ColumnCount != inputs.ColumnCount)
            throw new ArgumentException($"result is {Guard.Shape(result)} but inputs is {Guard.Shape(inputs)}.", nameof(result));
        for (int j = 0; j < inputs.ColumnCount; j++)
        for (int i = 0; i < inputs.RowCount; i++)
            result[i, j] = inverse ? inputs[i, j] * _scale[i] + _offset[i]
                : _scale[i] == 0 ? 0 : (inputs[i, j] - _offset[i]) / _scale[i];
    }

    private void CheckLengths(int values, int result, string name)
    {
        if (values != _offset.Length)
            throw new ArgumentException($"{name} has {values} values but the scaler was fitted on {_offset.Length} features.", name);
        if (result != values)
            throw new ArgumentException($"result has {result} values but {name} has {values}.", nameof(result));
    }

    private protected static void CheckFitData(Matrix<double> inputs)
    {
        Guard.NotNull(inputs, nameof(inputs));
        if (inputs.ColumnCount == 0) throw new ArgumentException("A scaler needs at least one sample to fit.", nameof(inputs));
    }
}

/// <summary>Min-max scaling to [0, 1]: x′ = (x − min) / (max − min), with min and max from the training data.</summary>
public sealed class MinMaxScaler : Scaler
{
    /// <summary>Rebuilds a fitted scaler from its parameters (as saved in a model file).</summary>
    /// <param name="minimum">Each feature's training minimum (the offset); finite.</param>
    /// <param name="range">Each feature's max − min (the divisor): finite, ≥ 0; 0 maps the feature to 0.</param>
    /// <exception cref="ArgumentException">The lists are empty, of different lengths, or hold a non-finite or negative value.</exception>
    public MinMaxScaler(IReadOnlyList<double> minimum, IReadOnlyList<double> range) : base(minimum, range, nameof(minimum), nameof(range))
    {
    }

    /// <inheritdoc/>
    public override string Kind => "minmax";

    /// <summary>Each feature's training minimum (= <see cref="Scaler.Offset"/>).</summary>
    public IReadOnlyList<double> Minimum => Offset;

    /// <summary>Each feature's training max − min (= <see cref="Scaler.Scale"/>).</summary>
    public IReadOnlyList<double> Range => Scale;

    /// <summary>Fits min and max of every feature (row) of <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The training inputs, features × samples.</param>
    public static MinMaxScaler Fit(Matrix<double> inputs)
    {
        CheckFitData(inputs);
        var min = new double[inputs.RowCount];
        var range = new double[inputs.RowCount];
        for (int i = 0; i < inputs.RowCount; i++)
        {
            var row = inputs.Row(i);
            min[i] = row.Minimum();
            range[i] = row.Maximum() - min[i];
        }
        return new MinMaxScaler(min, range);
    }
}

/// <summary>Z-score scaling: x′ = (x − μ) / σ, with the mean μ and population standard deviation σ of the training data.</summary>
public sealed class StandardScaler : Scaler
{
    /// <summary>Rebuilds a fitted scaler from its parameters (as saved in a model file).</summary>
    /// <param name="mean">Each feature's training mean μ (the offset); finite.</param>
    /// <param name="standardDeviation">Each feature's population standard deviation σ (the divisor): finite, ≥ 0;
    /// 0 maps the feature to 0.</param>
    /// <exception cref="ArgumentException">The lists are empty, of different lengths, or hold a non-finite or negative value.</exception>
    public StandardScaler(IReadOnlyList<double> mean, IReadOnlyList<double> standardDeviation)
        : base(mean, standardDeviation, nameof(mean), nameof(standardDeviation))
    {
    }

    /// <inheritdoc/>
    public override string Kind => "zscore";

    /// <summary>Each feature's training mean μ (= <see cref="Scaler.Offset"/>).</summary>
    public IReadOnlyList<double> Mean => Offset;

    /// <summary>Each feature's population standard deviation σ (= <see cref="Scaler.Scale"/>).</summary>
    public IReadOnlyList<double> StandardDeviation => Scale;

    /// <summary>Fits μ and σ of every feature (row) of <paramref name="inputs"/>.</summary>
    /// <param name="inputs">The training inputs, features × samples.</param>
    public static StandardScaler Fit(Matrix<double> inputs)
    {
        CheckFitData(inputs);
        var mean = new double[inputs.RowCount];
        var sd = new double[inputs.RowCount];
        for (int i = 0; i < inputs.RowCount; i++)
        {
            var row = inputs.Row(i);
            mean[i] = row.Sum() / row.Count;
            double m = mean[i];
            sd[i] = Math.Sqrt(row.Sum(x => (x - m) * (x - m)) / row.Count);
        }
        return new StandardScaler(mean, sd);
    }
}
