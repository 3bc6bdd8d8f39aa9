namespace Backprop;

/// <summary>Turning network outputs and targets into class indices.</summary>
public static class Classes
{
    /// <summary>
    /// The class of each column of an outputs × samples block: the index of the largest value (the first on a tie),
    /// or, for a single output, 1 when the value is ≥ 0.5 and else 0.
    /// </summary>
    /// <param name="columnMajor">The block, column-major.</param>
    /// <param name="outputs">The number of rows.</param>
    /// <param name="samples">The number of columns.</param>
    public static int[] Of(ReadOnlySpan<double> columnMajor, int outputs, int samples)
    {
        var result = new int[samples];
        for (int j = 0; j < samples; j++) result[j] = Of(columnMajor.Slice(j * outputs, outputs));
        return result;
    }

    /// <summary>The class of one sample's outputs (see the block overload).</summary>
    /// <param name="values">One sample's outputs.</param>
    public static int Of(ReadOnlySpan<double> values)
    {
        if (values.Length == 1) return values[0] >= 0.5 ? 1 : 0;
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }

    /// <summary>The class of one sample's outputs of either precision, as <see cref="Of(ReadOnlySpan{double})"/>.</summary>
    internal static int OfAny<T>(ReadOnlySpan<T> values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (values.Length == 1) return values[0] >= T.CreateTruncating(0.5) ? 1 : 0;
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best]) best = i;
        return best;
    }
}
