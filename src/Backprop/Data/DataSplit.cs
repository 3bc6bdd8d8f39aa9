using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>One fold of a cross-validation: the samples to train on and the samples to test on.</summary>
/// <param name="Train">0-based sample indices for training, in data order.</param>
/// <param name="Test">0-based sample indices for testing, in the order drawn.</param>
public sealed record Fold(IReadOnlyList<int> Train, IReadOnlyList<int> Test);

/// <summary>
/// Seeded splits of a data set: train/test and k-fold, optionally stratified by class. Samples are drawn by
/// repeatedly taking <c>random.Next(remaining)</c> out of the pool of samples not drawn yet, so with a
/// <see cref="PythonRandom"/> a non-stratified k-fold equals the tutorials' <c>cross_validation_split</c>.
/// </summary>
public static class DataSplit
{
    /// <summary>Splits into a training and a test set.</summary>
    /// <param name="data">The data.</param>
    /// <param name="testFraction">The share of samples to test on, in (0, 1); the test size is rounded to the nearest
    /// whole number (per class when stratified) and kept between 1 and n − 1.</param>
    /// <param name="random">The random source, seeded by the caller.</param>
    /// <param name="stratify">Keep each class's share in both parts (classification data only; default true).</param>
    public static (Dataset Train, Dataset Test) TrainTest(Dataset data, double testFraction, Random random, bool stratify = true)
    {
        var (train, test) = TrainTestIndices(data, testFraction, random, stratify);
        return (data.Subset(train), data.Subset(test));
    }

    /// <summary>The sample indices of <see cref="TrainTest"/>: training in data order, test in the order drawn.</summary>
    /// <param name="data">The data.</param>
    /// <param name="testFraction">The share of samples to test on, in (0, 1).</param>
    /// <param name="random">The random source.</param>
    /// <param name="stratify">Keep each class's share in both parts (default true).</param>
    public static (int[] Train, int[] Test) TrainTestIndices(Dataset data, double testFraction, Random random, bool stratify = true)
    {
        Guard.NotNull(data, nameof(data));
        Guard.NotNull(random, nameof(random));
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"testFraction must be in (0, 1); got {Guard.Describe(testFraction)}.");
        if (data.Count < 2) throw new ArgumentException("A train/test split needs at least 2 samples.", nameof(data));
        var test = new List<int>();
        foreach (var group in Groups(data, stratify))
        {
            int take = (int)Math.Round(group.Count * testFraction, MidpointRounding.AwayFromZero);
            test.AddRange(Draw(group, take, random));
        }
        if (test.Count == 0) test.AddRange(Draw(Enumerable.Range(0, data.Count).ToList(), 1, random));
        if (test.Count == data.Count) test.RemoveAt(test.Count - 1);
        var inTest = new HashSet<int>(test);
        return (Enumerable.Range(0, data.Count).Where(i => !inTest.Contains(i)).ToArray(), test.ToArray());
    }

    /// <summary>
    /// k folds that together hold every sample once as test data. Fold f gets ⌊n/k⌋ samples, plus one for the
    /// first n mod k folds; stratified folds deal each class's samples round-robin.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="k">The number of folds, from 2 to the number of samples.</param>
    /// <param name="random">The random source, seeded by the caller.</param>
    /// <param name="stratify">Keep each class's share in every fold (classification data only; default false).</param>
    public static IReadOnlyList<Fold> KFold(Dataset data, int k, Random random, bool stratify = false)
    {
        Guard.NotNull(data, nameof(data));
        return KFold(data.Count, k, random, stratify && data.IsClassification ? data.Labels() : null);
    }

    /// <summary>k folds over n samples (see the data-set overload); <paramref name="labels"/>, when given, stratifies.</summary>
    /// <param name="count">n, the number of samples.</param>
    /// <param name="k">The number of folds, from 2 to n.</param>
    /// <param name="random">The random source.</param>
    /// <param name="labels">Each sample's class, to stratify by; null for a plain split.</param>
    public static IReadOnlyList<Fold> KFold(int count, int k, Random random, IReadOnlyList<int>? labels = null)
    {
        Guard.NotNull(random, nameof(random));
        if (k < 2 || k > count)
            throw new ArgumentOutOfRangeException(nameof(k), k, string.Create(CultureInfo.InvariantCulture, $"k must be between 2 and the number of samples ({count}); got {k}."));
        if (labels is not null && labels.Count != count)
            throw new ArgumentException($"labels has {labels.Count} values but there are {count} samples.", nameof(labels));
        var tests = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        if (labels is null)
        {
            var pool = Enumerable.Range(0, count).ToList();
            for (int f = 0; f < k; f++)
                tests[f].AddRange(Draw(pool, count / k + (f < count % k ? 1 : 0), random));
        }
        else
        {
            int next = 0;
            foreach (var group in labels.Select((c, i) => (c, i)).GroupBy(p => p.c).OrderBy(g => g.Key))
                foreach (int i in Draw(group.Select(p => p.i).ToList(), group.Count(), random))
                    tests[next++ % k].Add(i);
        }
        return tests.Select(test =>
        {
            var inTest = new HashSet<int>(test);
            return new Fold(Enumerable.Range(0, count).Where(i => !inTest.Contains(i)).ToArray(), test.ToArray());
        }).ToArray();
    }

    /// <summary>Takes <paramref name="take"/> items out of <paramref name="pool"/>, each at random.Next(pool.Count).</summary>
    private static List<int> Draw(List<int> pool, int take, Random random)
    {
        var drawn = new List<int>(take);
        for (int n = 0; n < take; n++)
        {
            int at = random.Next(pool.Count);
            drawn.Add(pool[at]);
            pool.RemoveAt(at);
        }
        return drawn;
    }

    private static List<int>[] Groups(Dataset data, bool stratify)
    {
        if (!stratify || !data.IsClassification) return [Enumerable.Range(0, data.Count).ToList()];
        var labels = data.Labels();
        return Enumerable.Range(0, data.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToList()).ToArray();
    }
}
