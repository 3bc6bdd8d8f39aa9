using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Every number of one training step on one sample, layer by layer: input, net, out, the activation's
/// derivative, ∂E/∂out, δ, ∂E/∂W and ∂E/∂b, the weights and biases before and after the update, and the loss per
/// output and in total, and for a layer with dropout the step's mask and out′; optionally each gradient's
/// finite-difference estimate (with the step's masks held fixed). A trace is data: formatting is done
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
    /// <see cref="Network.TrainStep(Vector{double}, Vector{double}, Optimizer, int)"/> does (it goes through the same
    /// step, so the weights after it are bit-identical; with dropout it draws the network's next masks, as that
    /// step would), and records every number of it.
    /// </summary>
    /// <param name="network">The network; it is updated by the step.</param>
    /// <param name="input">One sample.</param>
    /// <param name="target">Its target.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="finiteDifferences">Also estimate every gradient by a five-point central difference at the
    /// weights before the step (default false).</param>
    /// <param name="epoch">The 0-based epoch, for the optimizer's schedule (default 0).</param>
    /// <exception cref="ArgumentException">A shape does not fit or a value is not finite; nothing changed.</exception>
    public static StepTrace Record(Network network, Vector<double> input, Vector<double> target, Optimizer optimizer,
        bool finiteDifferences = false, int epoch = 0)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(optimizer, nameof(optimizer));
        var x = Inputs.Sample(network, input, nameof(input));
        var t = Inputs.Target(network, target, nameof(target));
        double lr = optimizer.LearningRateAt(network, epoch);
        network.ThrowIfDiverged();
        return network.Precision == Precision.Float32
            ? Record<float>(network, x, t, optimizer, finiteDifferences, epoch, lr, SingleFiniteDifferenceStep)
            : Record<double>(network, x, t, optimizer, finiteDifferences, epoch, lr, FiniteDifferenceStep);
    }

    /// <summary>The step of a network of precision <typeparamref name="T"/>: its numbers read as doubles (exact for
    /// floats), its input and target as the network saw them (rounded to floats once in a float32 network).</summary>
    private static StepTrace Record<T>(Network network, double[] x, double[] t, Optimizer optimizer, bool finiteDifferences, int epoch,
        double lr, double h) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var numeric = finiteDifferences ? GradientCheck.Estimates(network, x, t, h) : null;
        var step = (TrainingStep<T>)network.Step;
        step.Load(x, t, 1);
        double loss = step.Evaluate();
        var ws = step.Workspace;
        var before = new LayerTrace[network.Layers.Count];
        for (int l = 0; l < before.Length; l++)
            before[l] = LayerTrace.Before(l, network.Layers[l], ws.Layers[l], l == 0 ? ws.InputValues : ws.Layers[l - 1].ForwardedValues(1),
                numeric?[l].W, numeric?[l].B);
        double[] input = LayerTrace.Wide<T>(ws.InputValues), target = LayerTrace.Wide<T>(ws.TargetValues);
        double[] terms = new double[network.OutputSize];
        network.Loss.Terms(LayerTrace.Wide<T>(ws.OutputValues), target, terms, network.OutputSize);
        step.Update(optimizer, epoch);
        var layers = before.Select((b, l) => b.After(network.Layers[l])).ToArray();
        return new StepTrace(layers, input, target, terms, loss, network.Loss.Name, lr, optimizer.GetType().Name)
        {
            Precision = network.Precision,
        };
    }

    /// <summary>The precision the traced network computed in; every value of the trace is a double (a float32
    /// network's floats widened exactly).</summary>
    public Precision Precision { get; private init; }

    /// <summary>h of a float32 network's finite-difference estimates: 1e-2, of the cube root of the float ε
    /// (2⁻²³ ≈ 1.2e-7, cbrt ≈ 5e-3) in scale, as suits the five-point difference, whose round-off ~ε·E/h and
    /// truncation ~h⁴ balance there (1e-3, the float64 step, would leave the float round-off at 1e-4·E).</summary>
    private const double SingleFiniteDifferenceStep = 1e-2;

    /// <summary>h of the finite-difference estimates (see <see cref="GradientCheck"/>).</summary>
    private const double FiniteDifferenceStep = 1e-3;
}
