using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>Per-class loss weights for <see cref="TrainingOptions.ClassWeights"/>.</summary>
public static class ClassWeights
{
    /// <summary>
    /// scikit-learn's <c>class_weight='balanced'</c>: w_c = n / (K·n_c) for n samples, K classes and n_c samples of
    /// class c, so that every class weighs the same in total (n/K) and the weights average 1 over the samples. The
    /// sample weights of <paramref name="data"/>, if any, are not counted (as scikit-learn's compute_class_weight).
    /// </summary>
    /// <param name="data">A classification data set (K is the number of target rows, 2 for a single 0/1 row).</param>
    /// <returns>One weight per class, in class order.</returns>
    /// <exception cref="ArgumentException">The data set holds regression targets, or a class has no sample (its
    /// weight would be infinite); the message names the class.</exception>
    public static double[] Balanced(Dataset data)
    {
        Guard.NotNull(data, nameof(data));
        if (!data.IsClassification)
            throw new ArgumentException("Balanced class weights need a classification data set (with class names); this one holds regression targets.", nameof(data));
        int classes = LossWeights.ClassCount(data.OutputCount);
        var counts = new int[classes];
        foreach (int label in data.Labels()) counts[label]++;
        var weights = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            if (counts[c] == 0)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Class {c} ('{Name(data, c)}') has no sample in the data, so its balanced weight n / (K·n_c) would be infinite."), nameof(data));
            weights[c] = (double)data.Count / ((double)classes * counts[c]);
        }
        return weights;
    }

    private static string Name(Dataset data, int c) =>
        c < data.ClassNames!.Count ? data.ClassNames[c] : c.ToString(CultureInfo.InvariantCulture);
}
