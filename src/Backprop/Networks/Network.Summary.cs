using System.Globalization;
using System.Text;

namespace Backprop;

public sealed partial class Network
{
    /// <summary>
    /// A table of the layers, as Keras's <c>model.summary()</c>: each layer's shape (neurons × inputs), activation,
    /// bias mode and parameter count, then the totals (trainable, and frozen biases apart) and the loss (and "; float32"
    /// for a float32 network). When a
    /// layer has dropout, a last column gives each layer's rate (blank for none).
    /// </summary>
    public string Summary()
    {
        var c = CultureInfo.InvariantCulture;
        var rows = _layers.Select((l, i) => new[]
        {
            string.Create(c, $"layers[{i}]"), string.Create(c, $"{l.OutputSize} × {l.InputSize}"), l.Activation.Name,
            l.BiasMode.ToString().ToLowerInvariant(), (l.OutputSize * l.InputSize + (l.BiasMode == BiasMode.None ? 0 : l.OutputSize)).ToString(c),
            l.Dropout == 0 ? "" : l.Dropout.ToString(c),
        }).Prepend(["layer", "neurons × inputs", "activation", "bias", "parameters", "dropout"]).ToArray();
        int columns = HasDropout ? 6 : 5;
        var widths = Enumerable.Range(0, columns).Select(k => rows.Max(r => r[k].Length)).ToArray();
        var s = new StringBuilder();
        foreach (var r in rows)
            s.AppendLine(string.Join("  ", r.Take(columns).Select((cell, k) => k == 4 ? cell.PadLeft(widths[k]) : cell.PadRight(widths[k]))).TrimEnd());
        int frozen = _layers.Where(l => l.BiasMode == BiasMode.Frozen).Sum(l => l.OutputSize);
        s.Append(string.Create(c, $"{ParameterCount + frozen} parameters: {ParameterCount} trainable, {frozen} frozen; "));
        s.Append(string.Create(c, $"{InputSize} inputs, {OutputSize} outputs; loss {Loss.Name}"));
        if (Precision == Precision.Float32) s.Append("; float32"); // a float64 network's summary is as before precisions
        return s.ToString();
    }

    /// <summary>The <see cref="Summary"/>.</summary>
    public override string ToString() => Summary();
}
