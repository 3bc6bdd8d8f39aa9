using System.Buffers;
using System.Runtime.CompilerServices;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

public sealed partial class Model
{
    /// <summary>Rows up to this many features are scaled on the stack (2 KiB); longer ones in a pooled array.</summary>
    private const int StackFeatures = 256;

    /// <summary>Predicts one raw row: the classes' probabilities (a classifier) or the targets in their own units
    /// (a regressor), <see cref="OutputCount"/> values.</summary>
    /// <param name="row">One sample as the data gives it, <see cref="FeatureCount"/> values, unscaled.</param>
    /// <exception cref="ArgumentException">The row has another length or a value is NaN or infinite.</exception>
    public double[] Predict(ReadOnlySpan<double> row)
    {
        var result = new double[OutputCount];
        Predict(row, result);
        return result;
    }

    /// <summary>Predicts one raw row into <paramref name="result"/>; allocates nothing (rows of more than 256 features
    /// borrow a pooled buffer). Safe from many threads at once.</summary>
    /// <param name="row">One sample as the data gives it, <see cref="FeatureCount"/> values, unscaled.</param>
    /// <param name="result">Receives <see cref="OutputCount"/> values.</param>
    /// <exception cref="ArgumentException">A length does not fit or a value is NaN or infinite.</exception>
    [SkipLocalsInit] // the scaled row is written whole before it is read
    public void Predict(ReadOnlySpan<double> row, Span<double> result)
    {
        CheckRow(row, nameof(row));
        if (result.Length != OutputCount)
            throw new ArgumentException($"result has {result.Length} values but the model has {OutputCount} outputs.", nameof(result));
        if (InputScaler is null) Network.Predict(row, result);
        else if (row.Length <= StackFeatures)
        {
            Span<double> scaled = stackalloc double[row.Length];
            InputScaler.Transform(row, scaled);
            CheckScaled(row, scaled, nameof(row), 0);
            Network.Predict(scaled, result);
        }
        else
        {
            var rented = ArrayPool<double>.Shared.Rent(row.Length);
            try
            {
                var scaled = rented.AsSpan(0, row.Length);
                InputScaler.Transform(row, scaled);
                CheckScaled(row, scaled, nameof(row), 0);
                Network.Predict(scaled, result);
            }
            finally
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
        TargetScaler?.InverseTransform(result, result);
    }

    /// <summary>Predicts several raw rows at once (one batch through the network): each result is what
    /// <see cref="Predict(ReadOnlySpan{double})"/> gives that row, bit for bit.</summary>
    /// <param name="rows">The samples, each <see cref="FeatureCount"/> values.</param>
    public double[][] Predict(IReadOnlyList<double[]> rows)
    {
        var outputs = PredictColumns(Columns(rows, nameof(rows)), rows.Count);
        var result = new double[rows.Count][];
        for (int s = 0; s < result.Length; s++) result[s] = outputs.AsSpan(s * OutputCount, OutputCount).ToArray();
        return result;
    }

    /// <summary>Predicts a batch of raw samples held one per column: outputs × samples.</summary>
    /// <param name="inputs">features × samples, unscaled.</param>
    public Matrix<double> Predict(Matrix<double> inputs)
    {
        Guard.NotNull(inputs, nameof(inputs));
        var result = new DenseMatrix(OutputCount, inputs.ColumnCount);
        Predict(inputs, result);
        return result;
    }

    /// <summary>Predicts a batch of raw samples held one per column into <paramref name="result"/> (outputs × samples).</summary>
    /// <param name="inputs">features × samples, unscaled.</param>
    /// <param name="result">Receives outputs × samples values.</param>
    public void Predict(Matrix<double> inputs, Matrix<double> result)
    {
        Guard.NotNull(inputs, nameof(inputs));
        Guard.NotNull(result, nameof(result));
        if (inputs.RowCount != FeatureCount)
            throw new ArgumentException($"inputs is {Guard.Shape(inputs)} but the model takes {FeatureCount} features per sample, one sample per column.", nameof(inputs));
        if (result.RowCount != OutputCount || result.ColumnCount != inputs.ColumnCount)
            throw new ArgumentException($"result is {Guard.Shape(result)} but the outputs are {Guard.Shape(OutputCount, inputs.ColumnCount)} (outputs × samples).", nameof(result));
        var x = inputs.ToColumnMajorArray();
        Finite.Block(x, FeatureCount, nameof(inputs), nameof(inputs));
        var outputs = PredictColumns(x, inputs.ColumnCount);
        if (result is DenseMatrix dense) outputs.CopyTo(dense.Values, 0);
        else result.SetSubMatrix(0, 0, new DenseMatrix(OutputCount, inputs.ColumnCount, outputs));
    }

    /// <summary>The class of one raw row: the largest output's class (for one sigmoid output, class 1 when p ≥ 0.5),
    /// its label and its probability. Safe from many threads at once; allocates nothing for up to 256 outputs.</summary>
    /// <param name="row">One sample as the data gives it, <see cref="FeatureCount"/> values, unscaled.</param>
    /// <exception cref="InvalidOperationException">The model is a regressor.</exception>
    [SkipLocalsInit] // the outputs are written whole before they are read
    public Classification Classify(ReadOnlySpan<double> row)
    {
        EnsureClassifier();
        if (OutputCount <= StackFeatures)
        {
            Span<double> outputs = stackalloc double[OutputCount];
            Predict(row, outputs);
            return ClassOf(outputs);
        }
        var all = Predict(row);
        return ClassOf(all);
    }

    /// <summary>The class of each raw row (see <see cref="Classify(ReadOnlySpan{double})"/>), in one batch.</summary>
    /// <param name="rows">The samples, each <see cref="FeatureCount"/> values.</param>
    public Classification[] Classify(IReadOnlyList<double[]> rows)
    {
        EnsureClassifier();
        var outputs = PredictColumns(Columns(rows, nameof(rows)), rows.Count);
        return ClassesOf(outputs, rows.Count);
    }

    /// <summary>The class of each raw sample of a features × samples batch.</summary>
    /// <param name="inputs">features × samples, unscaled.</param>
    public Classification[] Classify(Matrix<double> inputs)
    {
        EnsureClassifier();
        var outputs = Predict(inputs);
        return ClassesOf(((DenseMatrix)outputs).Values, inputs.ColumnCount);
    }

    private Classification[] ClassesOf(double[] columnMajor, int samples)
    {
        var result = new Classification[samples];
        for (int s = 0; s < samples; s++) result[s] = ClassOf(columnMajor.AsSpan(s * OutputCount, OutputCount));
        return result;
    }

    private Classification ClassOf(ReadOnlySpan<double> outputs)
    {
        int c = Classes.Of(outputs);
        double p = outputs.Length == 1 ? (c == 1 ? outputs[0] : 1 - outputs[0]) : outputs[c];
        return new Classification(c, _outputNames[c], p);
    }

    private void EnsureClassifier()
    {
        if (Task != ModelTask.Classification)
            throw new InvalidOperationException("Classify needs a classifier; this model is a regressor: use Predict for its values.");
    }

    private void CheckRow(ReadOnlySpan<double> row, string name)
    {
        if (row.Length != FeatureCount)
            throw new ArgumentException($"{name} has {row.Length} values but the model takes {FeatureCount} features ({Listed(_featureNames)}).", name);
        Finite.Values(row, name, name);
    }

    /// <summary>The rows side by side, column-major (features × samples), checked.</summary>
    private double[] Columns(IReadOnlyList<double[]> rows, string name)
    {
        Guard.NotNull(rows, name);
        var x = new double[checked(FeatureCount * rows.Count)];
        for (int s = 0; s < rows.Count; s++)
        {
            string at = $"{name}[{s}]";
            if (rows[s] is not { } row) throw new ArgumentNullException(name, $"{at} is null.");
            CheckRow(row, at);
            row.CopyTo(x, s * FeatureCount);
        }
        return x;
    }

    /// <summary>Scales checked raw columns in place, runs the network, and unscales regression outputs.</summary>
    private double[] PredictColumns(double[] x, int samples)
    {
        if (InputScaler is not null)
        {
            var scaled = new double[x.Length];
            for (int s = 0; s < samples; s++)
            {
                var raw = x.AsSpan(s * FeatureCount, FeatureCount);
                var column = scaled.AsSpan(s * FeatureCount, FeatureCount);
                InputScaler.Transform(raw, column);
                CheckScaled(raw, column, null, s);
            }
            x = scaled;
        }
        var outputs = new double[OutputCount * samples];
        if (samples == 0) return outputs;
        var result = new DenseMatrix(OutputCount, samples, outputs);
        Network.Predict(new DenseMatrix(FeatureCount, samples, x), result);
        if (TargetScaler is not null)
            for (int s = 0; s < samples; s++)
            {
                var column = outputs.AsSpan(s * OutputCount, OutputCount);
                TargetScaler.InverseTransform(column, column);
            }
        return outputs;
    }

    /// <summary>A finite raw value whose scaling overflows ((x − offset) / scale beyond ±double.MaxValue) is refused
    /// naming the raw value, not the scaled one the caller never saw.</summary>
    private void CheckScaled(ReadOnlySpan<double> raw, ReadOnlySpan<double> scaled, string? name, int sample)
    {
        int i = Kernels.FirstNonFinite(scaled);
        if (i < 0) return;
        name ??= string.Create(System.Globalization.CultureInfo.InvariantCulture, $"sample {sample}, feature");
        throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name}[{i}] ({_featureNames[i]}) is {raw[i]:R}, which the input scaling takes to {Finite.Describe(scaled[i])} ((x − {InputScaler!.Offset[i]:R}) / {InputScaler.Scale[i]:R}): far outside the training data."), name == "row" ? "row" : "inputs");
    }

    private static string Listed(string[] names) =>
        names.Length <= 6 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $", … {names[^1]}";
}
