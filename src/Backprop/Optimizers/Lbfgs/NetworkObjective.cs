using System.Globalization;
using System.Numerics;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// A network's full-batch objective over all its trainable parameters as one vector θ (layer by layer: W
/// column-major, then b when <see cref="BiasMode.Trainable"/>): f(θ) = (1/n)·Σₛ E(xₛ, tₛ) + (λ/2)·Σ W², and
/// ∇f = (1/n)·Σₛ ∂E/∂θ + λ·W (weights only); with sample weights wₛ the mean is Σₛ wₛEₛ / Σₛ wₛ. Each evaluation
/// writes θ into the layers, runs every sample forward and backward in one batch of the network's training
/// workspace, and reads the gradients out.
/// </summary>
/// <remarks>θ, ∇f and the minimizer's memory are doubles in either precision. A float32 network computes f and ∇f
/// at θ rounded to its floats (each value to the nearest float), widened exactly for the minimizer, so every value of
/// f is one the float network itself gives; a θ with a value beyond the float range is a non-finite f, which the
/// line search steps back from.</remarks>
internal static class NetworkObjective
{
    /// <summary>The objective of <paramref name="network"/> in its precision (see <see cref="NetworkObjective{T}"/>).</summary>
    public static INetworkObjective For(Network network, double[] inputs, double[] targets, int samples, double weightDecay,
        double[]? weights = null) => network.Precision == Precision.Float32
        ? new NetworkObjective<float>(network, inputs, targets, samples, weightDecay, weights)
        : new NetworkObjective<double>(network, inputs, targets, samples, weightDecay, weights);
}

/// <summary>The L-BFGS objective of a network, as <see cref="LbfgsTrainer"/> packs, evaluates and unpacks it.</summary>
internal interface INetworkObjective : ILbfgsObjective
{
    /// <summary>The number of trainable parameters.</summary>
    int Dimension { get; }

    /// <summary>θ as the layers hold it now (widened exactly from a float32 network).</summary>
    double[] Pack();

    /// <summary>Writes θ into the layers (rounded to floats for a float32 network); returns false, writing nothing,
    /// when a value rounds beyond the network's range.</summary>
    bool Unpack(ReadOnlySpan<double> theta);

    /// <summary>Leaves the training workspace with no gradients waiting for an optimizer's update.</summary>
    void Finish();
}

/// <summary>The objective of a network of precision <typeparamref name="T"/> (see <see cref="NetworkObjective"/>).</summary>
internal sealed class NetworkObjective<T> : INetworkObjective where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Network _network;
    private readonly TrainingStep<T> _step;
    private readonly int _samples;
    private readonly double _weightDecay;
    private readonly double[]? _weights, _scales;
    private readonly double _totalWeight;

    /// <summary>Loads the checked samples (one per column) into the network's training workspace once.</summary>
    /// <param name="network">The network, whose layers each evaluation writes.</param>
    /// <param name="inputs">inputs × samples, column-major, checked.</param>
    /// <param name="targets">outputs × samples, column-major, checked.</param>
    /// <param name="samples">n.</param>
    /// <param name="weightDecay">λ.</param>
    /// <param name="weights">Each sample's loss weight, checked, with a positive finite sum; null: all 1, with the
    /// unweighted arithmetic.</param>
    public NetworkObjective(Network network, double[] inputs, double[] targets, int samples, double weightDecay, double[]? weights = null)
    {
        _network = network;
        _samples = samples;
        _weightDecay = weightDecay;
        if (weights is not null)
        {
            _weights = weights;
            _totalWeight = LossWeights.Sum(weights);
            _scales = weights.Select(w => w / _totalWeight).ToArray();
        }
        _step = (TrainingStep<T>)network.Step;
        _step.LoadColumns(_step.Prepare(inputs, targets), Enumerable.Range(0, samples).ToArray(), 0, samples);
        Dimension = network.ParameterCount;
    }

    /// <summary>The number of trainable parameters.</summary>
    public int Dimension { get; }

    /// <inheritdoc />
    public double[] Pack()
    {
        var theta = new double[Dimension];
        int at = 0;
        foreach (var layer in _network.LayerArray)
        {
            at += Widen(layer.WeightsOf<T>(), theta.AsSpan(at));
            if (layer.BiasMode == BiasMode.Trainable) at += Widen(layer.BiasOf<T>(), theta.AsSpan(at));
        }
        return theta;
    }

    /// <inheritdoc />
    public bool Unpack(ReadOnlySpan<double> theta)
    {
        if (typeof(T) == typeof(float))
            foreach (double v in theta)
                if (!float.IsFinite((float)v)) return false;
        int at = 0;
        foreach (var layer in _network.LayerArray)
        {
            var w = layer.WeightsOf<T>();
            Precisions.Convert<double, T>(theta.Slice(at, w.Length), w);
            at += w.Length;
            if (layer.BiasMode != BiasMode.Trainable) continue;
            var b = layer.BiasOf<T>();
            Precisions.Convert<double, T>(theta.Slice(at, b.Length), b);
            at += b.Length;
        }
        _network.ParametersUpdated();
        return true;
    }

    /// <inheritdoc />
    public void Finish() => _step.Workspace.HasGradients = false;

    private static int Widen(T[] values, Span<double> to)
    {
        Precisions.Convert<T, double>(values, to[..values.Length]);
        return values.Length;
    }

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        if (!Unpack(x)) return double.PositiveInfinity;
        double loss = _step.Loss(weights: _weights);
        if (!double.IsFinite(loss)) return loss;
        var ws = _step.Workspace;
        if (_scales is null) Pass<T>.Backward(_network, ws, 1.0 / _samples);
        else Pass<T>.Backward(_network, ws, 1.0, _scales);
        double squares = 0;
        int at = 0;
        var layers = _network.LayerArray;
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var w = layer.WeightsOf<T>();
            var gw = ws.Layers[l].WeightGradient;
            for (int i = 0; i < w.Length; i++)
            {
                double wi = double.CreateTruncating(w[i]);
                squares += wi * wi;
                gradient[at + i] = double.CreateTruncating(gw[i]) + _weightDecay * wi;
            }
            at += w.Length;
            if (layer.BiasMode != BiasMode.Trainable) continue;
            at += Widen(ws.Layers[l].BiasGradient, gradient.Slice(at));
        }
        return loss / (_weights is null ? _samples : _totalWeight) + 0.5 * _weightDecay * squares;
    }

    /// <inheritdoc />
    public string Name(int index)
    {
        var layers = _network.LayerArray;
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            int weights = layer.OutputSize * layer.InputSize;
            if (index < weights) return $"layers[{l.ToString(CultureInfo.InvariantCulture)}].Weights{Finite.At(index, layer.OutputSize)}";
            index -= weights;
            if (layer.BiasMode != BiasMode.Trainable) continue;
            if (index < layer.OutputSize) return $"layers[{l.ToString(CultureInfo.InvariantCulture)}].Bias{Finite.At(index)}";
            index -= layer.OutputSize;
        }
        throw new ArgumentOutOfRangeException(nameof(index), index, "No such parameter.");
    }
}
