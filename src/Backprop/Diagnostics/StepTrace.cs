using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Every number of one training step on one sample, layer by layer: input, net, out, the activation's
/// derivative, ∂E/∂out, δ, ∂E/∂W and ∂E/∂b, the weights and biases before and after the update, and the loss per
/// output and in total; optionally each gradient's finite-difference estimate. A trace is data: formatting is done
/// by <see cref="TraceMarkdown"/>, <see cref="TraceJson"/> and the console tables of Backprop.Visualization.
/// </summary>
public sealed class StepTrace
{
    private StepTrace(IReadOnlyList<LayerTrace> layers, double[] input, double[] target, double[] lossTerms, double loss,
        string lossName, double learningRate, string optimizer)
    {
        Layers = layers;
        Input = input;
        Target = target;
        LossTerms = lossTerms;
        Loss = loss;
        LossName = lossName;
        LearningRate = learningRate;
        Optimizer = optimizer;
    }

    /// <summary>The layers, first hidden layer first.</summary>
    public IReadOnlyList<LayerTrace> Layers { get; }

    /// <summary>The sample.</summary>
    public IReadOnlyList<double> Input { get; }

    /// <summary>Its target.</summary>
    public IReadOnlyList<double> Target { get; }

    /// <summary>The network's output before the update (the last layer's out).</summary>
    public IReadOnlyList<double> Output => Layers[^1].Out;

    /// <summary>Each output's own term of the loss before the update (the blog's E_o1, E_o2).</summary>
    public IReadOnlyList<double> LossTerms { get; }

    /// <summary>E before the update (the blog's E_total).</summary>
    public double Loss { get; }

    /// <summary>The loss's name.</summary>
    public string LossName { get; }

    /// <summary>The learning rate in force for the step.</summary>
    public double LearningRate { get; }

    /// <summary>The optimizer's type name.</summary>
    public string Optimizer { get; }

    /// <summary>True when each gradient has a finite-difference estimate beside it.</summary>
    public bool HasFiniteDifferences => Layers[0].NumericWeightGradient is not null;

    /// <summary>
    /// Takes one training step of <paramref name="network"/> on one sample, exactly as
    /// <see cref="Network.TrainStep(Vector{double}, Vector{double}, Optimizer)"/> does (the weights after it are
    /// bit-identical), and records every number of it.
    /// </summary>
    /// <param name="network">The network; it is updated by the step.</param>
    /// <param name="input">One sample.</param>
    /// <param name="target">Its target.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="finiteDifferences">Also estimate every gradient by a five-point central difference at the
    /// weights before the step (default false).</param>
    /// <exception cref="ArgumentException">A shape does not fit or a value is not finite; nothing changed.</exception>
    public static StepTrace Record(Network network, Vector<double> input, Vector<double> target, Optimizer optimizer,
        bool finiteDifferences = false)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(optimizer, nameof(optimizer));
        network.Load(input, target);
        network.CheckParametersFinite();
        var numeric = finiteDifferences ? Numeric(network) : null;

        var before = new LayerTrace[network.Layers.Count];
        double[] terms = new double[network.OutputSize];
        void Snapshot()
        {
            for (int l = 0; l < network.Layers.Count; l++)
                before[l] = LayerTrace.Before(l, network.Layers[l], numeric?[l].W, numeric?[l].B);
            var last = network.Layers[^1];
            network.Loss.Terms(last.OutputValues, target.ToArray(), terms, network.OutputSize);
        }
        double lr = optimizer.CurrentLearningRate;
        double loss = network.Step(optimizer, null, null, beforeUpdate: Snapshot);
        var layers = before.Select((b, l) => b.After(network.Layers[l])).ToArray();
        return new StepTrace(layers, input.ToArray(), target.ToArray(), terms, loss, network.Loss.Name, lr, optimizer.GetType().Name);
    }

    private static (Matrix<double> W, Vector<double>? B)[] Numeric(Network network)
    {
        return network.Layers.Select(layer =>
        {
            var w = Matrix<double>.Build.Dense(layer.OutputSize, layer.InputSize);
            for (int i = 0; i < layer.WeightValues.Length; i++)
                w[i % layer.OutputSize, i / layer.OutputSize] = GradientCheck.CentralDifference(network, layer.WeightValues, i, 1e-3);
            Vector<double>? b = null;
            if (layer.BiasMode != BiasMode.None)
            {
                b = Vector<double>.Build.Dense(layer.OutputSize);
                for (int i = 0; i < layer.BiasValues.Length; i++) b[i] = GradientCheck.CentralDifference(network, layer.BiasValues, i, 1e-3);
            }
            return (w, b);
        }).ToArray();
    }
}
