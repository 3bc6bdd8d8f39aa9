using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>
/// Refuses, before anything is allocated, a network too large to build or train on this machine: one whose weight
/// matrix or activation buffer would not fit in one .NET array, or whose estimated memory exceeds what the GC may use.
/// </summary>
public static class NetworkSize
{
    /// <summary>Doubles held per parameter while training: the value, its gradient, up to two optimizer moments
    /// (Adam's m and v) and early stopping's copy of the best weights.</summary>
    public const int DoublesPerParameter = 5;

    /// <summary>Doubles held per neuron and sample in a pass: net, out and δ.</summary>
    public const int DoublesPerActivation = 3;

    /// <summary>The parameters of a dense network: Σ (inputs + 1) × outputs over its layers, in long (no overflow).</summary>
    /// <param name="sizes">The layer sizes from the inputs to the outputs.</param>
    public static long Parameters(IReadOnlyList<int> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        long total = 0;
        for (int l = 1; l < sizes.Count; l++) total += ((long)sizes[l - 1] + 1) * sizes[l];
        return total;
    }

    /// <summary>Throws ArgumentException "OPTION TYPED: …" when the network of <paramref name="sizes"/>, run on
    /// batches of up to <paramref name="columns"/> samples, cannot be built or would not fit in memory.</summary>
    /// <param name="option">The option that chose the sizes, e.g. "--hidden".</param>
    /// <param name="typed">What was typed for it.</param>
    /// <param name="sizes">The layer sizes from the inputs to the outputs.</param>
    /// <param name="columns">The most samples in one pass (the batch, or the data evaluated at once).</param>
    public static void Check(string option, string typed, IReadOnlyList<int> sizes, int columns)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        var c = CultureInfo.InvariantCulture;
        string shape = string.Join("-", sizes.Select(n => n.ToString(c)));
        long parameters = Parameters(sizes);
        double bytes = 8.0 * (DoublesPerParameter * (double)parameters + DoublesPerActivation * (double)sizes.Skip(1).Sum(n => (long)n) * columns);
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (bytes > available)
            throw new ArgumentException(string.Create(c,
                $"{option} {typed}: the {shape} network has {parameters:N0} parameters and needs about {Gigabytes(bytes)} to train, more than the {Gigabytes(available)} available; choose smaller sizes."));
        for (int l = 1; l < sizes.Count; l++)
        {
            long weights = (long)sizes[l - 1] * sizes[l];
            if (weights > Array.MaxLength)
                throw new ArgumentException(string.Create(c,
                    $"{option} {typed}: layer {l} of the {shape} network would hold {weights:N0} weights, more than one array can ({Array.MaxLength:N0}); choose smaller sizes."));
            if ((long)sizes[l] * columns > Array.MaxLength)
                throw new ArgumentException(string.Create(c,
                    $"{option} {typed}: layer {l}'s {sizes[l]:N0} outputs for {columns:N0} samples at once would not fit in one array; choose smaller sizes."));
        }
    }

    private static string Gigabytes(double bytes) => (bytes / (1L << 30)).ToString(bytes < 1L << 30 ? "0.###" : "N1", CultureInfo.InvariantCulture) + " GB";
}
