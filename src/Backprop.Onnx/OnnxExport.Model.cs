using System.Globalization;
using Google.Protobuf;
using Onnx;
using static Backprop.Onnx.OnnxGraph;

namespace Backprop.Onnx;

public static partial class OnnxExport
{
    /// <summary>The name of a classifier's second graph output: each row's class index, tensor(int64) of shape [N].</summary>
    public const string LabelName = "label";

    /// <summary>A single sigmoid output tells class 1 from class 0 at this probability (as <see cref="Model.Classify(ReadOnlySpan{double})"/>: class 1 when p ≥ 0.5).</summary>
    private const double SigmoidThreshold = 0.5;

    /// <summary>Writes the whole model (scaling, network, task) to a file, through a temporary file in the same
    /// folder and a rename, so a failed save leaves the old file as it was. See <see cref="ToModel(Model)"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The .onnx file to write.</param>
    public static void Save(Model model, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = ToBytes(model);
        AtomicFile.Write(path, temp => File.WriteAllBytes(temp, bytes));
    }

    /// <summary>Writes the whole model to a stream (see <see cref="ToModel(Model)"/>).</summary>
    /// <param name="model">The model.</param>
    /// <param name="stream">The stream (left open).</param>
    public static void Write(Model model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ToModel(model).WriteTo(stream);
    }

    /// <summary>The whole model's bytes (a serialized ONNX ModelProto; see <see cref="ToModel(Model)"/>).</summary>
    /// <param name="model">The model.</param>
    public static byte[] ToBytes(Model model) => ToModel(model).ToByteArray();

    /// <summary>
    /// The ONNX ModelProto of a whole model: it takes raw rows, <c>input</c> [N, features], and returns what
    /// <see cref="Model.Predict(ReadOnlySpan{double})"/> returns, <c>output</c> [N, outputs]. The graph is
    /// <list type="number">
    /// <item>the input scaling, when the model has one: Sub(input, offset), then Div by the scale with 0 replaced
    /// by 1 — the same (x − offset) / scale Backprop computes — then, only when some scale is 0, Where(scale ≠ 0,
    /// ·, 0), so a feature with no spread maps to exactly +0 as in Backprop;</item>
    /// <item>the network's layers (see <see cref="ToModel(Network)"/>); for a float32 network between a Cast to
    /// float and a Cast back to double, so the model's input and output stay tensor(double) and compute as Backprop
    /// does (the scaled input rounded to float once, the layers in float);</item>
    /// <item>for a regressor with a target scaling, Mul by its scale and then Add its offset: y = out·scale + offset,
    /// in Backprop's order;</item>
    /// <item>for a classifier, a second output <c>label</c> [N] of tensor(int64), each row's class index as
    /// <see cref="Model.Classify(ReadOnlySpan{double})"/> gives it: ArgMax over axis 1 (the first of equal
    /// largest outputs), or for one sigmoid output GreaterOrEqual(p, 0.5) cast to int64.</item>
    /// </list>
    /// The names and the task go into metadata_props (keys in <see cref="OnnxMetadataKeys"/>) and a summary into
    /// doc_string.
    /// </summary>
    /// <param name="model">The model.</param>
    public static ModelProto ToModel(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = model.Network;
        network.EnsureFinite(); // the model's network is public: someone may have trained it since
        var graph = new GraphProto { Name = "backprop" };
        graph.Input.Add(Matrix(InputName, model.FeatureCount));
        string scaled = model.InputScaler is { } inputScaler ? AddInputScaling(graph, inputScaler) : InputName;
        bool unscale = model.Task == ModelTask.Regression && model.TargetScaler is not null;
        string scores = unscale ? "scores" : OutputName;
        if (network.Precision == Precision.Float32)
        {
            // As Backprop predicts with a float32 network: scaled in double, rounded to float once, the layers in
            // float, their outputs widened (exactly) for the unscaling and the label.
            graph.Node.Add(WithInt(Node("Cast", "network_input_cast", [scaled], "network_input"), "to", (long)TensorProto.Types.DataType.Float));
            AddLayers(graph, network, "network_input", "network_output");
            graph.Node.Add(WithInt(Node("Cast", "network_output_cast", ["network_output"], scores), "to", (long)TensorProto.Types.DataType.Double));
        }
        else AddLayers(graph, network, scaled, scores);
        if (unscale) AddTargetUnscaling(graph, model.TargetScaler!, "scores");
        graph.Output.Add(Matrix(OutputName, model.OutputCount));
        if (model.Task == ModelTask.Classification)
        {
            AddLabel(graph, model.OutputCount);
            graph.Output.Add(Vector(LabelName, TensorProto.Types.DataType.Int64));
        }
        var result = Wrap(graph, DocString(model));
        OnnxMetadataKeys.Add(result, model);
        return result;
    }

    /// <summary>Sub then Div (then Where, for zero scales) from <see cref="InputName"/>; returns the scaled tensor's name.</summary>
    private static string AddInputScaling(GraphProto graph, Scaler scaler)
    {
        long[] dims = [scaler.FeatureCount];
        graph.Initializer.Add(Doubles("input_offset", dims, scaler.Offset));
        graph.Initializer.Add(Doubles("input_divisor", dims, scaler.Scale.Select(s => s == 0 ? 1 : s)));
        graph.Node.Add(Node("Sub", "input_center", [InputName, "input_offset"], "input_centered"));
        if (!scaler.Scale.Contains(0))
        {
            graph.Node.Add(Node("Div", "input_scale", ["input_centered", "input_divisor"], "input_scaled"));
            return "input_scaled";
        }
        // Where rather than Mul by a 0/1 mask: x·0 is −0 for x < 0 and NaN for an overflowed x − offset; Backprop gives +0.
        graph.Node.Add(Node("Div", "input_scale", ["input_centered", "input_divisor"], "input_divided"));
        graph.Initializer.Add(Bools("input_spread", dims, scaler.Scale.Select(s => s != 0)));
        graph.Initializer.Add(Doubles("input_zero", [], [0.0]));
        graph.Node.Add(Node("Where", "input_mask", ["input_spread", "input_divided", "input_zero"], "input_scaled"));
        return "input_scaled";
    }

    /// <summary>Mul by the target scale, then Add the target offset, from <paramref name="scores"/> to <see cref="OutputName"/>.</summary>
    private static void AddTargetUnscaling(GraphProto graph, Scaler scaler, string scores)
    {
        long[] dims = [scaler.FeatureCount];
        graph.Initializer.Add(Doubles("target_scale", dims, scaler.Scale));
        graph.Initializer.Add(Doubles("target_offset", dims, scaler.Offset));
        graph.Node.Add(Node("Mul", "target_unscale", [scores, "target_scale"], "target_scaled"));
        graph.Node.Add(Node("Add", "target_shift", ["target_scaled", "target_offset"], OutputName));
    }

    /// <summary>The <see cref="LabelName"/> output from <see cref="OutputName"/>.</summary>
    private static void AddLabel(GraphProto graph, int outputs)
    {
        if (outputs > 1)
        {
            var argMax = WithInt(WithInt(Node("ArgMax", "label_argmax", [OutputName], LabelName), "axis", 1), "keepdims", 0);
            graph.Node.Add(argMax);
            return;
        }
        graph.Initializer.Add(Doubles("label_threshold", [], [SigmoidThreshold]));
        graph.Initializer.Add(Int64s("label_axes", [1], [1]));
        graph.Node.Add(Node("GreaterOrEqual", "label_compare", [OutputName, "label_threshold"], "label_is_one"));
        graph.Node.Add(WithInt(Node("Cast", "label_cast", ["label_is_one"], "label_column"), "to", (long)TensorProto.Types.DataType.Int64));
        graph.Node.Add(Node("Squeeze", "label_squeeze", ["label_column", "label_axes"], LabelName));
    }

    private static string DocString(Model model)
    {
        string outputs = model.Task == ModelTask.Classification
            ? $"'{OutputName}' [N, {model.OutputCount}] the network's outputs (class scores) and '{LabelName}' [N] each row's class index"
            : $"'{OutputName}' [N, {model.OutputCount}] the targets in their own units";
        string description = model.Metadata?.Description is { Length: > 0 } d ? d + ". " : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{description}Backprop {model}. Takes '{InputName}' [N, {model.FeatureCount}], raw rows (the scaling is in the graph); returns {outputs}. Trained with {model.Network.Loss.Name}.");
    }
}
