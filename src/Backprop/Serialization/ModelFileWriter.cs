using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Backprop;

/// <summary>Writes the JSON of a model file (see <see cref="ModelFile"/>); the arguments are already checked.</summary>
internal static class ModelFileWriter
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Network network, Stream stream, ModelMetadata? metadata, Model? model = null)
    {
        using var w = new Utf8JsonWriter(stream, Indented);
        w.WriteStartObject();
        w.WriteString("format", ModelFile.Format);
        w.WriteNumber("version", ModelFile.Version);
        // Only for float32: a float64 network's file is the same as before precisions existed.
        if (network.Precision == Precision.Float32) w.WriteString("precision", ModelFile.PrecisionFloat32);
        if (model is not null) WriteModelParts(w, model);
        w.WriteNumber("inputSize", network.InputSize);
        w.WriteString("loss", network.Loss.Name);
        w.WriteStartArray("layers");
        foreach (var layer in network.Layers) WriteLayer(w, layer);
        w.WriteEndArray();
        if (metadata is not null) WriteMetadata(w, metadata);
        w.WriteEndObject();
    }

    /// <summary>The task, the names and the scalings, before the network they belong to.</summary>
    private static void WriteModelParts(Utf8JsonWriter w, Model model)
    {
        w.WriteString("task", model.Task == ModelTask.Classification ? "classification" : "regression");
        WriteStrings(w, "features", model.FeatureNames);
        if (model.InputScaler is { } inputs) WriteScaler(w, "inputScaling", inputs);
        if (model.ClassNames is { } classes) WriteStrings(w, "classes", classes);
        if (model.TargetNames is { } targets) WriteStrings(w, "targets", targets);
        if (model.TargetScaler is { } scaler) WriteScaler(w, "targetScaling", scaler);
    }

    private static void WriteScaler(Utf8JsonWriter w, string name, Scaler scaler)
    {
        w.WriteStartObject(name);
        w.WriteString("kind", scaler.Kind);
        w.WriteStartArray("offset");
        foreach (double x in scaler.Offset) w.WriteNumberValue(x);
        w.WriteEndArray();
        w.WriteStartArray("scale");
        foreach (double x in scaler.Scale) w.WriteNumberValue(x);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static void WriteLayer(Utf8JsonWriter w, DenseLayer layer)
    {
        w.WriteStartObject();
        w.WriteString("activation", layer.Activation is LeakyReLU ? "leaky-relu" : layer.Activation.Name);
        if (layer.Activation is LeakyReLU leaky) w.WriteNumber("alpha", leaky.Alpha);
        w.WriteString("biasMode", layer.BiasMode.ToString().ToLowerInvariant());
        // Only when set: a file of a network without dropout is the same as before dropout existed.
        if (layer.Dropout != 0) w.WriteNumber("dropout", layer.Dropout);
        bool single = layer.Precision == Precision.Float32;
        w.WriteStartArray("weights");
        for (int j = 0; j < layer.OutputSize; j++)
        {
            w.WriteStartArray();
            for (int i = 0; i < layer.InputSize; i++)
                if (single) WriteSingle(w, layer.WeightsSingle[j, i]);
                else w.WriteNumberValue(layer.Weights[j, i]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        if (layer.BiasMode != BiasMode.None)
        {
            w.WriteStartArray("bias");
            if (single) foreach (float b in layer.BiasSingle) WriteSingle(w, b);
            else foreach (double b in layer.Bias) w.WriteNumberValue(b);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>A float in its shortest round-trip text (float.ToString("R"): 0.1f as 0.1), which reads back as
    /// the same float.</summary>
    private static void WriteSingle(Utf8JsonWriter w, float value) =>
        w.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);

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
}
