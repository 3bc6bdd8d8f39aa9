using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// A network's full-batch objective over all its trainable parameters as one vector θ (layer by layer: W
/// column-major, then b when <see cref="BiasMode.Trainable"/>): f(θ) = (1/n)·Σₛ E(xₛ, tₛ) + (λ/2)·Σ W², and
/// ∇f = (1/n)·Σₛ ∂E/∂θ + λ·W (weights only); with sample weights wₛ the mean is Σₛ wₛEₛ / Σₛ wₛ. Each evaluation
/// writes θ into the layers, runs every sample forward and backward in one batch of the network's training
/// workspace, and reads the gradients out.
/// </summary>
internal sealed class NetworkObjective : ILbfgsObjective
{
    private readonly Network _network;
    private readonly TrainingStep<double> _step;
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
        _step = network.Step.AsDouble("L-BFGS");
        _step.LoadColumns(_step.Prepare(inputs, targets), Enumerable.Range(0, samples).ToArray(), 0, samples);
        Dimension = network.ParameterCount;
    }

    /// <summary>The number of trainable parameters.</summary>
    public int Dimension { get; }

    /// <summary>θ as the layers hold it now.</summary>
    public double[] Pack()
    {
        var theta = new double[Dimension];
        int at = 0;
        foreach (var layer in _network.LayerArray)
        {
            layer.W.CopyTo(theta, at);
            at += layer.W.Length;
            if (layer.BiasMode != BiasMode.Trainable) continue;
            layer.B.CopyTo(theta, at);
            at += layer.B.Length;
        }
        return theta;
    }

    /// <summary>Writes finite θ into the layers.</summary>
    public void Unpack(ReadOnlySpan<double> theta)
    {
        int at = 0;
        foreach (var layer in _network.LayerArray)
        {
            theta.Slice(at, layer.W.Length).CopyTo(layer.W);
            at += layer.W.Length;
            if (layer.BiasMode != BiasMode.Trainable) continue;
            theta.Slice(at, layer.B.Length).CopyTo(layer.B);
            at += layer.B.Length;
        }
        _network.ParametersUpdated();
    }

    /// <summary>Leaves the training workspace with no gradients waiting for an optimizer's update.</summary>
    public void Finish() => _step.Workspace.HasGradients = false;

    /// <inheritdoc />
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Unpack(x);
        double loss = _step.Loss(weights: _weights);
        if (!double.IsFinite(loss)) return loss;
        var ws = _step.Workspace;
        if (_scales is null) Pass<double>.Backward(_network, ws, 1.0 / _samples);
        else Pass<double>.Backward(_network, ws, 1.0, _scales);
        double squares = 0;
        int at = 0;
        var layers = _network.LayerArray;
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var w = layer.W;
            var gw = ws.Layers[l].WeightGradient;
            for (int i = 0; i < w.Length; i++)
            {
                squares += w[i] * w[i];
                gradient[at + i] = gw[i] + _weightDecay * w[i];
            }
            at += w.Length;
            if (layer.BiasMode != BiasMode.Trainable) continue;
            ws.Layers[l].BiasGradient.CopyTo(gradient.Slice(at));
            at += layer.B.Length;
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
            if (index < layer.W.Length) return $"layers[{l.ToString(CultureInfo.InvariantCulture)}].Weights{Finite.At(index, layer.OutputSize)}";
            index -= layer.W.Length;
            if (layer.BiasMode != BiasMode.Trainable) continue;
            if (index < layer.B.Length) return $"layers[{l.ToString(CultureInfo.InvariantCulture)}].Bias{Finite.At(index)}";
            index -= layer.B.Length;
        }
        throw new ArgumentOutOfRangeException(nameof(index), index, "No such parameter.");
    }
}
