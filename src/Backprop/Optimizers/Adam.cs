using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015): with g = ∂E/∂W + λ·W and step count t,
/// m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; W ← W − η·m̂ / (√v̂ + ε), where m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ).
/// Biases follow the same rule without λ. Moments start at zero.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Dictionary<DenseLayer, (double[] MW, double[] VW, double[] MB, double[] VB)> _moments = [];

    /// <summary>Creates the rule.</summary>
    /// <param name="learningRate">η (default 0.001).</param>
    /// <param name="beta1">β₁ in [0, 1) (default 0.9).</param>
    /// <param name="beta2">β₂ in [0, 1) (default 0.999).</param>
    /// <param name="epsilon">ε &gt; 0 (default 1e-8).</param>
    /// <param name="weightDecay">λ ≥ 0 (default 0).</param>
    /// <param name="schedule">How η changes per epoch; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of its range.</exception>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8,
        double weightDecay = 0, LearningRateSchedule? schedule = null)
        : base(learningRate, weightDecay, schedule)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, $"beta1 must be in [0, 1); got {Guard.Describe(beta1)}.");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, $"beta2 must be in [0, 1); got {Guard.Describe(beta2)}.");
        Guard.PositiveFinite(epsilon, nameof(epsilon));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>β₁.</summary>
    public double Beta1 { get; }

    /// <summary>β₂.</summary>
    public double Beta2 { get; }

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>t, the number of steps taken so far.</summary>
    public long Steps { get; private set; }

    /// <inheritdoc />
    public override void Step(Network network)
    {
        Guard.NotNull(network, nameof(network));
        Steps++;
        double eta = CurrentLearningRate;
        double c1 = 1 - Math.Pow(Beta1, Steps), c2 = 1 - Math.Pow(Beta2, Steps);
        foreach (var layer in network.LayerArray)
        {
            if (!_moments.TryGetValue(layer, out var m))
            {
                int nw = layer.WeightValues.Length, nb = layer.BiasValues.Length;
                _moments[layer] = m = (new double[nw], new double[nw], new double[nb], new double[nb]);
            }
            Update(layer.WeightValues, layer.WeightGradientValues, m.MW, m.VW, eta, c1, c2, WeightDecay);
            if (layer.BiasMode == BiasMode.Trainable) Update(layer.BiasValues, layer.BiasGradientValues, m.MB, m.VB, eta, c1, c2, 0);
        }
    }

    /// <inheritdoc />
    public override void Reset()
    {
        base.Reset();
        _moments.Clear();
        Steps = 0;
    }

    private void Update(double[] w, double[] gradient, double[] m, double[] v, double eta, double c1, double c2, double lambda)
    {
        for (int i = 0; i < w.Length; i++)
        {
            double g = lambda == 0 ? gradient[i] : gradient[i] + lambda * w[i];
            m[i] = Beta1 * m[i] + (1 - Beta1) * g;
            v[i] = Beta2 * v[i] + (1 - Beta2) * g * g;
            w[i] -= eta * (m[i] / c1) / (Math.Sqrt(v[i] / c2) + Epsilon);
        }
    }
}
