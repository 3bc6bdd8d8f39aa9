using System.Runtime.CompilerServices;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// A fully connected layer: net = W·x + b, out = f(net), for a batch of samples held one per column.
/// </summary>
/// <remarks>
/// <para>W is stored outputs × inputs: row j holds the weights into neuron j, so the blog's w1, w2 | w3, w4 fill the
/// rows as written. The layer keeps the numbers of its last pass (input, net, out, ∂E/∂out, δ, ∂E/∂W, ∂E/∂b) in
/// buffers it owns and overwrites on the next pass; read them, do not keep them.</para>
/// <para>A layer belongs to one <see cref="Network"/> and is not thread-safe.</para>
/// </remarks>
public sealed class DenseLayer
{
    private readonly DenseMatrix _weights;
    private readonly DenseVector _bias;
    private readonly DenseMatrix _weightGradient;
    private readonly DenseVector _biasGradient;
    internal const int MaxCachedBatchSizes = 8;
    private readonly Dictionary<int, (DenseMatrix, DenseMatrix, DenseMatrix, DenseMatrix)> _buffers = [];
    private DenseMatrix _input;
    private DenseMatrix _net, _out, _outputGradient, _delta;

    /// <summary>Creates a layer from a copy of the given weights and bias.</summary>
    /// <param name="weights">W, outputs × inputs (row j = the weights into neuron j).</param>
    /// <param name="bias">b, one per neuron; all zeros when null. Must be null or zeros with <see cref="BiasMode.None"/>.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">How the bias trains; <see cref="BiasMode.Trainable"/> by default.</param>
    /// <exception cref="ArgumentException">The bias length differs from the number of rows of W, a value is NaN or
    /// infinite, or a non-zero bias is given with <see cref="BiasMode.None"/>.</exception>
    public DenseLayer(Matrix<double> weights, Vector<double>? bias = null, Activation? activation = null,
        BiasMode biasMode = BiasMode.Trainable)
    {
        Guard.NotNull(weights, nameof(weights));
        if (!Enum.IsDefined(biasMode)) throw new ArgumentOutOfRangeException(nameof(biasMode), biasMode, "Unknown bias mode.");
        if (bias is not null && bias.Count != weights.RowCount)
            throw new ArgumentException(
                $"bias has {bias.Count} values but weights are {Guard.Shape(weights)} (outputs × inputs), so it needs {weights.RowCount}.",
                nameof(bias));
        _weights = DenseMatrix.OfMatrix(weights);
        Guard.Finite(_weights.Values, _weights.RowCount, "weights", nameof(weights));
        _bias = bias is null ? new DenseVector(weights.RowCount) : DenseVector.OfVector(bias);
        Guard.Finite(_bias.Values, "bias", nameof(bias));
        if (biasMode == BiasMode.None && _bias.Exists(b => b != 0))
            throw new ArgumentException("A layer with BiasMode.None has no bias; pass null or zeros.", nameof(bias));

        Activation = activation ?? Activation.Sigmoid;
        BiasMode = biasMode;
        _weightGradient = new DenseMatrix(OutputSize, InputSize);
        _biasGradient = new DenseVector(OutputSize);
        _input = new DenseMatrix(InputSize, 1);
        (_net, _out, _outputGradient, _delta) = _buffers[1] = Allocate(1);
    }

    /// <summary>Creates a layer from plain arrays, as the blog and the tutorials write them.</summary>
    /// <param name="weights">W, outputs × inputs: <c>{ { w1, w2 }, { w3, w4 } }</c>.</param>
    /// <param name="bias">b, one per neuron; all zeros when null.</param>
    /// <param name="activation">The activation; <see cref="Activation.Sigmoid"/> when null.</param>
    /// <param name="biasMode">How the bias trains; <see cref="BiasMode.Trainable"/> by default.</param>
    public DenseLayer(double[,] weights, double[]? bias = null, Activation? activation = null,
        BiasMode biasMode = BiasMode.Trainable)
        : this(DenseMatrix.OfArray(Guard.NotNull(weights, nameof(weights))),
            bias is null ? null : DenseVector.OfArray(bias), activation, biasMode)
    {
    }

    /// <summary>The number of inputs per sample (columns of W).</summary>
    public int InputSize => _weights.ColumnCount;

    /// <summary>The number of neurons (rows of W).</summary>
    public int OutputSize => _weights.RowCount;

    /// <summary>The activation f.</summary>
    public Activation Activation { get; }

    /// <summary>How the bias trains.</summary>
    public BiasMode BiasMode { get; }

    /// <summary>The weights W, outputs × inputs, live: the optimizer updates this matrix in place.</summary>
    public Matrix<double> Weights => _weights;

    /// <summary>The bias b, one per neuron, live (all zeros with <see cref="BiasMode.None"/>).</summary>
    public Vector<double> Bias => _bias;

    /// <summary>The number of trainable values: the weights, plus the biases when <see cref="BiasMode.Trainable"/>.</summary>
    public int ParameterCount => _weights.Values.Length + (BiasMode == BiasMode.Trainable ? OutputSize : 0);

    /// <summary>The number of samples in the last pass.</summary>
    public int BatchSize => _net.ColumnCount;

    /// <summary>The layer's input x in the last pass, inputs × batch.</summary>
    public Matrix<double> Input => _input;

    /// <summary>net = W·x + b in the last pass, outputs × batch.</summary>
    public Matrix<double> Net => _net;

    /// <summary>out = f(net) in the last pass, outputs × batch.</summary>
    public Matrix<double> Output => _out;

    /// <summary>∂E/∂out in the last backward pass, outputs × batch.</summary>
    public Matrix<double> OutputGradient => _outputGradient;

    /// <summary>δ = ∂E/∂net in the last backward pass, outputs × batch.</summary>
    public Matrix<double> Delta => _delta;

    /// <summary>∂E/∂W = δ·xᵀ in the last backward pass, outputs × inputs (summed over the batch).</summary>
    public Matrix<double> WeightGradient => _weightGradient;

    /// <summary>∂E/∂b = δ summed over the batch in the last backward pass (zeros with <see cref="BiasMode.None"/>).</summary>
    public Vector<double> BiasGradient => _biasGradient;

    internal double[] WeightValues => _weights.Values;
    internal double[] BiasValues => _bias.Values;
    internal double[] WeightGradientValues => _weightGradient.Values;
    internal double[] BiasGradientValues => _biasGradient.Values;
    internal double[] OutputValues => _out.Values;
    internal double[] OutputGradientValues => _outputGradient.Values;
    internal DenseMatrix OutputMatrix => _out;

    /// <summary>A deep copy with the same weights, bias, activation and bias mode.</summary>
    public DenseLayer Clone() => new(_weights, _bias, Activation, BiasMode);

    /// <summary>Switches to the buffers for <paramref name="batch"/> samples, made once per batch size.</summary>
    internal void EnsureBatch(int batch)
    {
        if (_net.ColumnCount == batch) return;
        if (!_buffers.TryGetValue(batch, out var b))
        {
            if (_buffers.Count >= MaxCachedBatchSizes) _buffers.Clear();
            _buffers[batch] = b = Allocate(batch);
        }
        (_net, _out, _outputGradient, _delta) = b;
    }

    /// <summary>Whether a pass of <paramref name="batch"/> samples takes <see cref="ForwardOne"/> and <see cref="BackwardOne"/>.</summary>
    internal bool TakesOne(int batch) => batch == 1 && OutputSize < Kernels.SimdThreshold;

    /// <summary>net = W·x + b; out = f(net). <paramref name="input"/> is kept as <see cref="Input"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Forward(DenseMatrix input)
    {
        if (TakesOne(input.ColumnCount)) ForwardOne(input);
        else ForwardBatch(input);
    }

    private void ForwardBatch(DenseMatrix input)
    {
        _input = input;
        int batch = input.ColumnCount;
        EnsureBatch(batch);
        bool seeded = BiasMode != BiasMode.None;
        Kernels.MultiplyNN(_weights.Values, OutputSize, InputSize, input.Values, batch, _net.Values, seeded ? _bias.Values : default);
        Activation.Forward(_net.Values, _out.Values, OutputSize);
        // Every input and every weight (and a seeded bias) enters some net entry, and a NaN or ∞ survives every
        // later product and sum (∞·0 and ∞ − ∞ are NaN): a finite net shows x, W and b finite. With fewer samples
        // than inputs, net is the shorter read.
        ParametersCertified = batch < InputSize && Kernels.AllFinite(_net.Values) && (seeded || Kernels.AllFinite(_bias.Values));
    }

    /// <summary>
    /// From ∂E/∂out (already in <see cref="OutputGradient"/>), or from δ itself when <paramref name="deltaReady"/>:
    /// δ, ∂E/∂W, ∂E/∂b and, when asked, ∂E/∂x = Wᵀ·δ into <paramref name="inputGradient"/>. A
    /// <paramref name="scale"/> other than 1 multiplies ∂E/∂out and δ first (the 1/B of a mean over a batch).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Backward(Span<double> inputGradient, bool deltaReady = false, double scale = 1.0)
    {
        if (TakesOne(_net.ColumnCount)) BackwardOne(inputGradient, deltaReady, scale);
        else BackwardBatch(inputGradient, deltaReady, scale);
    }

    private void BackwardBatch(Span<double> inputGradient, bool deltaReady, double scale)
    {
        int batch = _net.ColumnCount;
        ComputeDelta(deltaReady, scale);
        Kernels.MultiplyNT(_delta.Values, OutputSize, batch, _input.Values, InputSize, _weightGradient.Values);
        GradientsCertified = GradientsBounded(batch);
        if (BiasMode != BiasMode.None) Kernels.RowSums(_delta.Values, OutputSize, batch, _biasGradient.Values);
        if (!inputGradient.IsEmpty)
            Kernels.MultiplyTN(_weights.Values, OutputSize, InputSize, _delta.Values, batch, inputGradient);
    }

    /// <summary>Whether max|δ| and max|x| alone show ∂E/∂W = δ·xᵀ and ∂E/∂b = Σ δ finite, read when shorter than
    /// ∂E/∂W itself.</summary>
    /// <remarks>One sample: |fl(δᵢxⱼ)| ≤ fl(max|δ|·max|x|) since rounding is monotone, so the product of the two
    /// maxima is itself a bound (and ∂E/∂b = δ). A batch of B: each sum of B terms, fused or not, stays below
    /// B·max|δ|·max|x|·(1 + u)^B &lt; 2·B·max|δ|·max|x|, and each Σ δ below 2·B·max|δ|, so a finite
    /// 4·B·max|δ|·max(max|x|, 1) vouches for every entry.</remarks>
    private bool GradientsBounded(int batch)
    {
        if (batch == 1) return double.IsFinite(Kernels.MaxMagnitude(_delta.Values) * Kernels.MaxMagnitude(_input.Values));
        if ((long)(OutputSize + InputSize) * batch >= (long)OutputSize * InputSize) return false;
        return double.IsFinite(4.0 * batch * Kernels.MaxMagnitude(_delta.Values) * Math.Max(Kernels.MaxMagnitude(_input.Values), 1.0));
    }

    /// <summary>Whether the last forward pass saw every weight and bias and found them finite.</summary>
    internal bool ParametersCertified { get; private set; }

    /// <summary>Whether the last backward pass showed ∂E/∂W and ∂E/∂b to be finite without a scan of them.</summary>
    internal bool GradientsCertified { get; private set; }

    private void ComputeDelta(bool deltaReady, double scale)
    {
        if (!deltaReady)
            Activation.Backward(_net.Values, _out.Values, _outputGradient.Values, _delta.Values, OutputSize);
        if (scale != 1.0)
        {
            Kernels.Scale(_delta.Values, scale);
            Kernels.Scale(_outputGradient.Values, scale);
        }
    }

    // One sample through a layer of fewer than SimdThreshold neurons (online training of a small network): the
    // kernels' scalar paths sum for sum (the bias or zero first, then the terms in order, unfused), without their
    // dispatch. The finiteness of what the pass reads (W, b) and writes (∂E/∂W, ∂E/∂b) is gathered on the way, so
    // a step needs no separate scans.

    /// <summary><see cref="Forward"/> for one sample through a small layer.</summary>
    private unsafe void ForwardOne(DenseMatrix input)
    {
        _input = input;
        EnsureBatch(1);
        int m = OutputSize, k = InputSize;
        bool seeded = BiasMode != BiasMode.None;
        bool finite = true;
        fixed (double* w = _weights.Values, x = input.Values, net = _net.Values, b = _bias.Values)
        {
            double* wi = w;
            for (int i = 0; i < m; i++, wi++)
            {
                double bi = b[i];
                finite &= double.IsFinite(bi);
                double s = seeded ? bi : 0.0;
                double* wp = wi;
                for (int p = 0; p < k; p++, wp += m)
                {
                    s += *wp * x[p];
                    finite &= double.IsFinite(*wp);
                }
                net[i] = s;
            }
        }
        Activation.Forward(_net.Values, _out.Values, m);
        ParametersCertified = finite;
    }

    /// <summary><see cref="Backward"/> for one sample through a small layer.</summary>
    private unsafe void BackwardOne(Span<double> inputGradient, bool deltaReady, double scale)
    {
        ComputeDelta(deltaReady, scale);
        int m = OutputSize, k = InputSize;
        bool finite = true;
        fixed (double* w = _weights.Values, x = _input.Values, d = _delta.Values, gw = _weightGradient.Values,
               gb = _biasGradient.Values, gx = inputGradient)
        {
            double* g = gw;
            for (int p = 0; p < k; p++)
            {
                double xp = x[p];
                for (int i = 0; i < m; i++, g++)
                {
                    double s = 0.0;
                    s += d[i] * xp;
                    *g = s;
                    finite &= double.IsFinite(s);
                }
            }
            if (BiasMode != BiasMode.None)
                for (int i = 0; i < m; i++)
                {
                    gb[i] = d[i];
                    finite &= double.IsFinite(d[i]);
                }
            if (!inputGradient.IsEmpty)
            {
                double* wp = w;
                for (int p = 0; p < k; p++)
                {
                    double s = 0.0;
                    for (int i = 0; i < m; i++, wp++) s += *wp * d[i];
                    gx[p] = s;
                }
            }
        }
        GradientsCertified = finite;
    }

    internal double[] NetValues => _net.Values;
    internal double[] DeltaValues => _delta.Values;

    private (DenseMatrix, DenseMatrix, DenseMatrix, DenseMatrix) Allocate(int batch) =>
        (new DenseMatrix(OutputSize, batch), new DenseMatrix(OutputSize, batch),
         new DenseMatrix(OutputSize, batch), new DenseMatrix(OutputSize, batch));
}
