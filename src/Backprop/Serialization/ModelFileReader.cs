using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Backprop;

/// <summary>Reads a model file (see <see cref="ModelFile"/>), checking everything and naming the JSON path of any problem.</summary>
internal static partial class ModelFileReader
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static SavedModel Read(Stream stream)
    {
        var (network, metadata, _) = ReadAll(stream, modelParts: false);
        return new SavedModel(network, metadata);
    }

    /// <summary>Reads the whole file: the network, the metadata and, when <paramref name="modelParts"/>, what a
    /// <see cref="Model"/> needs (the task, names and scalings; inferred for files that have none).</summary>
    public static (Network Network, ModelMetadata? Metadata, Model? Model) ReadAll(Stream stream, bool modelParts)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(e.Path ?? "$",
                string.Create(C, $"not valid JSON (truncated or malformed) at line {e.LineNumber + 1}: {e.Message}"), e);
        }
        using (doc) return Read(doc.RootElement, modelParts);
    }

    private static (Network, ModelMetadata?, Model?) Read(JsonElement root, bool modelParts)
    {
        var r = new JsonObjectReader(root, "$");
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var format) &&
            (format.ValueKind != JsonValueKind.String || format.GetString() != ModelFile.Format))
            throw new ModelFormatException("$.format", $"expected \"{ModelFile.Format}\".");
        int version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("version", out _) ? r.Int("version") : 0;
        if (version == 1) r.Fields("format", "version", "inputSize", "loss", "layers", "metadata?");
        else r.Fields("format", "version", "precision?", "task?", "features?", "inputScaling?", "classes?", "targets?", "targetScaling?",
            "inputSize", "loss", "layers", "metadata?");
        if (r.String("format") != ModelFile.Format) throw new ModelFormatException("$.format", $"expected \"{ModelFile.Format}\".");
        if (version is not (1 or ModelFile.Version))
            throw new ModelFormatException("$.version", string.Create(C, $"unknown version {version}; this library reads versions 1 and {ModelFile.Version}."));
        var precision = ReadPrecision(r);
        int inputSize = r.Int("inputSize");
        if (inputSize < 1) throw new ModelFormatException("$.inputSize", string.Create(C, $"must be at least 1; got {inputSize}."));
        Loss loss;
        try { loss = Loss.Parse(r.String("loss")); }
        catch (ArgumentException e) { throw new ModelFormatException("$.loss", e.Message); }

        var layersElement = r.Array("layers");
        int layerCount = layersElement.GetArrayLength();
        if (layerCount == 0) throw new ModelFormatException("$.layers", "a model needs at least one layer.");
        var layers = new List<DenseLayer>();
        int fanIn = inputSize;
        foreach (var element in layersElement.EnumerateArray())
        {
            string at = string.Create(C, $"$.layers[{layers.Count}]");
            var layer = ReadLayer(element, at, layers.Count, fanIn, precision);
            if (layer.Dropout != 0 && layers.Count == layerCount - 1)
                throw new ModelFormatException(at + ".dropout", string.Create(C,
                    $"is {layer.Dropout} on the output layer; dropout applies to the outputs of hidden layers only."));
            layers.Add(layer);
            fanIn = layer.OutputSize;
        }
        Network network;
        try { network = new Network(layers, loss); }
        catch (ArgumentException e) { throw new ModelFormatException("$.loss", e.Message); }
        var metadata = r.Has("metadata") ? ReadMetadata(r.Object("metadata"), "$.metadata") : null;
        var model = version == 1 ? null : ReadModelParts(r, network, metadata);
        if (modelParts) model ??= InferModel(network, metadata);
        return (network, metadata, model);
    }

    /// <summary>Reads one layer object at JSON path <paramref name="at"/>, whose inputs are the <paramref name="fanIn"/>
    /// outputs before it. Every row of weights is checked to be an array of <paramref name="fanIn"/> values before
    /// anything is allocated, so a file that claims more weights than it holds fails at once.</summary>
    /// <param name="element">The layer object.</param>
    /// <param name="at">Its JSON path, e.g. <c>$.layers[0]</c> or <c>$.network.layers[0]</c>; the messages name it.</param>
    /// <param name="index">Its index among the layers: 0 takes the model's inputSize, layer i the neurons of layer i − 1.</param>
    /// <param name="fanIn">Its inputs: the model's inputSize or the previous layer's neurons.</param>
    /// <exception cref="ModelFormatException">Anything is wrong; the message names the JSON path.</exception>
    /// <param name="precision">The file's precision: a float32 file's values must be floats, and make a float32 layer.</param>
    internal static DenseLayer ReadLayer(JsonElement element, string at, int index, int fanIn, Precision precision = Precision.Float64)
    {
        var l = new JsonObjectReader(element, at);
        l.Fields("activation", "alpha?", "biasMode", "dropout?", "weights", "bias?");
        var activation = ReadActivation(l, at);
        double dropout = l.Has("dropout") ? ReadDropout(l, at) : 0;
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
        int j = 0;
        foreach (var row in rows.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array)
                throw new ModelFormatException(string.Create(C, $"{at}.weights[{j}]"), "expected an array of numbers (one row of weights).");
            if (row.GetArrayLength() != fanIn)
                throw new ModelFormatException(string.Create(C, $"{at}.weights[{j}]"), index == 0
                    ? string.Create(C, $"has {row.GetArrayLength()} weights but inputSize is {fanIn}.")
                    : string.Create(C, $"has {row.GetArrayLength()} weights but {Sibling(at, index - 1)} has {fanIn} neurons."));
            j++;
        }
        // Only now, when every row holds fanIn values of the document, the matrix is allocated: it is never larger
        // than what the file holds.
        if (precision == Precision.Float32) return ReadSingleLayer(l, rows, at, outputs, fanIn, activation, mode, dropout);
        var w = new DenseMatrix(outputs, fanIn);
        j = 0;
        foreach (var row in rows.EnumerateArray())
        {
            string rowPath = string.Create(C, $"{at}.weights[{j}]");
            int i = 0;
            foreach (var x in row.EnumerateArray()) w[j, i] = JsonObjectReader.Number(x, string.Create(C, $"{rowPath}[{i++}]"));
            j++;
        }
        DenseVector? bias = null;
        if (l.Has("bias"))
        {
            if (mode == BiasMode.None) throw new ModelFormatException(at + ".bias", "a layer with biasMode none has no bias.");
            var b = l.Array("bias");
            if (b.GetArrayLength() != outputs)
                throw new ModelFormatException(at + ".bias", string.Create(C, $"has {b.GetArrayLength()} values but the layer has {outputs} neurons."));
            bias = new DenseVector(outputs);
            int k = 0;
            foreach (var x in b.EnumerateArray()) bias[k] = JsonObjectReader.Number(x, string.Create(C, $"{at}.bias[{k++}]"));
        }
        else if (mode != BiasMode.None) throw new ModelFormatException(at + ".bias", "missing.");
        return new DenseLayer(w, bias, activation, mode) { Dropout = dropout };
    }

    /// <summary>The optional top-level <c>"precision"</c>: float32 or float64 (the default, for every older file).</summary>
    private static Precision ReadPrecision(JsonObjectReader r)
    {
        if (!r.Has("precision")) return Precision.Float64;
        return r.String("precision") switch
        {
            ModelFile.PrecisionFloat32 => Precision.Float32,
            "float64" => Precision.Float64,
            var other => throw new ModelFormatException("$.precision", $"unknown precision \"{other}\"; expected float32 or float64."),
        };
    }

    /// <summary>The weights and bias of a float32 layer, each value a float (see <see cref="SingleNumber"/>); the
    /// rows were checked by the caller.</summary>
    private static DenseLayer ReadSingleLayer(JsonObjectReader l, JsonElement rows, string at, int outputs, int fanIn,
        Activation activation, BiasMode mode, double dropout)
    {
        var w = new float[outputs, fanIn];
        int j = 0;
        foreach (var row in rows.EnumerateArray())
        {
            string rowPath = string.Create(C, $"{at}.weights[{j}]");
            int i = 0;
            foreach (var x in row.EnumerateArray())
            {
                w[j, i] = SingleNumber(x, string.Create(C, $"{rowPath}[{i}]"));
                i++;
            }
            j++;
        }
        float[]? bias = null;
        if (l.Has("bias"))
        {
            if (mode == BiasMode.None) throw new ModelFormatException(at + ".bias", "a layer with biasMode none has no bias.");
            var b = l.Array("bias");
            if (b.GetArrayLength() != outputs)
                throw new ModelFormatException(at + ".bias", string.Create(C, $"has {b.GetArrayLength()} values but the layer has {outputs} neurons."));
            bias = new float[outputs];
            int k = 0;
            foreach (var x in b.EnumerateArray())
            {
                bias[k] = SingleNumber(x, string.Create(C, $"{at}.bias[{k}]"));
                k++;
            }
        }
        else if (mode != BiasMode.None) throw new ModelFormatException(at + ".bias", "missing.");
        return new DenseLayer(w, bias, activation, mode) { Dropout = dropout };
    }

    /// <summary>A value of a float32 file: a finite number that is a float, written either as the float's shortest
    /// text (0.1 for 0.1f) or as its exact value in double (0.10000000149011612); anything else (more digits than a
    /// float holds, or beyond ±3.4e38) is refused, naming the JSON path and the float it would have rounded to.</summary>
    private static float SingleNumber(JsonElement x, string at)
    {
        double d = JsonObjectReader.Number(x, at);
        float f = (float)d;
        if (!float.IsFinite(f))
            throw new ModelFormatException(at, string.Create(C, $"{x.GetRawText()} is beyond the float32 range (±3.4028235E+38) of a float32 file."));
        if ((double)f == d || double.Parse(f.ToString("R", C), C) == d) return f;
        // Rounding the double may differ from rounding the text once; the text's own float decides.
        if (x.TryGetSingle(out float g) && float.IsFinite(g) && double.Parse(g.ToString("R", C), C) == d) return g;
        throw new ModelFormatException(at, string.Create(C,
            $"{x.GetRawText()} is not a float32 value (the file's precision is float32): it has more digits than a float holds; the nearest float is {f.ToString("R", C)}."));
    }

    /// <summary>The optional <c>"dropout"</c> of a layer: a number in [0, 1).</summary>
    private static double ReadDropout(JsonObjectReader l, string at)
    {
        double p = JsonObjectReader.Number(l.Get("dropout"), at + ".dropout");
        if (!(p >= 0 && p < 1))
            throw new ModelFormatException(at + ".dropout", string.Create(C, $"must be in [0, 1) (the share of the layer's outputs dropped in training); got {p}."));
        return p;
    }

    /// <summary>The path of layer <paramref name="index"/> beside the one at <paramref name="at"/>:
    /// <c>$.network.layers[2]</c>, index 1 → <c>$.network.layers[1]</c>.</summary>
    private static string Sibling(string at, int index)
    {
        int bracket = at.LastIndexOf('[');
        return string.Create(C, $"{(bracket < 0 ? at : at[..bracket])}[{index}]");
    }

    private static Activation ReadActivation(JsonObjectReader l, string at)
    {
        string name = l.String("activation");
        if (name == "leaky-relu")
        {
            double alpha = l.Has("alpha") ? JsonObjectReader.Number(l.Get("alpha"), at + ".alpha") : 0.01;
            try { return new LeakyReLU(alpha); }
            catch (ArgumentOutOfRangeException e) { throw new ModelFormatException(at + ".alpha", e.Message); }
        }
        if (l.Has("alpha")) throw new ModelFormatException(at + ".alpha", $"unexpected field: only leaky-relu has alpha, not {name}.");
        try { return Activation.Parse(name); }
        catch (ArgumentException e) { throw new ModelFormatException(at + ".activation", e.Message); }
    }

    private static ModelMetadata ReadMetadata(JsonElement e, string at)
    {
        var r = new JsonObjectReader(e, at);
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
            if (!DateTimeOffset.TryParse(r.String("created"), C, DateTimeStyles.RoundtripKind, out var c))
                throw new ModelFormatException(at + ".created", "expected an ISO 8601 date and time.");
            created = c;
        }
        return new ModelMetadata
        {
            Description = r.Has("description") ? r.String("description") : null,
            Seed = r.Has("seed") ? r.Int("seed") : null,
            Epochs = r.Has("epochs") ? r.Int("epochs") : null,
            FinalLoss = r.Has("finalLoss") ? JsonObjectReader.Number(r.Get("finalLoss"), at + ".finalLoss") : null,
            Created = created,
            Training = training,
        };
    }
}
