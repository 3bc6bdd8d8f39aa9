using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Demo.Tour;
using Backprop.Onnx;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop.Demo.Commands;

/// <summary>The <c>predict</c> and <c>export-onnx</c> commands, which work on a model saved by <c>train --save</c>.</summary>
public static class ModelCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Builds <c>predict</c>.</summary>
    public static Command Predict(Option<bool> json)
    {
        var model = new Option<string>("--model") { Description = "A model saved by train --save.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV of samples (or a bundled data set); a label column, when present, gives the accuracy.", Required = true };
        var command = new Command("predict", "Predict with a saved model; with labels in the file, report the accuracy.") { model, data };
        command.SetAction(r => Cli.Guarded(() =>
        {
            var saved = LoadedModel.Load(r.GetValue(model)!);
            var network = saved.Network;
            string path = new TrainSettings { Data = r.GetValue(data)! }.DataPath();
            var classes = saved.Classes;
            var (inputs, labels) = Read(path, network.InputSize, classes);
            if (saved.Offset is { } offset && saved.Scale is { } scale) inputs = Scale(inputs, offset, scale);
            var outputs = network.Predict(inputs);
            int[] predicted = Classes.Of(outputs.ToColumnMajorArray(), network.OutputSize, inputs.ColumnCount);
            string Name(int c) => classes is not null && c < classes.Length ? classes[c] : c.ToString(C);
            int? correct = labels is null ? null : predicted.Zip(labels).Count(p => p.First == p.Second);
            if (r.GetValue(json))
            {
                Console.WriteLine(Json.Write(new JsonObject
                {
                    ["predictions"] = new JsonArray(predicted.Select(p => (JsonNode?)Name(p)).ToArray()),
                    ["outputs"] = Json.Rows(outputs.Transpose()),
                    ["accuracy"] = correct is { } k ? (double)k / predicted.Length : null,
                }));
                return 0;
            }
            for (int s = 0; s < predicted.Length; s++)
                Console.WriteLine($"{s,5}  {Name(predicted[s])}" + (labels is null ? "" : $"  (actual {Name(labels[s])})"));
            if (correct is { } n)
                Console.WriteLine($"accuracy: {(100.0 * n / predicted.Length).ToString("F2", C)}% ({n} of {predicted.Length})");
            return 0;
        }));
        return command;
    }

    /// <summary>Builds <c>export-onnx</c>.</summary>
    public static Command ExportOnnx()
    {
        var model = new Option<string>("--model") { Description = "A model saved by train --save.", Required = true };
        var output = new Option<string>("--out") { Description = "The .onnx file to write.", Required = true }.OutputFile(".onnx");
        var command = new Command("export-onnx", "Export a saved model as ONNX (double precision; input [N, features], output [N, outputs]).") { model, output };
        command.SetAction(r => Cli.Guarded(() =>
        {
            var saved = LoadedModel.Load(r.GetValue(model)!);
            OnnxExport.Save(saved.Network, r.GetValue(output)!);
            Console.WriteLine($"ONNX model written to {r.GetValue(output)}: input '{OnnxExport.InputName}' [N, {saved.Network.InputSize}], output '{OnnxExport.OutputName}' [N, {saved.Network.OutputSize}].");
            if (saved.Training.TryGetValue("scale", out var scale) && scale != "none")
                Console.WriteLine($"Note: the model expects inputs scaled as in training ({scale}); the scaling is in the model file's metadata, not in the ONNX graph.");
            return 0;
        }));
        return command;
    }

    private static (Matrix<double> Inputs, int[]? Labels) Read(string path, int features, string[]? classes)
    {
        // With one column more than the model's inputs, the last column is the label.
        var peek = CsvDataset.Load(path, new CsvOptions { Kind = LabelKind.Regression });
        if (peek.FeatureCount == features - 1)
        {
            var all = peek.Inputs.Stack(peek.Targets);
            return (all, null);
        }
        if (peek.FeatureCount != features)
            throw new ArgumentException($"--data {Path.GetFileName(path)}: {peek.FeatureCount + 1} columns, but the model takes {features} inputs (plus an optional label column).");
        if (classes is null) return (peek.Inputs, null);
        var data = CsvDataset.Load(path, new CsvOptions { ClassOrder = classes });
        return (data.Inputs, data.Labels());
    }

    private static Matrix<double> Scale(Matrix<double> x, double[] offset, double[] scale) =>
        Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (i, j) => scale[i] == 0 ? 0 : (x[i, j] - offset[i]) / scale[i]);
}
