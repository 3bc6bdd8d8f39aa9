using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// A per-feature affine scaling x′ = (x − offset) / scale, fitted on training data only and then applied to any
/// data (features × samples). A feature with zero spread maps to 0.
/// </summary>
public abstract class Scaler
{
    private readonly double[] _offset, _scale;

    /// <summary>Keeps the fitted parameters.</summary>
    /// <param name="offset">Subtracted from each feature.</param>
    /// <param name="scale">Each feature's divisor; 0 for a feature with no spread.</param>
    private protected Scaler(double[] offset, double[] scale)
    {
        _offset = offset;
        _scale = scale;
    }

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
    public void Transform(Matrix<double> inputs, Matrix<double> result)
    {
        Guard.NotNull(inputs, nameof(inputs));
        Guard.NotNull(result, nameof(result));
        if (inputs.RowCount != _offset.Length)
            throw new ArgumentException($"inputs is {Guard.Shape(inputs)} but the scaler was fitted on {_offset.Length} features (rows).", nameof(inputs));
        if (result.RowCount != inputs.RowCount || result.ColumnCount != inputs.ColumnCount)
            throw new ArgumentException($"result is {Guard.Shape(result)} but inputs is {Guard.Shape(inputs)}.", nameof(result));
        for (int j = 0; j < inputs.ColumnCount; j++)
        for (int i = 0; i < inputs.RowCount; i++)
            result[i, j] = _scale[i] == 0 ? 0 : (inputs[i, j] - _offset[i]) / _scale[i];
    }

    /// <summary>A data set with its inputs scaled.</summary>
    /// <param name="data">The data.</param>
    public Dataset Transform(Dataset data) => Guard.NotNull(data, nameof(data)).WithInputs(Transform(data.Inputs));

    private protected static void CheckFitData(Matrix<double> inputs)
    {
        Guard.NotNull(inputs, nameof(inputs));
        if (inputs.ColumnCount == 0) throw new ArgumentException("A scaler needs at least one sample to fit.", nameof(inputs));
    }
}

/// <summary>Min-max scaling to [0, 1]: x′ = (x − min) / (max − min), with min and max from the training data.</summary>
public sealed class MinMaxScaler : Scaler
{
    private MinMaxScaler(double[] min, double[] range) : base(min, range)
    {
    }

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
    private StandardScaler(double[] mean, double[] sd) : base(mean, sd)
    {
    }

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
