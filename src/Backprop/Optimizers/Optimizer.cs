using System.Numerics;
using System.Runtime.CompilerServices;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// An update rule over parameter blocks, as in tinygrad's optim.py: this base walks the blocks of a network (each
/// layer's weights, then its bias when <see cref="BiasMode.Trainable"/>), adds the L2 weight decay λ·W to ∂E/∂W
/// (weights only, never biases; not for a rule whose <see cref="DecayInGradient"/> is false), and hands each block to
/// <see cref="Update(ParameterBlock, UpdateStep)"/>, which is the rule alone.
/// </summary>
/// <remarks>
/// <para>An optimizer holds only its settings. Its state (velocities, moment estimates, the step count t) belongs to
/// the network it updates, so one optimizer may serve several networks, in turn or on several threads at once, and
/// each gets exactly what it would get alone. A network keeps the state of the optimizer that last updated it;
/// an update by another optimizer starts afresh.</para>
/// <para>The learning rate of epoch e is <see cref="Schedule"/>(η, e); for <see cref="ReduceOnPlateau"/>, the rate as
/// reduced so far for the network being updated (<see cref="LearningRateAt(Network, int)"/>), part of its state.</para>
/// </remarks>
public abstract class Optimizer
{
    /// <summary>Checks and keeps the settings shared by every rule.</summary>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="weightDecay">λ ≥ 0 (default 0, no decay).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">η is not positive and finite, or λ is negative or not finite.</exception>
    protected Optimizer(double learningRate, double weightDecay = 0, LearningRateSchedule? schedule = null)
    {
        Guard.PositiveFinite(learningRate, nameof(learningRate));
        if (!(weightDecay >= 0) || double.IsInfinity(weightDecay))
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay,
                $"weightDecay must be zero or a positive finite number; got {Guard.Describe(weightDecay)}.");
        LearningRate = learningRate;
        WeightDecay = weightDecay;
        Schedule = schedule ?? LearningRateSchedule.Constant;
    }

    /// <summary>The base learning rate η.</summary>
    public double LearningRate { get; }

    /// <summary>The weight decay λ (0: none): added to ∂E/∂W as λ·W before the rule, unless the rule applies it itself
    /// (<see cref="DecayInGradient"/> false, as <see cref="AdamW"/>).</summary>
    public double WeightDecay { get; }

    /// <summary>How the learning rate changes from epoch to epoch.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>The L1 penalty λ₁ ≥ 0 on the weights (never the biases), added to ∂E/∂W as λ₁·sign(W) after any
    /// clipping and before the rule, for every rule; 0 (none) by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    public double L1
    {
        get => _l1;
        init
        {
            if (!(value >= 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(L1), value, $"L1 must be zero or a positive finite number; got {Guard.Describe(value)}.");
            _l1 = value;
        }
    }

    private readonly double _l1;

    /// <summary>g ← g + λ₁·sign(W), the L1 penalty's subgradient (0 at W = 0, as torch's sign).</summary>
    private static void AddL1<T>(T[] gradient, T[] weights, double l1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T l = T.CreateTruncating(l1);
        for (int i = 0; i < weights.Length; i++) gradient[i] += l * T.CreateTruncating(T.Sign(weights[i]));
    }

    /// <summary>How the gradients are clipped before the rule sees them (before weight decay is added); none when
    /// null (the default). See <see cref="GradientClipping"/>.</summary>
    public GradientClipping? Clipping { get; init; }

    /// <summary>The learning rate in force at a 0-based epoch: <see cref="Schedule"/> applied to η.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public double LearningRateAt(int epoch)
    {
        Guard.AtLeast(epoch, 0, nameof(epoch));
        return Schedule.Rate(LearningRate, epoch);
    }

    /// <summary>The learning rate the next update of <paramref name="network"/> at <paramref name="epoch"/> uses: for
    /// <see cref="ReduceOnPlateau"/> the rate as reduced so far for that network (η before its first update by this
    /// optimizer), otherwise <see cref="LearningRateAt(int)"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public double LearningRateAt(Network network, int epoch)
    {
        Guard.NotNull(network, nameof(network));
        double scheduled = LearningRateAt(epoch);
        return network.OptimizerState is { } state && state.Owner == this && state.Schedule is { } adaptive ? adaptive.Rate : scheduled;
    }

    /// <summary>
    /// Hands the loss monitored at the end of an epoch (the validation loss, else the mean training loss) to a
    /// schedule that follows the losses, <see cref="ReduceOnPlateau"/>, for <paramref name="network"/>; other
    /// schedules ignore it. <see cref="Trainer"/> calls it after every epoch; call it yourself in a loop of your own
    /// (<see cref="Network.TrainStep(MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, Optimizer, LossReduction, int)"/>).
    /// </summary>
    /// <param name="network">The network trained by this optimizer.</param>
    /// <param name="loss">The monitored loss (lower is better; NaN counts as no improvement, as in torch).</param>
    public void ObserveLoss(Network network, double loss)
    {
        Guard.NotNull(network, nameof(network));
        if (Schedule.FollowsLosses) StateOf(network).Schedule!.Observe(loss);
    }

    /// <summary>The state this optimizer keeps for <paramref name="network"/>, made afresh when another optimizer (or
    /// none) updated it last.</summary>
    private OptimizerState StateOf(Network network)
    {
        var state = network.OptimizerState;
        if (state is null || state.Owner != this) network.OptimizerState = state = new OptimizerState(this, network, StateArrays);
        return state;
    }

    /// <summary>How many state arrays the rule keeps per parameter block, each as long as the block (0 by default;
    /// a velocity is 1, Adam's two moments 2).</summary>
    protected virtual int StateArrays => 0;

    /// <summary>Whether this base adds λ·W to ∂E/∂W before the rule (true by default: L2 in the gradient, as
    /// torch.optim does for every rule but AdamW). A rule that decays the weights itself (decoupled decay, as
    /// <see cref="AdamW"/>) returns false and reads <see cref="ParameterBlock.IsWeights"/> to decay weights only.</summary>
    protected virtual bool DecayInGradient => true;

    /// <summary>
    /// Updates every parameter block of <paramref name="network"/> from the gradients of its last
    /// <see cref="Network.ComputeGradients(MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, LossReduction)"/>.
    /// </summary>
    /// <param name="network">The network whose gradients were just computed.</param>
    /// <param name="epoch">The 0-based epoch, for the schedule (default 0).</param>
    /// <exception cref="InvalidOperationException">No gradients wait for an update (none computed, or already used).</exception>
    public void Step(Network network, int epoch = 0)
    {
        Guard.NotNull(network, nameof(network));
        var step = network.TrainingStepIfAny;
        if (step is null || !step.HasGradients)
            throw new InvalidOperationException("No gradients wait for an update: call Network.ComputeGradients first (an update uses them once).");
        step.Update(this, epoch);
    }

    /// <summary>Forgets the state this optimizer keeps for <paramref name="network"/> (velocities, moments, t, and a
    /// <see cref="ReduceOnPlateau"/>'s reduced rate and counters).</summary>
    /// <param name="network">The network.</param>
    public void Reset(Network network)
    {
        Guard.NotNull(network, nameof(network));
        if (network.OptimizerState?.Owner == this) network.OptimizerState = null;
    }

    /// <summary>The rule: updates one block's values from its gradient (decay already added when
    /// <see cref="DecayInGradient"/>) and its state.</summary>
    /// <param name="block">The values, their gradient and the rule's state arrays for them.</param>
    /// <param name="update">The learning rate in force and the step count t.</param>
    protected abstract void Update(ParameterBlock block, UpdateStep update);

    /// <summary>The rule for a block of a float32 network: the same as
    /// <see cref="Update(ParameterBlock, UpdateStep)"/> with float values, gradient and state. Every built-in
    /// optimizer has one (the same generic rule as its double one, in float arithmetic); this base throws, so that
    /// an optimizer of your own refuses float32 networks until it gives its rule for floats.</summary>
    /// <param name="block">The values, their gradient and the rule's state arrays for them, as floats.</param>
    /// <param name="update">The learning rate in force and the step count t.</param>
    /// <exception cref="NotSupportedException">This optimizer has no float32 rule (before anything is changed).</exception>
    protected virtual void Update(ParameterBlockSingle block, UpdateStep update) => throw NoSingleRule();

    private NotSupportedException NoSingleRule() => new(
        $"{GetType().Name} has no float32 rule, so it cannot update a float32 network: override Update(ParameterBlockSingle, UpdateStep), or train a float64 network (Network.ToPrecision(Precision.Float64)).");

    /// <summary>Whether the optimizer overrides <see cref="Update(ParameterBlockSingle, UpdateStep)"/>, found once.</summary>
    private bool HasSingleRule => _hasSingleRule ??= GetType().GetMethod(nameof(Update),
        System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public,
        [typeof(ParameterBlockSingle), typeof(UpdateStep)])?.DeclaringType != typeof(Optimizer);

    private bool? _hasSingleRule;

    internal void Apply<T>(Network network, Workspace<T> ws, int epoch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && !HasSingleRule) throw NoSingleRule();
        var state = StateOf(network);
        var update = new UpdateStep(state.Schedule?.Rate ?? LearningRateAt(epoch), ++state.Steps);
        var layers = network.LayerArray;
        if (Clipping is { } clipping) clipping.Clip(layers, ws);
        for (int l = 0; l < layers.Length; l++)
        {
            var layer = layers[l];
            var g = ws.Layers[l];
            var w = layer.WeightsOf<T>();
            if (L1 != 0) AddL1(g.WeightGradient, w, L1);
            if (WeightDecay != 0 && DecayInGradient)
            {
                // g ← ∂E/∂W + λ·W, once here for every rule (rounded as written: the product, then the sum).
                T decay = T.CreateTruncating(WeightDecay);
                var gw = g.WeightGradient;
                for (int i = 0; i < w.Length; i++) gw[i] += decay * w[i];
            }
            UpdateBlock(w, g.WeightGradient, state, 2 * l, isWeights: true, update);
            if (layer.BiasMode == BiasMode.Trainable) UpdateBlock(layer.BiasOf<T>(), g.BiasGradient, state, 2 * l + 1, isWeights: false, update);
        }
        ws.HasGradients = false;
        network.ParametersUpdated();
    }

    /// <summary>Hands one block to the rule of its precision.</summary>
    private void UpdateBlock<T>(T[] values, T[] gradient, OptimizerState state, int block, bool isWeights, UpdateStep update)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double))
            Update(new ParameterBlock(Unsafe.As<double[]>(values), Unsafe.As<double[]>(gradient), state, block, isWeights), update);
        else
            Update(new ParameterBlockSingle(Unsafe.As<float[]>(values), Unsafe.As<float[]>(gradient), state, block, isWeights), update);
    }
}
