using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>
/// A model file saved by <c>train --save</c>, read for <c>predict</c> and <c>export-onnx</c>, with the fields
/// <c>train</c> put in its metadata's training dictionary checked against the network: "classes" (one name per
/// output), "scale.offset" and "scale.scale" (one number per input, given together). A missing file, a malformed
/// file or a field that does not fit is an ArgumentException naming the option, the file and the field.
/// </summary>
/// <param name="Network">The network.</param>
/// <param name="Training">The metadata's training dictionary (empty when there is none).</param>
/// <param name="Classes">The class names, one per output, or null.</param>
/// <param name="Offset">The scaling's offset per input, or null for unscaled inputs.</param>
/// <param name="Scale">The scaling's divisor per input (0: a constant input, mapped to 0), or null.</param>
public sealed record LoadedModel(Network Network, IReadOnlyDictionary<string, string> Training, string[]? Classes, double[]? Offset, double[]? Scale)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Reads and checks the model file <paramref name="path"/>, given as <paramref name="option"/>.</summary>
    public static LoadedModel Load(string path, string option = "--model")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new ArgumentException($"{option} {path}: is a folder; give a model file saved by train --save.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{option} {path}: no such file.", path);
        SavedModel saved;
        try
        {
            saved = ModelFile.Load(path);
        }
        catch (ModelFormatException e)
        {
            throw new ArgumentException($"{option} {path}: {Cli.Message(e)}", e);
        }
        var network = saved.Network;
        var training = saved.Metadata?.Training ?? new Dictionary<string, string>();
        string where = $"{option} {path}: metadata training";
        string[]? classes = null;
        if (training.TryGetValue("classes", out var names))
        {
            classes = names.Split(',');
            if (classes.Length != network.OutputSize)
                throw new ArgumentException(string.Create(C, $"{where}[\"classes\"] names {classes.Length} classes, but the network has {network.OutputSize} outputs."));
        }
        bool hasOffset = training.TryGetValue("scale.offset", out var offsetText), hasScale = training.TryGetValue("scale.scale", out var scaleText);
        if (hasOffset != hasScale)
            throw new ArgumentException($"{where} has \"{(hasOffset ? "scale.offset" : "scale.scale")}\" without \"{(hasOffset ? "scale.scale" : "scale.offset")}\".");
        var offset = hasOffset ? Numbers(offsetText!, $"{where}[\"scale.offset\"]", network.InputSize) : null;
        var scale = hasScale ? Numbers(scaleText!, $"{where}[\"scale.scale\"]", network.InputSize) : null;
        return new LoadedModel(network, training, classes, offset, scale);
    }

    private static double[] Numbers(string text, string field, int expected)
    {
        var parts = text.Split(',');
        if (parts.Length != expected)
            throw new ArgumentException(string.Create(C, $"{field} has {parts.Length} values, but the network takes {expected} inputs."));
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, C, out values[i]) || !double.IsFinite(values[i]))
                throw new ArgumentException(string.Create(C, $"{field} value {i + 1}, '{parts[i]}', is not a finite number."));
        return values;
    }
}
