using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

public sealed partial class Network
{
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

    private double ForwardLoss(ReadOnlySpan<double> x, ReadOnlySpan<double> t, int columns) =>
        Evaluate(x, t, columns, countCorrect: false).Loss;

    /// <summary>E summed over checked samples (Σ wₛ·Eₛ with <paramref name="weights"/>, one per sample) and, when
    /// asked, how many are classified as their targets say, from one forward pass in a pooled workspace.</summary>
    internal (double Loss, int Correct) Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> t, int columns, bool countCorrect,
        ReadOnlySpan<double> weights = default)
    {
        EnsureFinite();
        var ws = _pool.Rent(columns);
        try
        {
            ws.GrowSteps();
            t.CopyTo(ws.TargetValues);
            Pass.Forward(_layers, ws, x);
            double loss = weights.IsEmpty ? Pass.Loss(this, ws) : WeightedLoss.Value(this, ws, weights);
            return (loss, countCorrect ? Pass.CountCorrect(ws) : 0);
        }
        finally
        {
            _pool.Return(ws);
        }
    }
}
