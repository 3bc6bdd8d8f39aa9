using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using Onnx;

namespace Backprop.Onnx;

public static partial class OnnxImport
{
    private const string Classification = "classification", Regression = "regression", NoScaling = "none";

    /// <summary>The model of a chain: the network, the task and names (from Backprop's metadata, or inferred) and the scalings.</summary>
    private static OnnxImportResult Build(ModelProto proto, OnnxChain chain, long opset)
    {
        var meta = Metadata(proto);
        bool backprop = meta.ContainsKey(OnnxMetadataKeys.Task);
        // Backprop's own float32 export (its float layers, alone or between Casts in a model) comes back as the float32
        // network it was; other float32 files (PyTorch's) are read into float64 networks, computing in double.
        bool single = chain.FloatLayers || (proto.ProducerName == "Backprop" && chain.Precision == OnnxPrecision.SinglePrecision);
        var layers = chain.Layers.Select(l => Layer(l, single)).ToList();
        var last = chain.Layers[^1].Activation;
        int outputs = chain.Layers[^1].Outputs;
        var savedLoss = proto.ProducerName == "Backprop" ? DocLoss(proto.DocString, last) : null;
        bool classifier = backprop
            ? meta[OnnxMetadataKeys.Task] switch
            {
                Classification => true,
                Regression => false,
                var other => throw new OnnxFormatException($"metadata '{OnnxMetadataKeys.Task}'", $"is '{other}'; expected {Classification} or {Regression}."),
            }
            : chain.Label != OnnxLabel.None || savedLoss is BinaryCrossEntropy or CategoricalCrossEntropy || (last is Softmax && outputs >= 2);
        if (!classifier && chain.Label != OnnxLabel.None)
            throw new OnnxFormatException("graph", "has a label output but the metadata makes the model a regressor.");
        if (classifier && chain.TargetScaling is not null)
            throw new OnnxFormatException("graph", "unscales its outputs (Mul, Add) as a regressor does, but the model is a classifier.");
        var loss = savedLoss ?? (classifier
            ? last switch { Softmax => Loss.CategoricalCrossEntropy, Sigmoid => Loss.BinaryCrossEntropy, _ => Loss.HalfSquaredError }
            : Loss.MeanSquaredError);
        string where = backprop ? "metadata" : "graph";
        Model model;
        try
        {
            var network = new Network(layers, loss);
            var inputScaler = Scaler(chain.InputScaling, meta, OnnxMetadataKeys.InputScaling);
            var features = Names(meta, OnnxMetadataKeys.Features);
            model = classifier
                ? Model.Classifier(network, Names(meta, OnnxMetadataKeys.Classes) ?? DefaultClasses(outputs), inputScaler, features, ModelMetadata(meta))
                : Model.Regressor(network, Names(meta, OnnxMetadataKeys.Targets), inputScaler,
                    Scaler(chain.TargetScaling, meta, OnnxMetadataKeys.TargetScaling), features, ModelMetadata(meta));
        }
        catch (ArgumentException e)
        {
            throw new OnnxFormatException(where, Problem(e), e);
        }
        var precision = chain.Precision;
        return new OnnxImportResult(model, precision, proto.ProducerName, proto.ProducerVersion, opset, backprop);
    }

    private static DenseLayer Layer(OnnxLayer layer, bool single)
    {
        try
        {
            if (single)
            {
                // The floats of the file, read widened and rounded back exactly.
                var wf = Matrix<float>.Build.DenseOfRowMajor(layer.Outputs, layer.Inputs, layer.Weights.Select(v => (float)v));
                return layer.Bias is { } bf
                    ? new DenseLayer(wf, Vector<float>.Build.DenseOfEnumerable(bf.Select(v => (float)v)), layer.Activation, BiasMode.Trainable)
                    : new DenseLayer(wf, null, layer.Activation, BiasMode.None);
            }
            var w = Matrix<double>.Build.DenseOfRowMajor(layer.Outputs, layer.Inputs, layer.Weights);
            return layer.Bias is { } b
                ? new DenseLayer(w, Vector<double>.Build.DenseOfArray(b), layer.Activation, BiasMode.Trainable)
                : new DenseLayer(w, null, layer.Activation, BiasMode.None);
        }
        catch (ArgumentException e)
        {
            throw new OnnxFormatException($"node '{layer.Node}'", Problem(e), e);
        }
    }

    /// <summary>The message without .NET's " (Parameter 'name')" tail: the parameter is the importer's, not the file's.</summary>
    private static string Problem(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    /// <summary>The loss named at the end of Backprop's doc_string ("… trained with mse" or "… Trained with mse."),
    /// when it names one that fits the output activation.</summary>
    private static Loss? DocLoss(string doc, Activation last)
    {
        const string Marker = "rained with ";
        int at = doc.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) return null;
        string name = doc[(at + Marker.Length)..].Trim().TrimEnd('.');
        var loss = Loss.All.FirstOrDefault(l => l.Name == name);
        if (loss is null) return null;
        try
        {
            loss.CheckOutputActivation(last);
            return loss;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Metadata(ModelProto proto)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in proto.MetadataProps)
            if (!meta.TryAdd(entry.Key, entry.Value)) throw new OnnxFormatException($"metadata '{entry.Key}'", "appears twice.");
        return meta;
    }

    /// <summary>The scaler of an affine map read from the graph, of the kind the metadata names (a z-score scaler
    /// when it names none: the map is the same whatever its name).</summary>
    private static Scaler? Scaler(OnnxAffine? affine, Dictionary<string, string> meta, string key)
    {
        string? kind = meta.GetValueOrDefault(key);
        if (affine is null)
        {
            if (kind is null or NoScaling) return null;
            throw new OnnxFormatException($"metadata '{key}'", $"is '{kind}' but the graph has no such scaling.");
        }
        return kind switch
        {
            null or "zscore" => new StandardScaler(affine.Offset, affine.Scale),
            "minmax" => new MinMaxScaler(affine.Offset, affine.Scale),
            _ => throw new OnnxFormatException($"metadata '{key}'", $"is '{kind}' but the graph scales; expected minmax or zscore."),
        };
    }

    private static string[] DefaultClasses(int outputs) =>
        Enumerable.Range(0, outputs == 1 ? 2 : outputs).Select(k => k.ToString(C)).ToArray();

    /// <summary>A JSON array of names from the metadata, or null when the key is absent.</summary>
    private static string[]? Names(Dictionary<string, string> meta, string key)
    {
        if (!meta.TryGetValue(key, out string? json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array || doc.RootElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
                throw new OnnxFormatException($"metadata '{key}'", "is not a JSON array of strings.");
            return doc.RootElement.EnumerateArray().Select(e => e.GetString()!).ToArray();
        }
        catch (JsonException e)
        {
            throw new OnnxFormatException($"metadata '{key}'", $"is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>The <see cref="Backprop.ModelMetadata"/> of Backprop's keys, or null when the file has none of them.</summary>
    private static ModelMetadata? ModelMetadata(Dictionary<string, string> meta)
    {
        string[] keys = [OnnxMetadataKeys.Description, OnnxMetadataKeys.Seed, OnnxMetadataKeys.Epochs, OnnxMetadataKeys.FinalLoss,
            OnnxMetadataKeys.Created, OnnxMetadataKeys.Training];
        if (!keys.Any(meta.ContainsKey)) return null;
        T? Parse<T>(string key, Func<string, T?> parse) where T : struct
        {
            if (!meta.TryGetValue(key, out string? text)) return null;
            return parse(text) ?? throw new OnnxFormatException($"metadata '{key}'", $"'{text}' is not what it should hold.");
        }
        return new ModelMetadata
        {
            Description = meta.GetValueOrDefault(OnnxMetadataKeys.Description),
            Seed = Parse(OnnxMetadataKeys.Seed, t => int.TryParse(t, NumberStyles.AllowLeadingSign, C, out int v) ? v : (int?)null),
            Epochs = Parse(OnnxMetadataKeys.Epochs, t => int.TryParse(t, NumberStyles.None, C, out int v) ? v : (int?)null),
            FinalLoss = Parse(OnnxMetadataKeys.FinalLoss, t => double.TryParse(t, NumberStyles.Float, C, out double v) && double.IsFinite(v) ? v : (double?)null),
            Created = Parse(OnnxMetadataKeys.Created, t => DateTimeOffset.TryParse(t, C, DateTimeStyles.RoundtripKind, out var v) ? v : (DateTimeOffset?)null),
            Training = Training(meta),
        };
    }

    private static Dictionary<string, string>? Training(Dictionary<string, string> meta)
    {
        if (!meta.TryGetValue(OnnxMetadataKeys.Training, out string? json)) return null;
        string at = $"metadata '{OnnxMetadataKeys.Training}'";
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new OnnxFormatException(at, "is not a JSON object.");
            var training = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) throw new OnnxFormatException(at, $"'{p.Name}' is not a string.");
                if (!training.TryAdd(p.Name, p.Value.GetString()!)) throw new OnnxFormatException(at, $"'{p.Name}' appears twice.");
            }
            return training;
        }
        catch (JsonException e)
        {
            throw new OnnxFormatException(at, $"is not valid JSON: {e.Message}", e);
        }
    }
}
