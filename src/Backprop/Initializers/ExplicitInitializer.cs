using System.Globalization;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>Gives each layer the weights and biases it is handed, as the blog and the tutorials do; draws nothing.</summary>
public sealed class ExplicitInitializer : IWeightInitializer
{
    private readonly (double[,] Weights, double[]? Bias)[] _layers;

    /// <summary>Creates the initializer from one (weights, bias) pair per layer, weights outputs × inputs.</summary>
    /// <param name="layers">The values, first hidden layer first; a null bias means zeros.</param>
    public ExplicitInitializer(params (double[,] Weights, double[]? Bias)[] layers)
    {
        Guard.NotNull(layers, nameof(layers));
        _layers = layers.Select(l => ((double[,])Guard.NotNull(l.Weights, nameof(layers)).Clone(), (double[]?)l.Bias?.Clone())).ToArray();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">There is no entry for the layer, or a shape differs (the message names both).</exception>
    public void Initialize(int layer, Matrix<double> weights, Vector<double> bias, bool hasBias, Random random)
    {
        Guard.NotNull(weights, nameof(weights));
        Guard.NotNull(bias, nameof(bias));
        if (layer < 0 || layer >= _layers.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"No explicit weights for layer {layer}: {_layers.Length} layer(s) were given."), nameof(layer));
        var (w, b) = _layers[layer];
        if (w.GetLength(0) != weights.RowCount || w.GetLength(1) != weights.ColumnCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Explicit weights for layer {layer} are {Guard.Shape(w.GetLength(0), w.GetLength(1))} but the layer is {Guard.Shape(weights)} (outputs × inputs)."),
                nameof(weights));
        for (int j = 0; j < weights.RowCount; j++)
        for (int i = 0; i < weights.ColumnCount; i++) weights[j, i] = w[j, i];
        if (b is null) return;
        if (b.Length != bias.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Explicit bias for layer {layer} has {b.Length} values but the layer has {bias.Count} neurons."), nameof(bias));
        if (!hasBias && b.Any(x => x != 0))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Layer {layer} has no bias (BiasMode.None) but explicit non-zero bias values were given."), nameof(bias));
        for (int j = 0; j < b.Length; j++) bias[j] = b[j];
    }
}
