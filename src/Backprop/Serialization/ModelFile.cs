using System.Globalization;
using System.Text.Json;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>
/// Saves and loads networks as JSON model files: a format name and version, the input size, the loss, each
/// layer's activation, bias mode, weights (rows = neurons) and bias, and optional metadata. Doubles are written in
/// their shortest round-trip form, so a loaded network predicts bit for bit as the saved one.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "backprop-model", "version": 1, "inputSize": 2, "loss": "half-squared-error",
///   "layers": [ { "activation": "sigmoid", "biasMode": "frozen",
///                 "weights": [[0.15, 0.2], [0.25, 0.3]], "bias": [0.35, 0.35] }, … ],
///   "metadata": { "seed": 1, "epochs": 20, … } }
/// </code>
/// A leaky ReLU layer also has <c>"alpha"</c>. Loading checks everything and names the JSON path of any problem.
/// </remarks>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "backprop-model";

    /// <summary>The format version this library writes and reads.</summary>
    public const int Version = 1;

    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Saves to a file: writes a temporary file in the same folder, then renames it over <paramref name="path"/>, so
    /// an interrupted or failed save never leaves a partial file where the model was.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="metadata">Optional metadata.</param>
    public static void Save(Network network, string path, ModelMetadata? metadata = null)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(path, nameof(path));
        AtomicFile.Write(path, temp =>
        {
            using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
            Save(network, stream, metadata);
            stream.Flush(flushToDisk: true);
        });
    }

    /// <summary>Writes the model as JSON to a stream (left open).</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="metadata">Optional metadata.</param>
    public static void Save(Network network, Stream stream, ModelMetadata? metadata = null)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(stream, nameof(stream));
        network.EnsureFinite();
        if (metadata?.FinalLoss is { } finalLoss && !double.IsFinite(finalLoss))
            throw new ArgumentException("metadata.FinalLoss must be finite.", nameof(metadata));
        using var w = new Utf8JsonWriter(stream, Indented);
        w.WriteStartObject();
        w.WriteString("format", Format);
        w.WriteNumber("version", Version);
        w.WriteNumber("inputSize", network.InputSize);
        w.WriteString("loss", network.Loss.Name);
        w.WriteStartArray("layers");
        foreach (var layer in network.Layers)
        {
            w.WriteStartObject();
            w.WriteString("activation", layer.Activation is LeakyReLU ? "leaky-relu" : layer.Activation.Name);
            if (layer.Activation is LeakyReLU leaky) w.WriteNumber("alpha", leaky.Alpha);
            w.WriteString("biasMode", layer.BiasMode.ToString().ToLowerInvariant());
            w.WriteStartArray("weights");
            for (int j = 0; j < layer.OutputSize; j++)
            {
                w.WriteStartArray();
                for (int i = 0; i < layer.InputSize; i++) w.WriteNumberValue(layer.Weights[j, i]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            if (layer.BiasMode != BiasMode.None)
            {
                w.WriteStartArray("bias");
                foreach (double b in layer.Bias) w.WriteNumberValue(b);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (metadata is not null) WriteMetadata(w, metadata);
        w.WriteEndObject();
    }

    /// <summary>Loads a model file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ModelFormatException">The file is not a valid model; the message names the JSON path.</exception>
    public static SavedModel Load(string path)
    {
        Guard.NotNull(path, nameof(path));
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads a model from a stream.</summary>
    /// <param name="stream">The stream.</param>
    /// <exception cref="ModelFormatException">The content is not a valid model; the message names the JSON path.</exception>
    public static SavedModel Load(Stream stream)
    {
        Guard.NotNull(stream, nameof(stream));
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(e.Path ?? "$", $"not valid JSON (truncated or malformed) at line {e.LineNumber + 1}: {e.Message}", e);
        }
        using (doc) return Read(doc.RootElement);
    }

    private static SavedModel Read(JsonElement root)
    {
        var r = new Reader(root, "$");
        r.Fields("format", "version", "inputSize", "loss", "layers", "metadata?");
        if (r.String("format") != Format) throw new ModelFormatException("$.format", $"expected \"{Format}\".");
        int version = r.Int("version");
        if (version != Version) throw new ModelFormatException("$.version", $"unknown version {version}; this library reads version {Version}.");
        int inputSize = r.Int("inputSize");
        if (inputSize < 1) throw new ModelFormatException("$.inputSize", $"must be at least 1; got {inputSize}.");
        Loss loss;
        try { loss = Loss.Parse(r.String("loss")); }
        catch (ArgumentException e) { throw new ModelFormatException("$.loss", e.Message); }

        var layersElement = r.Array("layers");
        if (layersElement.GetArrayLength() == 0) throw new ModelFormatException("$.layers", "a model needs at least one layer.");
        var layers = new List<DenseLayer>();
        int fanIn = inputSize;
        int index = 0;
        foreach (var element in layersElement.EnumerateArray())
        {
            string at = $"$.layers[{index}]";
            var l = new Reader(element, at);
            l.Fields("activation", "alpha?", "biasMode", "weights", "bias?");
            var activation = ReadActivation(l, at);
            var mode = l.String("biasMode") switch
            {
                "trainable" => BiasMode.Trainable,
                "frozen" => BiasMode.Frozen,
                "none" => BiasMode.None,
                var other => throw new ModelFormatException(at + ".biasMode", $"unknown bias mode \"{other}\"; expected trainable, frozen or none."),
            };
            var rows = l.Array("weights");
            int outputs = rows.GetArrayLength();
            if (outputs == 0) throw new ModelFormatException(at + ".weights", "a layer needs at least one neuron (row).");
            var w = new DenseMatrix(outputs, fanIn);
            int j = 0;
            foreach (var row in rows.EnumerateArray())
            {
                string rowPath = $"{at}.weights[{j}]";
                if (row.ValueKind != JsonValueKind.Array) throw new ModelFormatException(rowPath, "expected an array of numbers (one row of weights).");
                if (row.GetArrayLength() != fanIn)
                    throw new ModelFormatException(rowPath, index == 0
                        ? $"has {row.GetArrayLength()} weights but inputSize is {fanIn}."
                        : $"has {row.GetArrayLength()} weights but $.layers[{index - 1}] has {fanIn} neurons.");
                int i = 0;
                foreach (var x in row.EnumerateArray()) w[j, i] = Number(x, $"{rowPath}[{i++}]");
                j++;
            }
            DenseVector? bias = null;
            if (l.Has("bias"))
            {
                if (mode == BiasMode.None) throw new ModelFormatException(at + ".bias", "a layer with biasMode none has no bias.");
                var b = l.Array("bias");
                if (b.GetArrayLength() != outputs)
                    throw new ModelFormatException(at + ".bias", $"has {b.GetArrayLength()} values but the layer has {outputs} neurons.");
                bias = new DenseVector(outputs);
                int k = 0;
                foreach (var x in b.EnumerateArray()) bias[k] = Number(x, $"{at}.bias[{k++}]");
            }
            else if (mode != BiasMode.None) throw new ModelFormatException(at + ".bias", "missing.");
            layers.Add(new DenseLayer(w, bias, activation, mode));
            fanIn = outputs;
            index++;
        }
        Network network;
        try { network = new Network(layers, loss); }
        catch (ArgumentException e) { throw new ModelFormatException("$.loss", e.Message); }
        var metadata = r.Has("metadata") ? ReadMetadata(r.Object("metadata"), "$.metadata") : null;
        return new SavedModel(network, metadata);
    }

    private static Activation ReadActivation(Reader l, string at)
    {
        string name = l.String("activation");
        if (name == "leaky-relu")
        {
            double alpha = l.Has("alpha") ? Number(l.Get("alpha"), at + ".alpha") : 0.01;
            try { return new LeakyReLU(alpha); }
            catch (ArgumentOutOfRangeException e) { throw new ModelFormatException(at + ".alpha", e.Message); }
        }
        if (l.Has("alpha")) throw new ModelFormatException(at + ".alpha", $"unexpected field: only leaky-relu has alpha, not {name}.");
        try { return Activation.Parse(name); }
        catch (ArgumentException e) { throw new ModelFormatException(at + ".activation", e.Message); }
    }

    private static void WriteMetadata(Utf8JsonWriter w, ModelMetadata m)
    {
        w.WriteStartObject("metadata");
        if (m.Description is not null) w.WriteString("description", m.Description);
        if (m.Seed is { } seed) w.WriteNumber("seed", seed);
        if (m.Epochs is { } epochs) w.WriteNumber("epochs", epochs);
        if (m.FinalLoss is { } loss) w.WriteNumber("finalLoss", loss);
        if (m.Created is { } created) w.WriteString("created", created.ToString("O", CultureInfo.InvariantCulture));
        if (m.Training is not null)
        {
            w.WriteStartObject("training");
            foreach (var (k, v) in m.Training) w.WriteString(k, v);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static ModelMetadata ReadMetadata(JsonElement e, string at)
    {
        var r = new Reader(e, at);
        r.Fields("description?", "seed?", "epochs?", "finalLoss?", "created?", "training?");
        Dictionary<string, string>? training = null;
        if (r.Has("training"))
        {
            training = [];
            foreach (var p in r.Object("training").EnumerateObject())
                training[p.Name] = p.Value.ValueKind == JsonValueKind.String
                    ? p.Value.GetString()!
                    : throw new ModelFormatException($"{at}.training.{p.Name}", "expected a string.");
        }
        DateTimeOffset? created = null;
        if (r.Has("created"))
        {
            if (!DateTimeOffset.TryParse(r.String("created"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var c))
                throw new ModelFormatException(at + ".created", "expected an ISO 8601 date and time.");
            created = c;
        }
        return new ModelMetadata
        {
            Description = r.Has("description") ? r.String("description") : null,
            Seed = r.Has("seed") ? r.Int("seed") : null,
            Epochs = r.Has("epochs") ? r.Int("epochs") : null,
            FinalLoss = r.Has("finalLoss") ? Number(r.Get("finalLoss"), at + ".finalLoss") : null,
            Created = created,
            Training = training,
        };
    }

    private static double Number(JsonElement x, string path)
    {
        if (x.ValueKind != JsonValueKind.Number) throw new ModelFormatException(path, $"expected a number, found {Kind(x)}.");
        if (!x.TryGetDouble(out double v) || !double.IsFinite(v)) throw new ModelFormatException(path, $"{x.GetRawText()} is not a finite number.");
        return v;
    }

    private static string Kind(JsonElement x) => x.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{x.GetString()}\"",
        JsonValueKind.Null => "null",
        var k => k.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads the fields of one JSON object, naming the path of anything missing, extra or mistyped.</summary>
    private readonly struct Reader(JsonElement element, string path)
    {
        public void Fields(params string[] allowed)
        {
            if (element.ValueKind != JsonValueKind.Object) throw new ModelFormatException(path, $"expected an object, found {Kind(element)}.");
            var names = allowed.Select(a => a.TrimEnd('?')).ToHashSet();
            foreach (var p in element.EnumerateObject())
                if (!names.Contains(p.Name)) throw new ModelFormatException($"{path}.{p.Name}", "unexpected field.");
            foreach (var a in allowed.Where(a => !a.EndsWith('?')))
                if (!element.TryGetProperty(a, out _)) throw new ModelFormatException($"{path}.{a}", "missing.");
        }

        public bool Has(string name) => element.TryGetProperty(name, out _);

        public JsonElement Get(string name) => element.GetProperty(name);

        public string String(string name)
        {
            var x = Get(name);
            return x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new ModelFormatException($"{path}.{name}", $"expected a string, found {Kind(x)}.");
        }

        public int Int(string name)
        {
            var x = Get(name);
            return x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out int v) ? v
                : throw new ModelFormatException($"{path}.{name}", $"expected a whole number, found {(x.ValueKind == JsonValueKind.Number ? x.GetRawText() : Kind(x))}.");
        }

        public JsonElement Array(string name)
        {
            var x = Get(name);
            return x.ValueKind == JsonValueKind.Array ? x : throw new ModelFormatException($"{path}.{name}", $"expected an array, found {Kind(x)}.");
        }

        public JsonElement Object(string name)
        {
            var x = Get(name);
            return x.ValueKind == JsonValueKind.Object ? x : throw new ModelFormatException($"{path}.{name}", $"expected an object, found {Kind(x)}.");
        }
    }
}
