using Backprop.Internal;
using IFloat = System.Numerics;
using System.Runtime.InteropServices;
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
        if (into is not null) Forward<double>(x, 1, into);
        else
        {
            var o = new double[OutputSize];
            Forward<double>(x, 1, o);
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
        Forward<double>(input, 1, result);
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
        Forward<double>(x, inputs.ColumnCount, o);
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

    /// <summary>Runs the forward pass for one float sample and returns a new vector of float outputs: on a
    /// float32 network with no conversion, on a float64 one with the input widened exactly and the outputs rounded
    /// to the nearest float.</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <exception cref="ArgumentException">The length differs, or a value is NaN or infinite.</exception>
    public Vector<float> Predict(Vector<float> input)
    {
        var x = Inputs.Sample(this, input, nameof(input));
        var result = new float[OutputSize];
        Forward<float>(x, 1, result);
        return Vector<float>.Build.DenseOfArray(result);
    }

    /// <summary>Runs the forward pass for a batch of floats and returns a new outputs × batch matrix of floats (see
    /// <see cref="Predict(Vector{float})"/> for the conversions on a float64 network).</summary>
    /// <param name="inputs">The samples, inputs × batch (one sample per column).</param>
    /// <exception cref="ArgumentException">The shape differs, or a value is NaN or infinite (its [row, column] is named).</exception>
    public Matrix<float> Predict(Matrix<float> inputs)
    {
        var x = Inputs.Batch(this, inputs, nameof(inputs));
        var result = new float[OutputSize * inputs.ColumnCount];
        Forward<float>(x, inputs.ColumnCount, result);
        return Matrix<float>.Build.Dense(OutputSize, inputs.ColumnCount, result);
    }

    /// <summary>The loss E for one float sample, by a forward pass (in the network's precision; the loss summed in double).</summary>
    /// <param name="input">One sample, <see cref="InputSize"/> values.</param>
    /// <param name="target">Its target, <see cref="OutputSize"/> values.</param>
    public double ComputeLoss(Vector<float> input, Vector<float> target)
    {
        var x = Inputs.Sample(this, input, nameof(input));
        var t = Inputs.Target(this, target, nameof(target));
        return Evaluate<float>(x, t, 1, countCorrect: false).Loss;
    }

    /// <summary>The loss E summed over a batch of floats, by a forward pass; no gradient is computed and no weight changes.</summary>
    /// <param name="inputs">The samples, inputs × batch.</param>
    /// <param name="targets">The targets, outputs × batch.</param>
    public double ComputeLoss(Matrix<float> inputs, Matrix<float> targets)
    {
        var x = Inputs.Batch(this, inputs, nameof(inputs));
        var t = Inputs.Targets(this, targets, nameof(targets), inputs);
        return Evaluate<float>(x, t, inputs.ColumnCount, countCorrect: false).Loss;
    }

    /// <summary>Predictions of checked data of either precision, in the network's.</summary>
    private void Forward<TData>(ReadOnlySpan<TData> x, int columns, Span<TData> result) where TData : unmanaged, IFloat.IFloatingPointIeee754<TData>
    {
        if (Precision == Precision.Float32) Forward<TData, float>(x, columns, result);
        else Forward<TData, double>(x, columns, result);
    }

    /// <summary>Predictions in chunks of pooled workspaces: each sample rounds the same in any chunk. Data of
    /// another precision than the network's <typeparamref name="T"/> is converted chunk by chunk.</summary>
    private void Forward<TData, T>(ReadOnlySpan<TData> x, int columns, Span<TData> result)
        where TData : unmanaged, IFloat.IFloatingPointIeee754<TData>
        where T : unmanaged, IFloat.IFloatingPointIeee754<T>
    {
        EnsureFinite();
        int chunk = WorkspacePool.MaxPooledColumns, ni = InputSize, no = OutputSize;
        var pool = Pool<T>();
        var ws = pool.Rent(Math.Min(columns, chunk));
        T[]? converted = typeof(TData) == typeof(T) ? null : Precisions.Rent<T>(ni * Math.Min(columns, chunk));
        try
        {
            for (int c0 = 0; c0 < columns; c0 += chunk)
            {
                int n = Math.Min(chunk, columns - c0);
                ws.Resize(n);
                var xs = x.Slice(c0 * ni, n * ni);
                ReadOnlySpan<T> input;
                if (converted is null) input = MemoryMarshal.Cast<TData, T>(xs);
                else
                {
                    Precisions.Convert<TData, T>(xs, converted.AsSpan(0, n * ni));
                    input = converted.AsSpan(0, n * ni);
                }
                Pass<T>.Forward(_layers, ws, input);
                Precisions.Convert<T, TData>(ws.OutputValues, result.Slice(c0 * no, n * no));
            }
        }
        finally
        {
            pool.Return(ws);
            if (converted is not null) Precisions.Return(converted);
        }
    }

    private double ForwardLoss(ReadOnlySpan<double> x, ReadOnlySpan<double> t, int columns) =>
        Evaluate(x, t, columns, countCorrect: false).Loss;

    /// <summary>E summed over checked samples (Σ wₛ·Eₛ with <paramref name="weights"/>, one per sample) and, when
    /// asked, how many are classified as their targets say, from one forward pass in a pooled workspace.</summary>
    internal (double Loss, int Correct) Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> t, int columns, bool countCorrect,
        ReadOnlySpan<double> weights = default) => Evaluate<double>(x, t, columns, countCorrect, weights);

    /// <summary><see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, int, bool, ReadOnlySpan{double})"/>
    /// of data prepared by the network's step (in its precision, so with no conversion).</summary>
    internal (double Loss, int Correct) Evaluate(StepData data, int columns, bool countCorrect, ReadOnlySpan<double> weights = default) =>
        data switch
        {
            StepData<float> f => Evaluate<float>(f.Inputs, f.Targets, columns, countCorrect, weights),
            StepData<double> d => Evaluate<double>(d.Inputs, d.Targets, columns, countCorrect, weights),
            _ => throw new ArgumentException("Unknown data.", nameof(data)),
        };

    /// <summary><see cref="Evaluate(ReadOnlySpan{double}, ReadOnlySpan{double}, int, bool, ReadOnlySpan{double})"/>
    /// of data of either precision, in the network's.</summary>
    internal (double Loss, int Correct) Evaluate<TData>(ReadOnlySpan<TData> x, ReadOnlySpan<TData> t, int columns, bool countCorrect,
        ReadOnlySpan<double> weights = default) where TData : unmanaged, IFloat.IFloatingPointIeee754<TData> =>
        Precision == Precision.Float32
            ? Evaluate<TData, float>(x, t, columns, countCorrect, weights)
            : Evaluate<TData, double>(x, t, columns, countCorrect, weights);

    private (double Loss, int Correct) Evaluate<TData, T>(ReadOnlySpan<TData> x, ReadOnlySpan<TData> t, int columns, bool countCorrect,
        ReadOnlySpan<double> weights)
        where TData : unmanaged, IFloat.IFloatingPointIeee754<TData>
        where T : unmanaged, IFloat.IFloatingPointIeee754<T>
    {
        EnsureFinite();
        var pool = Pool<T>();
        var ws = pool.Rent(columns);
        try
        {
            ws.GrowSteps();
            Precisions.Convert<TData, T>(t, ws.TargetValues);
            ReadOnlySpan<T> input;
            if (typeof(TData) == typeof(T)) input = MemoryMarshal.Cast<TData, T>(x);
            else
            {
                Precisions.Convert<TData, T>(x, ws.InputValues);
                input = ws.InputValues;
            }
            Pass<T>.Forward(_layers, ws, input);
            double loss = weights.IsEmpty ? Pass<T>.Loss(this, ws) : WeightedLoss.Value(this, ws, weights);
            return (loss, countCorrect ? Pass<T>.CountCorrect(ws) : 0);
        }
        finally
        {
            pool.Return(ws);
        }
    }
}
