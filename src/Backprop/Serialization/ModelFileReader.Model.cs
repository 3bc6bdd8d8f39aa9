using System.Globalization;
using System.Text.Json;

namespace Backprop;

internal static partial class ModelFileReader
{
    private static readonly string[] ModelFields = ["task", "features", "inputScaling", "classes", "targets", "targetScaling"];

    /// <summary>Reads the task, the names and the scalings of a version-2 file (null when it holds a network only).
    /// Every array's length is checked against the network before anything is allocated for it.</summary>
    private static Model? ReadModelParts(JsonObjectReader r, Network network, ModelMetadata? metadata)
    {
        if (!ModelFields.Any(r.Has)) return null;
        if (!r.Has("task")) throw new ModelFormatException("$.task", "missing: a file with features, scalings, classes or targets names its task.");
        var features = r.Has("features") ? Strings(r.Array("features"), "$.features", network.InputSize, "inputSize") : null;
        var inputScaler = r.Has("inputScaling") ? ReadScaler(r.Object("inputScaling"), "$.inputScaling", network.InputSize, "inputSize") : null;
        switch (r.String("task"))
        {
            case "classification":
                foreach (var field in new[] { "targets", "targetScaling" })
                    if (r.Has(field)) throw new ModelFormatException("$." + field, "unexpected field: a classifier has classes, not targets.");
                if (!r.Has("classes")) throw new ModelFormatException("$.classes", "missing: a classifier names its classes.");
                int classes = network.OutputSize == 1 ? 2 : network.OutputSize;
                var names = Strings(r.Array("classes"), "$.classes", classes, network.OutputSize == 1 ? "two classes of the single output" : "the output layer's neurons");
                return Build("$.classes", () => Model.Adopt(network, ModelTask.Classification, names, inputScaler, null, features, metadata));
            case "regression":
                if (r.Has("classes")) throw new ModelFormatException("$.classes", "unexpected field: a regressor has targets, not classes.");
                var targets = r.Has("targets") ? Strings(r.Array("targets"), "$.targets", network.OutputSize, "the output layer's neurons") : null;
                var targetScaler = r.Has("targetScaling") ? ReadScaler(r.Object("targetScaling"), "$.targetScaling", network.OutputSize, "the output layer's neurons") : null;
                return Build("$.targets", () => Model.Adopt(network, ModelTask.Regression,
                    targets ?? Enumerable.Range(0, network.OutputSize).Select(i => "y" + i.ToString(C)).ToArray(), inputScaler, targetScaler, features, metadata));
            case var other:
                throw new ModelFormatException("$.task", $"unknown task \"{other}\"; expected classification or regression.");
        }
    }

    /// <summary>The model of a file with no task (version 1, or a network saved alone): the classes and scaling that
    /// the demo of version 1 kept in <c>metadata.training</c> ("classes", "scale", "scale.offset", "scale.scale")
    /// when present; otherwise a classifier for a cross-entropy loss or softmax output (classes "0", "1", …) and a
    /// regressor (targets "y0", …) for anything else.</summary>
    private static Model InferModel(Network network, ModelMetadata? metadata)
    {
        var training = metadata?.Training ?? new Dictionary<string, string>();
        const string At = "$.metadata.training";
        Scaler? scaler = null;
        if (training.TryGetValue("scale.offset", out var offset) | training.TryGetValue("scale.scale", out var scale))
        {
            var kind = training.TryGetValue("scale", out var k) ? k : "zscore";
            var o = PackedNumbers(offset, $"{At}['scale.offset']", network.InputSize);
            var s = PackedNumbers(scale, $"{At}['scale.scale']", network.InputSize);
            scaler = Scaler(kind, o, s, $"{At}['scale']", $"{At}['scale.scale']");
        }
        if (training.TryGetValue("classes", out var packed))
        {
            var names = packed.Split(',');
            int expected = network.OutputSize == 1 ? 2 : network.OutputSize;
            if (names.Length != expected)
                throw new ModelFormatException($"{At}['classes']", string.Create(C, $"names {names.Length} classes but the output layer has {network.OutputSize} neurons."));
            return Build($"{At}['classes']", () => Model.Adopt(network, ModelTask.Classification, names, scaler, null, null, metadata));
        }
        bool classifier = network.Loss is CategoricalCrossEntropy or BinaryCrossEntropy || network.Layers[^1].Activation is Softmax;
        int count = classifier && network.OutputSize == 1 ? 2 : network.OutputSize;
        var labels = Enumerable.Range(0, count).Select(i => (classifier ? "" : "y") + i.ToString(C)).ToArray();
        return Model.Adopt(network, classifier ? ModelTask.Classification : ModelTask.Regression, labels, scaler, null, null, metadata);
    }

    private static Scaler ReadScaler(JsonElement element, string at, int expected, string what)
    {
        var s = new JsonObjectReader(element, at);
        s.Fields("kind", "offset", "scale");
        var offset = Numbers(s.Array("offset"), at + ".offset", expected, what);
        var scale = Numbers(s.Array("scale"), at + ".scale", expected, what);
        return Scaler(s.String("kind"), offset, scale, at + ".kind", at + ".scale");
    }

    private static Scaler Scaler(string kind, double[] offset, double[] scale, string kindAt, string scaleAt)
    {
        for (int i = 0; i < scale.Length; i++)
            if (scale[i] < 0)
                throw new ModelFormatException(scaleAt, string.Create(C, $"value {i} ({scale[i].ToString("R", C)}) is negative; a spread is ≥ 0."));
        return kind switch
        {
            "minmax" => new MinMaxScaler(offset, scale),
            "zscore" => new StandardScaler(offset, scale),
            _ => throw new ModelFormatException(kindAt, $"unknown scaling \"{kind}\"; expected minmax or zscore."),
        };
    }

    private static double[] Numbers(JsonElement array, string at, int expected, string what)
    {
        if (array.GetArrayLength() != expected)
            throw new ModelFormatException(at, string.Create(C, $"has {array.GetArrayLength()} values but {what} count {expected}."));
        var values = new double[expected];
        int i = 0;
        foreach (var x in array.EnumerateArray()) values[i] = JsonObjectReader.Number(x, string.Create(C, $"{at}[{i++}]"));
        return values;
    }

    private static string[] Strings(JsonElement array, string at, int expected, string what)
    {
        if (array.GetArrayLength() != expected)
            throw new ModelFormatException(at, string.Create(C, $"has {array.GetArrayLength()} names but {what} count {expected}."));
        var names = new string[expected];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        foreach (var x in array.EnumerateArray())
        {
            string here = string.Create(C, $"{at}[{i}]");
            names[i] = x.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(x.GetString())
                ? x.GetString()! : throw new ModelFormatException(here, "expected a name (a non-empty string).");
            if (!seen.Add(names[i])) throw new ModelFormatException(here, $"repeats '{names[i]}'; each name is given once.");
            i++;
        }
        return names;
    }

    private static double[] PackedNumbers(string? packed, string at, int expected)
    {
        if (packed is null) throw new ModelFormatException(at, "missing: scale.offset and scale.scale come together.");
        var parts = packed.Split(',');
        if (parts.Length != expected)
            throw new ModelFormatException(at, string.Create(C, $"holds {parts.Length} values but the network takes {expected} inputs."));
        var values = new double[expected];
        for (int i = 0; i < expected; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, C, out values[i]) || !double.IsFinite(values[i]))
                throw new ModelFormatException(at, string.Create(C, $"value {i} ('{parts[i]}') is not a finite number."));
        return values;
    }

    private static Model Build(string at, Func<Model> build)
    {
        try { return build(); }
        catch (ArgumentException e) { throw new ModelFormatException(at, e.Message.Split(" (Parameter")[0]); }
    }
}
