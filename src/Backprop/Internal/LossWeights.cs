using System.Globalization;

namespace Backprop.Internal;

/// <summary>The checks of loss weights (per class or per sample), and their product into one weight per sample.</summary>
internal static class LossWeights
{
    /// <summary>A copy of <paramref name="weights"/> after checking that each is finite and ≥ 0 and not all are 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A weight is negative, NaN or infinite; the message names its index.</exception>
    /// <exception cref="ArgumentException">There is no weight, or every weight is 0.</exception>
    public static double[] Checked(IReadOnlyList<double> weights, string name)
    {
        Guard.NotNull(weights, name);
        var copy = new double[weights.Count];
        bool any = false;
        for (int i = 0; i < copy.Length; i++)
        {
            double w = weights[i];
            if (!(w >= 0) || double.IsInfinity(w))
                throw new ArgumentOutOfRangeException(name, w, string.Create(CultureInfo.InvariantCulture,
                    $"{name}[{i}] is {Guard.Describe(w)}; a weight must be zero or a positive finite number."));
            copy[i] = w;
            any |= w > 0;
        }
        if (!any)
            throw new ArgumentException(copy.Length == 0
                ? $"{name} is empty; give at least one weight."
                : $"{name} are all 0; at least one must be positive, or nothing is learnt.", name);
        return copy;
    }

    /// <summary>
    /// Each sample's weight in the loss: its class's weight (when <paramref name="classWeights"/> is given) times its
    /// own (<see cref="Dataset.SampleWeights"/>); null when every product is exactly 1, so that unweighted training
    /// keeps its own, unchanged arithmetic.
    /// </summary>
    /// <param name="data">The data set.</param>
    /// <param name="classWeights">One weight per class, checked already; or null.</param>
    /// <param name="name">The data's argument name, for the messages.</param>
    /// <exception cref="ArgumentException">Class weights on regression data, a class-weight count that differs from
    /// the number of classes, a product that overflows, or weights whose sum is 0 or overflows.</exception>
    public static double[]? PerSample(Dataset data, IReadOnlyList<double>? classWeights, string name)
    {
        var own = data.Weights;
        if (classWeights is null && own is null) return null;
        int[]? labels = null;
        if (classWeights is not null)
        {
            if (!data.IsClassification)
                throw new ArgumentException(
                    $"TrainingOptions.ClassWeights weigh classes, but {name} holds regression targets (no class names); " +
                    "weigh its samples with Dataset.WithSampleWeights instead.", name);
            int classes = ClassCount(data.OutputCount);
            if (classWeights.Count != classes)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"TrainingOptions.ClassWeights has {classWeights.Count} weights but {name} has {classes} classes " +
                    $"({string.Join(", ", data.ClassNames!)}): one weight per class, in class order."), name);
            labels = data.Labels();
        }
        var w = new double[data.Count];
        bool ones = true;
        double total = 0;
        for (int s = 0; s < w.Length; s++)
        {
            double x = (labels is null ? 1.0 : classWeights![labels[s]]) * (own is null ? 1.0 : own[s]);
            if (double.IsInfinity(x))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The weight of {name} sample {s} (class weight × sample weight) overflows to infinity."), name);
            w[s] = x;
            ones &= x == 1;
            total += x;
        }
        if (ones) return null;
        if (total == 0)
            throw new ArgumentException(
                $"Every sample of {name} has weight 0 (class weight × sample weight), so none would count in the loss.", name);
        if (double.IsInfinity(total))
            throw new ArgumentException($"The weights of {name} sum to infinity; scale them down.", name);
        return w;
    }

    /// <summary>The number of classes of targets with <paramref name="outputs"/> rows: one per row, or 2 for a single
    /// 0/1 row (as <see cref="Classes.Of(ReadOnlySpan{double})"/> reads it).</summary>
    public static int ClassCount(int outputs) => outputs == 1 ? 2 : outputs;

    /// <summary>Σ w in index order.</summary>
    public static double Sum(ReadOnlySpan<double> weights)
    {
        double total = 0;
        foreach (double w in weights) total += w;
        return total;
    }
}
