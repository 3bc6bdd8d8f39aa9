using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Onnx;

namespace Backprop.Onnx;

/// <summary>
/// The keys of the metadata_props an exported <see cref="Model"/> carries (ONNX Runtime:
/// <c>session.ModelMetadata.CustomMetadataMap</c>). Lists of names are JSON arrays of strings
/// (<c>["setosa","versicolor","virginica"]</c>), so a name may hold any character, commas included.
/// </summary>
public static class OnnxMetadataKeys
{
    /// <summary>"classification" or "regression".</summary>
    public const string Task = "backprop.task";

    /// <summary>A classifier's class names in output order (the index <c>label</c> gives), as a JSON array.</summary>
    public const string Classes = "backprop.classes";

    /// <summary>A regressor's target names in output order, as a JSON array.</summary>
    public const string Targets = "backprop.targets";

    /// <summary>The feature names in input column order, as a JSON array.</summary>
    public const string Features = "backprop.features";

    /// <summary>The input scaling the graph applies: "minmax", "zscore" or "none".</summary>
    public const string InputScaling = "backprop.input_scaling";

    /// <summary>A regressor's target scaling the graph undoes: "minmax", "zscore" or "none".</summary>
    public const string TargetScaling = "backprop.target_scaling";

    /// <summary>The model's <see cref="ModelMetadata.Description"/>, when it has one.</summary>
    public const string Description = "backprop.description";

    /// <summary>The seed the model was trained with (invariant integer text), when known.</summary>
    public const string Seed = "backprop.seed";

    /// <summary>The epochs trained (invariant integer text), when known.</summary>
    public const string Epochs = "backprop.epochs";

    /// <summary>The last training loss (invariant round-trip text), when known.</summary>
    public const string FinalLoss = "backprop.final_loss";

    /// <summary>When the model was created (ISO 8601 round-trip text), when known.</summary>
    public const string Created = "backprop.created";

    /// <summary>The training options, as a JSON object of name → value text, when known.</summary>
    public const string Training = "backprop.training";

    private const string None = "none";

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Adds the model's names, task, scaling kinds and metadata to <paramref name="proto"/>.</summary>
    internal static void Add(ModelProto proto, Model model)
    {
        void Put(string key, string value) => proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });

        bool classifier = model.Task == ModelTask.Classification;
        Put(Task, classifier ? "classification" : "regression");
        if (classifier) Put(Classes, JsonArray(model.ClassNames!));
        else Put(Targets, JsonArray(model.TargetNames!));
        Put(Features, JsonArray(model.FeatureNames));
        Put(InputScaling, model.InputScaler?.Kind ?? None);
        if (!classifier) Put(TargetScaling, model.TargetScaler?.Kind ?? None);
        if (model.Metadata is not { } metadata) return;
        if (metadata.Description is { } description) Put(Description, description);
        if (metadata.Seed is { } seed) Put(Seed, seed.ToString(CultureInfo.InvariantCulture));
        if (metadata.Epochs is { } epochs) Put(Epochs, epochs.ToString(CultureInfo.InvariantCulture));
        if (metadata.FinalLoss is { } loss) Put(FinalLoss, loss.ToString("R", CultureInfo.InvariantCulture));
        if (metadata.Created is { } created) Put(Created, created.ToString("O", CultureInfo.InvariantCulture));
        if (metadata.Training is { } training) Put(Training, JsonObject(training));
    }

    private static string JsonArray(IEnumerable<string> names) => Json(writer =>
    {
        writer.WriteStartArray();
        foreach (string name in names) writer.WriteStringValue(name);
        writer.WriteEndArray();
    });

    private static string JsonObject(IReadOnlyDictionary<string, string> values) => Json(writer =>
    {
        writer.WriteStartObject();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal)) writer.WriteString(key, value);
        writer.WriteEndObject();
    });

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Compact)) write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
