using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Demo.Tour;
using Backprop.Onnx;

namespace Backprop.Demo.Commands;

/// <summary>The <c>predict</c> and <c>export-onnx</c> commands, which work on a model saved by <c>train --save</c>.</summary>
public static class ModelCommands
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Builds <c>predict</c>.</summary>
    public static Command Predict(Option<bool> json)
    {
        var model = new Option<string>("--model") { Description = "A model saved by train --save.", Required = true };
        var data = new Option<string>("--data") { Description = "CSV of raw samples (or a bundled data set); label or target columns, when present, give the accuracy or R².", Required = true };
        var precision = PrecisionOption.ForLoaded();
        var command = new Command("predict", "Predict with a saved model: each row's label and probability, or its values; with labels in the file, the accuracy or R² and RMSE.") { model, data, precision };
        command.SetAction(r => Cli.Guarded(() =>
        {
            var saved = PrecisionOption.Apply(LoadedModel.Load(r.GetValue(model)!), r.GetValue(precision));
            string path = new TrainSettings { Data = r.GetValue(data)! }.DataPath();
            var rows = PredictData.Read(path, saved);
            var evaluation = rows.Labelled is { } labelled ? saved.Evaluate(labelled) : null;
            if (r.GetValue(json)) Console.WriteLine(Json.Write(ToJson(saved, rows, evaluation)));
            else WriteText(saved, rows, evaluation, Path.GetFileName(path), Console.Out);
            return 0;
        }));
        return command;
    }

    /// <summary>Each row's label and probability (a classifier) or values with the targets' names (a regressor),
    /// then the accuracy or the regression metrics when the file has the labels.</summary>
    private static void WriteText(Model model, PredictData rows, ModelEvaluation? evaluation, string file, TextWriter w)
    {
        if (model.Task == ModelTask.Classification)
        {
            var classes = model.Classify(rows.Inputs);
            var actual = rows.Labelled?.Labels();
            int width = model.ClassNames!.Max(n => n.Length);
            for (int s = 0; s < classes.Length; s++)
                w.WriteLine($"{s,5}  {classes[s].Label.PadRight(width)}  p {classes[s].Probability.ToString("F4", C)}" +
                            (actual is null ? "" : $"  (actual {model.ClassNames![actual[s]]})"));
            if (evaluation?.Confusion is { } m)
                w.WriteLine($"accuracy: {(100 * m.Accuracy).ToString("F2", C)}% ({m.Correct} of {m.Total})");
            return;
        }
        var values = model.Predict(rows.Inputs);
        var names = model.TargetNames!;
        string Values(Func<int, double> value) => string.Join(", ", Enumerable.Range(0, names.Count).Select(k => TrainReport.Units(value(k))));
        for (int s = 0; s < values.ColumnCount; s++)
            w.WriteLine($"{s,5}  " + string.Join(", ", names.Select((n, k) => $"{n} {TrainReport.Units(values[k, s])}")) +
                        (rows.Labelled is { } t ? $"  (actual {Values(k => t.Targets[k, s])})" : ""));
        if (evaluation?.Regression is { } g) TrainReport.WriteRegression(file, g, w);
    }

    /// <summary>predictions (labels, or values: one per row for one target, a row of values for several), outputs
    /// (each row's outputs), a classifier's probabilities (the winning class's), and the metrics when the file has
    /// the labels.</summary>
    private static JsonObject ToJson(Model model, PredictData rows, ModelEvaluation? evaluation)
    {
        var outputs = model.Predict(rows.Inputs);
        var o = new JsonObject { ["task"] = model.Task == ModelTask.Classification ? "classification" : "regression" };
        if (model.Task == ModelTask.Classification)
        {
            var classes = model.Classify(rows.Inputs);
            o["classes"] = new JsonArray(model.ClassNames!.Select(n => (JsonNode?)n).ToArray());
            o["predictions"] = new JsonArray(classes.Select(c => (JsonNode?)c.Label).ToArray());
            o["probabilities"] = Json.Array(classes.Select(c => c.Probability));
        }
        else
        {
            o["targets"] = new JsonArray(model.TargetNames!.Select(n => (JsonNode?)n).ToArray());
            o["predictions"] = outputs.RowCount == 1 ? Json.Array(outputs.Row(0)) : Json.Rows(outputs.Transpose());
        }
        o["outputs"] = Json.Rows(outputs.Transpose());
        if (evaluation?.Confusion is { } m)
        {
            o["accuracy"] = m.Accuracy;
            o["correct"] = m.Correct;
        }
        if (evaluation?.Regression is { } g)
        {
            o["r2"] = g.RSquared;
            o["rmse"] = g.RootMeanSquaredError;
            o["mae"] = g.MeanAbsoluteError;
            o["mse"] = g.MeanSquaredError;
            o["target_metrics"] = TrainJson.Targets(g);
        }
        return o;
    }

    /// <summary>Builds <c>export-onnx</c>.</summary>
    public static Command ExportOnnx()
    {
        var model = new Option<string>("--model") { Description = "A model saved by train --save.", Required = true };
        var output = new Option<string>("--out") { Description = "The .onnx file to write.", Required = true }.OutputFile(".onnx");
        var precision = PrecisionOption.ForLoaded();
        var command = new Command("export-onnx", "Export a saved model as ONNX: raw rows in (the scaling is in the graph), outputs and, for a classifier, each row's label.") { model, output, precision };
        command.SetAction(r => Cli.Guarded(() =>
        {
            var saved = PrecisionOption.Apply(LoadedModel.Load(r.GetValue(model)!), r.GetValue(precision));
            OnnxExport.Save(saved, r.GetValue(output)!);
            var w = Console.Out;
            string scaling = saved.InputScaler is { } s ? $"the {s.Kind} scaling is in the graph" : "the model has no scaling";
            w.WriteLine($"ONNX model written to {r.GetValue(output)}" + (saved.Network.Precision == Precision.Float32 ? " (its layers in float32)" : ""));
            w.WriteLine($"  input '{OnnxExport.InputName}' [N, {saved.FeatureCount}], double: raw rows as the data gives them ({scaling})");
            if (saved.ClassNames is { } classes)
            {
                w.WriteLine($"  output '{OnnxExport.OutputName}' [N, {saved.OutputCount}], double: the classes' {(saved.Network.Layers[^1].Activation is Softmax ? "probabilities" : "scores")} ({string.Join(", ", classes)})");
                w.WriteLine($"  output '{OnnxExport.LabelName}' [N], int64: each row's class index (the class names are in the model's metadata)");
            }
            else
                w.WriteLine($"  output '{OnnxExport.OutputName}' [N, {saved.OutputCount}], double: {string.Join(", ", saved.TargetNames!)}, in {(saved.OutputCount == 1 ? "its" : "their")} units" +
                            (saved.TargetScaler is null ? "" : " (the target scaling is undone in the graph)"));
            return 0;
        }));
        return command;
    }
}
