using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Demo.Tour;
using Backprop.Onnx;

namespace Backprop.Demo.Commands;

/// <summary>The <c>import-onnx</c> command, and the reading of a model given as a Backprop file or an ONNX file.</summary>
public static class OnnxCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Builds <c>import-onnx</c>.</summary>
    public static Command ImportOnnx(Option<bool> json)
    {
        var model = new Option<string>("--model") { Description = "An ONNX file: a network exported by PyTorch (nn.Sequential of Linear and activations, opset 13+) or by Backprop.", Required = true };
        var output = new Option<string>("--out") { Description = "The Backprop model file (.json) to write.", Required = true }.OutputFile(".json");
        var command = new Command("import-onnx", "Read an ONNX feed-forward network (PyTorch's or Backprop's export) into a Backprop model file, ready for predict, explain and further training.") { model, output };
        command.SetAction(r => Cli.Guarded(() =>
        {
            string path = r.GetValue(model)!, outPath = r.GetValue(output)!;
            var result = Read(path);
            result.Model.Save(outPath);
            if (r.GetValue(json)) Console.WriteLine(Json.Write(ToJson(result, path, outPath)));
            else WriteText(result, path, outPath, Console.Out);
            return 0;
        }));
        return command;
    }

    /// <summary>Reads <paramref name="path"/> as a model: an ONNX file (by its .onnx extension) through
    /// <see cref="OnnxImport"/>, anything else as a file saved by <c>train --save</c>.</summary>
    public static Model LoadModel(string path, string option = "--model")
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? Read(path, option).Model : LoadedModel.Load(path, option);
    }

    /// <summary>Imports the ONNX file <paramref name="path"/>, given as <paramref name="option"/>; a problem is an
    /// exception naming the option and the file, then the node and what is wrong.</summary>
    public static OnnxImportResult Read(string path, string option = "--model")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new ArgumentException($"{option} {path}: is a folder; give an .onnx file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{option} {path}: no such file.", path);
        try
        {
            return OnnxImport.Read(path);
        }
        catch (OnnxFormatException e)
        {
            throw new ArgumentException($"{option} {path}: {Cli.Message(e)}", e);
        }
    }

    /// <summary>"4-8(relu)-3(softmax)": the inputs, then each layer's neurons and activation.</summary>
    public static string Shape(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.InputSize.ToString(C) + "-" + string.Join("-", network.Layers.Select(l => $"{l.OutputSize.ToString(C)}({l.Activation.Name})"));
    }

    private static void WriteText(OnnxImportResult result, string path, string outPath, TextWriter w)
    {
        var m = result.Model;
        string producer = result.ProducerName.Length == 0 ? "an unnamed producer" : $"{result.ProducerName} {result.ProducerVersion}".TrimEnd();
        w.WriteLine($"read {path}: {producer}, opset {result.Opset.ToString(C)}, {result.PrecisionName}" +
                    (result.Precision == OnnxPrecision.SinglePrecision ? " (the model computes in double from the float32 weights)" : ""));
        int noBias = m.Network.Layers.Count(l => l.BiasMode == BiasMode.None);
        w.WriteLine($"  layers: {Shape(m.Network)} ({m.Network.Layers.Count.ToString(C)} dense layers, {m.Network.ParameterCount.ToString(C)} parameters" +
                    (noBias > 0 ? $", {noBias.ToString(C)} without bias" : "") + ")");
        string task = m.Task == ModelTask.Classification
            ? $"classification of {m.ClassNames!.Count.ToString(C)} classes ({string.Join(", ", m.ClassNames)})"
            : $"regression of {m.TargetNames!.Count.ToString(C)} target{(m.TargetNames.Count == 1 ? "" : "s")} ({string.Join(", ", m.TargetNames)})";
        w.WriteLine($"  task: {task}, loss {m.Network.Loss.Name}" + (result.FromBackprop ? " (from Backprop's metadata)"
                        : m.Task == ModelTask.Classification ? " (inferred from the softmax output or cross-entropy loss)" : " (inferred: the output is not a softmax)"));
        w.WriteLine($"  features: {m.FeatureCount.ToString(C)} ({string.Join(", ", m.FeatureNames)})" +
                    (m.InputScaler is { } s ? $", {s.Kind} scaling" : ", no scaling") + (m.TargetScaler is { } t ? $", {t.Kind} target scaling" : ""));
        w.WriteLine($"model written to {outPath}");
    }

    private static JsonObject ToJson(OnnxImportResult result, string path, string outPath)
    {
        var m = result.Model;
        var o = new JsonObject
        {
            ["file"] = path,
            ["producer"] = result.ProducerName,
            ["producer_version"] = result.ProducerVersion,
            ["opset"] = result.Opset,
            ["precision"] = result.PrecisionName,
            ["from_backprop"] = result.FromBackprop,
            ["task"] = m.Task == ModelTask.Classification ? "classification" : "regression",
            ["loss"] = m.Network.Loss.Name,
            ["features"] = new JsonArray(m.FeatureNames.Select(n => (JsonNode?)n).ToArray()),
            ["input_scaling"] = m.InputScaler?.Kind ?? "none",
        };
        if (m.ClassNames is { } classes) o["classes"] = new JsonArray(classes.Select(n => (JsonNode?)n).ToArray());
        else
        {
            o["targets"] = new JsonArray(m.TargetNames!.Select(n => (JsonNode?)n).ToArray());
            o["target_scaling"] = m.TargetScaler?.Kind ?? "none";
        }
        o["layers"] = new JsonArray(m.Network.Layers.Select(l => (JsonNode?)new JsonObject
        {
            ["inputs"] = l.InputSize,
            ["outputs"] = l.OutputSize,
            ["activation"] = l.Activation.Name,
            ["bias"] = l.BiasMode != BiasMode.None,
        }).ToArray());
        o["parameters"] = m.Network.ParameterCount;
        o["out"] = outPath;
        return o;
    }
}
