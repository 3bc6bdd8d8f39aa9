using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Counts of (actual, predicted) class pairs: <c>this[a, p]</c> is how many samples of class a were predicted as p.
/// Gives accuracy and each class's precision and recall.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    /// <summary>Counts the pairs.</summary>
    /// <param name="actual">The true class of each sample.</param>
    /// <param name="predicted">The predicted class of each sample; as many as <paramref name="actual"/>.</param>
    /// <param name="classes">The number of classes; every class index must be below it.</param>
    /// <exception cref="ArgumentException">The lengths differ or a class index is out of range (the message names the sample).</exception>
    public ConfusionMatrix(IReadOnlyList<int> actual, IReadOnlyList<int> predicted, int classes)
    {
        Guard.NotNull(actual, nameof(actual));
        Guard.NotNull(predicted, nameof(predicted));
        Guard.AtLeast(classes, 1, nameof(classes));
        if (actual.Count != predicted.Count)
            throw new ArgumentException($"predicted has {predicted.Count} values but actual has {actual.Count}.", nameof(predicted));
        _counts = new int[classes, classes];
        for (int i = 0; i < actual.Count; i++)
        {
            if ((uint)actual[i] >= (uint)classes)
                throw new ArgumentException($"actual[{i}] is {actual[i]}, outside [0, {classes}).", nameof(actual));
            if ((uint)predicted[i] >= (uint)classes)
                throw new ArgumentException($"predicted[{i}] is {predicted[i]}, outside [0, {classes}).", nameof(predicted));
            _counts[actual[i], predicted[i]]++;
        }
        Total = actual.Count;
    }

    /// <summary>The number of classes.</summary>
    public int Classes => _counts.GetLength(0);

    /// <summary>The number of samples counted.</summary>
    public int Total { get; }

    /// <summary>How many samples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    /// <param name="actual">The true class.</param>
    /// <param name="predicted">The predicted class.</param>
    public int this[int actual, int predicted] => _counts[actual, predicted];

    /// <summary>The number predicted right: the sum of the diagonal.</summary>
    public int Correct => Enumerable.Range(0, Classes).Sum(c => _counts[c, c]);

    /// <summary>Correct / Total (0 when there are no samples).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Precision of class c: TP / (TP + FP), the share of predictions of c that are right; 0 when c is never predicted.</summary>
    /// <param name="c">The class.</param>
    public double Precision(int c)
    {
        int predictedC = Enumerable.Range(0, Classes).Sum(a => _counts[a, c]);
        return predictedC == 0 ? 0 : (double)_counts[c, c] / predictedC;
    }

    /// <summary>Recall of class c: TP / (TP + FN), the share of samples of c found; 0 when c never occurs.</summary>
    /// <param name="c">The class.</param>
    public double Recall(int c)
    {
        int actualC = Enumerable.Range(0, Classes).Sum(p => _counts[c, p]);
        return actualC == 0 ? 0 : (double)_counts[c, c] / actualC;
    }

    /// <summary>How many samples are of class c.</summary>
    /// <param name="c">The class.</param>
    public int Support(int c) => Enumerable.Range(0, Classes).Sum(p => _counts[c, p]);
}
