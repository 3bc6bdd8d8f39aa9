using Backprop.Internal;

namespace Backprop;

/// <summary>
/// SGD with momentum μ (the form PyTorch uses): g = ∂E/∂W + λ·W; v ← μ·v + g; then W ← W − η·v, or with
/// Nesterov W ← W − η·(g + μ·v). Biases follow the same rule without λ. Velocities start at zero.
/// </summary>
public sealed class Momentum : Optimizer
{
    private readonly Dictionary<DenseLayer, (double[] W, double[] B)> _velocity = [];

    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="momentum">μ in [0, 1) (default 0.9).</param>
    /// <param name="nesterov">Use Nesterov's look-ahead form (default false).</param>
    /// <param name="weightDecay">λ ≥ 0 (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public Momentum(double learningRate, double momentum = 0.9, bool nesterov = false, double weightDecay = 0,
        LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"momentum must be in [0, 1); got {Guard.Describe(momentum)}.");
        Mu = momentum;
        Nesterov = nesterov;
    }

    /// <summary>μ.</summary>
    public double Mu { get; }

    /// <summary>Whether the Nesterov form is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override void Step(Network network)
    {
        Guard.NotNull(network, nameof(network));
        double eta = CurrentLearningRate;
        foreach (var layer in network.LayerArray)
        {
            if (!_velocity.TryGetValue(layer, out var v))
                _velocity[layer] = v = (new double[layer.WeightValues.Length], new double[layer.BiasValues.Length]);
            Update(layer.WeightValues, layer.WeightGradientValues, v.W, eta, WeightDecay);
            if (layer.BiasMode == BiasMode.Trainable) Update(layer.BiasValues, layer.BiasGradientValues, v.B, eta, 0);
        }
    }

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        _velocity.Clear();
    }

    private void Update(double[] w, double[] gradient, double[] v, double eta, double lambda)
    {
        for (int i = 0; i < w.Length; i++)
        {
            double g = lambda == 0 ? gradient[i] : gradient[i] + lambda * w[i];
            v[i] = Mu * v[i] + g;
            w[i] -= eta * (Nesterov ? g + Mu * v[i] : v[i]);
        }
    }
}
