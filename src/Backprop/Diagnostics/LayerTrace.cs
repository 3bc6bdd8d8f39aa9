using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>The numbers of one layer in one traced step (one sample).</summary>
public sealed record LayerTrace
{
    private LayerTrace() { }

    /// <summary>The 0-based layer index.</summary>
    public int Index { get; private init; }

    /// <summary>The activation's name.</summary>
    public string Activation { get; private init; } = "";

    /// <summary>The bias mode.</summary>
    public BiasMode BiasMode { get; private init; }

    /// <summary>The layer's input x (the previous layer's out — its out′ when that layer has dropout — or the sample).</summary>
    public IReadOnlyList<double> Input { get; private init; } = [];

    /// <summary>net = W·x + b.</summary>
    public IReadOnlyList<double> Net { get; private init; } = [];

    /// <summary>out = f(net).</summary>
    public IReadOnlyList<double> Out { get; private init; } = [];

    /// <summary>The layer's dropout rate p (0: none; see <see cref="DenseLayer.Dropout"/>).</summary>
    public double Dropout { get; private init; }

    /// <summary>The step's dropout mask m_j ∈ {0, 1} per neuron (0: dropped); empty without dropout.</summary>
    public IReadOnlyList<double> Mask { get; private init; } = [];

    /// <summary>out′_j = out_j·m_j/(1 − p), what the next layer read; empty without dropout.</summary>
    public IReadOnlyList<double> DroppedOut { get; private init; } = [];

    /// <summary>∂out_j/∂net_j for each neuron (the Jacobian's diagonal).</summary>
    public IReadOnlyList<double> Derivative { get; private init; } = [];

    /// <summary>The activation's Jacobian ∂out_i/∂net_j (diagonal for element-wise activations).</summary>
    public Matrix<double> Jacobian { get; private init; } = null!;

    /// <summary>True when the activation acts on each neuron alone (its Jacobian is diagonal).</summary>
    public bool IsElementwise { get; private init; }

    /// <summary>∂E/∂out (with dropout, ∂E/∂out′ · m/(1 − p)).</summary>
    public IReadOnlyList<double> OutputGradient { get; private init; } = [];

    /// <summary>δ = ∂E/∂net.</summary>
    public IReadOnlyList<double> Delta { get; private init; } = [];

    /// <summary>W before the update, outputs × inputs.</summary>
    public Matrix<double> WeightsBefore { get; private init; } = null!;

    /// <summary>W after the update.</summary>
    public Matrix<double> WeightsAfter { get; private init; } = null!;

    /// <summary>∂E/∂W = δ·xᵀ.</summary>
    public Matrix<double> WeightGradient { get; private init; } = null!;

    /// <summary>The finite-difference estimate of ∂E/∂W, when recorded.</summary>
    public Matrix<double>? NumericWeightGradient { get; private init; }

    /// <summary>b before the update.</summary>
    public IReadOnlyList<double> BiasBefore { get; private init; } = [];

    /// <summary>b after the update (unchanged unless trainable).</summary>
    public IReadOnlyList<double> BiasAfter { get; private init; } = [];

    /// <summary>∂E/∂b = δ.</summary>
    public IReadOnlyList<double> BiasGradient { get; private init; } = [];

    /// <summary>The finite-difference estimate of ∂E/∂b, when recorded and the layer has a bias.</summary>
    public IReadOnlyList<double>? NumericBiasGradient { get; private init; }

    internal static LayerTrace Before<T>(int index, DenseLayer layer, LayerBuffers<T> pass, ReadOnlySpan<T> input,
        Matrix<double>? numericW, Vector<double>? numericB) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        int n = layer.OutputSize;
        var net = pass.NetValues(1);
        var output = pass.OutValues(1);
        var jacobian = Matrix<double>.Build.Dense(n, n);
        var unit = new T[n];
        var row = new T[n];
        for (int i = 0; i < n; i++)
        {
            // Backward(e_i) = Jᵀ·e_i, the i-th row of J.
            Array.Clear(unit);
            unit[i] = T.One;
            Calls.Backward<T>(layer.Activation, net, output, unit, row, n);
            for (int j = 0; j < n; j++) jacobian[i, j] = double.CreateTruncating(row[j]);
        }
        return new LayerTrace
        {
            Index = index,
            Activation = layer.Activation.Name,
            BiasMode = layer.BiasMode,
            Input = Wide(input[..layer.InputSize]),
            Net = Wide<T>(net),
            Out = Wide<T>(output),
            Jacobian = jacobian,
            Derivative = jacobian.Diagonal().ToArray(),
            IsElementwise = layer.Activation is ElementwiseActivation,
            Dropout = layer.Dropout,
            Mask = pass.Drops ? [.. Wide<T>(pass.MaskValues(1)).Select(m => m == 0 ? 0.0 : 1.0)] : [],
            DroppedOut = pass.Drops ? Wide<T>(pass.DroppedValues(1)) : [],
            OutputGradient = Wide<T>(pass.OutputGradientValues(1)),
            Delta = Wide<T>(pass.DeltaValues(1)),
            WeightsBefore = layer.Weights.Clone(),
            WeightGradient = Matrix<double>.Build.DenseOfColumnMajor(n, layer.InputSize, Wide<T>(pass.WeightGradient)),
            NumericWeightGradient = numericW,
            BiasBefore = layer.Bias.ToArray(),
            BiasGradient = Wide<T>(pass.BiasGradient),
            NumericBiasGradient = numericB?.ToArray(),
        };
    }

    /// <summary>A new array of the values as doubles (a float's double is exact).</summary>
    internal static double[] Wide<T>(ReadOnlySpan<T> values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var result = new double[values.Length];
        Internal.Precisions.Convert<T, double>(values, result);
        return result;
    }

    internal LayerTrace After(DenseLayer layer) => this with
    {
        WeightsAfter = layer.Weights.Clone(),
        BiasAfter = layer.Bias.ToArray(),
    };
}
