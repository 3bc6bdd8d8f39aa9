namespace Backprop;

/// <summary>
/// The loss of a pass with one weight per sample (column): Σ_c w_c·E_c, where E_c is column c's own loss (the fused
/// form where the loss has one). A column of weight 0 is skipped, as if absent, so that even an infinite loss there
/// adds nothing.
/// </summary>
internal static class WeightedLoss
{
    /// <summary>Σ_c w_c·E_c over the workspace's columns, from the last layer of the last forward pass.</summary>
    public static double Value<T>(Network network, Workspace<T> ws, ReadOnlySpan<double> weights) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var last = ws.Layers[^1];
        int n = ws.Columns, k = ws.OutputSize;
        ReadOnlySpan<T> net = last.NetValues(n), output = last.OutValues(n), target = ws.TargetValues;
        var loss = network.Loss;
        double sum = 0;
        for (int c = 0; c < n; c++)
        {
            if (weights[c] == 0) continue;
            int at = c * k;
            double e = network.Fused
                ? Calls.FusedValue(loss, net.Slice(at, k), output.Slice(at, k), target.Slice(at, k), k)
                : Calls.Value(loss, output.Slice(at, k), target.Slice(at, k), k);
            sum += weights[c] * e;
        }
        return sum;
    }

    /// <summary>Multiplies each column c of an outputs × samples block by <paramref name="scales"/>[c].</summary>
    public static void ScaleColumns<T>(Span<T> block, ReadOnlySpan<double> scales, int rows) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int c = 0; c < scales.Length; c++) Internal.Kernels.Scale(block.Slice(c * rows, rows), T.CreateTruncating(scales[c]));
    }
}
