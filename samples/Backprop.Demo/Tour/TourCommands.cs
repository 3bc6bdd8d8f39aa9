using System.CommandLine;
using System.Text.Json.Nodes;
using Backprop.Demo.Commands;

namespace Backprop.Demo.Tour;

/// <summary>The tour (the root command's own action) and the commands mazur, linear, tenpoint, pictures and brownlee-seeds.</summary>
public static class TourCommands
{
    /// <summary>Adds the tour's options and action to <paramref name="root"/> and its commands below it, but for
    /// brownlee-seeds, which it returns for the caller to place (last, in help).</summary>
    public static Command AddTo(Command root, Option<bool> json)
    {
        ArgumentNullException.ThrowIfNull(root);
        var outDir = new Option<string>("--out") { Description = "Where the tour writes its pictures.", DefaultValueFactory = _ => "demo-output" }.OutputFolder();
        root.Options.Add(outDir);
        root.SetAction(r => Cli.Guarded(() => Tour(r.GetValue(json), mazur: true, linear: true, tenpoint: true, pictures: r.GetValue(outDir))));

        var trace = new Option<bool>("--trace") { Description = "Print the blog's step as tables of every number, with the chain rule of w5 and w1." };
        var mazurHtml = new Option<string?>("--html") { Description = "Also write the explainer page of the blog's step to FILE.html (open it in a browser)." }.OutputFile(".html");
        var mazur = new Command("mazur", "The blog's 2-2-2 worked example, one step in the blog's order, then 10,000 steps.") { trace, mazurHtml };
        mazur.SetAction(r => Cli.Guarded(() => WithPage(r.GetValue(trace) ? MazurTrace(r.GetValue(json)) : Tour(r.GetValue(json), mazur: true),
            r.GetValue(mazurHtml), ExplainerPages.WriteMazur, r.GetValue(json))));
        var linear = new Command("linear", "The seed notebook's linear example: outputs, gradients, updated weights.");
        linear.SetAction(r => Cli.Guarded(() => Tour(r.GetValue(json), linear: true)));
        var tenpointHtml = new Option<string?>("--html") { Description = "Also write the explainer page of all 200 training steps to FILE.html, with a slider through them." }.OutputFile(".html");
        var tenpoint = new Command("tenpoint", "Training on the ten-point data set: error per epoch and predictions.") { tenpointHtml };
        tenpoint.SetAction(r => Cli.Guarded(() => WithPage(Tour(r.GetValue(json), tenpoint: true), r.GetValue(tenpointHtml),
            ExplainerPages.WriteTenPoint, r.GetValue(json))));

        var seedsData = new Option<string>("--data") { Description = "The wheat seeds CSV (210 rows, 7 features, class 1..3, no header).", Required = true };
        var seeds = new Command("brownlee-seeds", "Brownlee's 5-fold cross-validation on the wheat seeds data, reproduced score for score.") { seedsData };
        seeds.SetAction(r => Cli.Guarded(() =>
        {
            string path = r.GetValue(seedsData)!;
            if (!File.Exists(path)) throw new FileNotFoundException($"--data {path}: no such file.", path);
            var scores = BrownleeSeeds.Run(path);
            if (r.GetValue(json)) Console.WriteLine(Json.Write(BrownleeSeeds.ToJson(scores)));
            else BrownleeSeeds.WriteText(scores, Console.Out);
            return 0;
        }));

        var pictures = new Command("pictures", "Write the blog network's diagram and the ten-point loss curve.");
        var picturesFolder = new Option<string>("--out") { Description = "The folder to write into.", DefaultValueFactory = _ => "demo-output" }.OutputFolder();
        pictures.Options.Add(picturesFolder);
        pictures.SetAction(r => Cli.Guarded(() =>
        {
            var (diagram, curve) = Pictures.Write(r.GetValue(picturesFolder)!);
            if (r.GetValue(json)) Console.WriteLine(Json.Write(new System.Text.Json.Nodes.JsonObject { ["diagram"] = diagram, ["loss_curve"] = curve }));
            else Console.WriteLine($"diagram: {diagram}\nloss curve: {curve}");
            return 0;
        }));
        foreach (var command in new[] { pictures, mazur, linear, tenpoint }) root.Subcommands.Add(command);
        return seeds;
    }

    /// <summary>After a command's output, writes its explainer page when --html was given (and says so, unless the
    /// output is JSON).</summary>
    private static int WithPage(int exitCode, string? path, Action<string> write, bool asJson)
    {
        if (exitCode != 0 || path is null) return exitCode;
        write(path);
        if (!asJson) Console.WriteLine($"\nexplainer page written to {path} (open it in a browser)");
        return 0;
    }

    private static int MazurTrace(bool asJson)
    {
        var network = MazurTour.CreateNetwork();
        var stepTrace = StepTrace.Record(network, MazurTour.Input, MazurTour.Target, new Sgd(MazurTour.LearningRate));
        if (asJson)
        {
            ExplainCommand.Write(stepTrace, null, json: true, markdown: false);
            return 0;
        }
        Console.WriteLine("The blog's step (Mazur, \"A Step by Step Backpropagation Example\"), every number:");
        ExplainCommand.Write(stepTrace, ChainRule.For(stepTrace, 1, 0, 0), json: false, markdown: false);
        Spectre.Console.AnsiConsole.Write(Visualization.TraceTables.Render(ChainRule.For(stepTrace, 0, 0, 0)));
        return 0;
    }

    private static int Tour(bool asJson, bool mazur = false, bool linear = false, bool tenpoint = false, string? pictures = null)
    {
        var output = Console.Out;
        var document = new JsonObject();
        bool first = true;
        void Gap()
        {
            if (!first) output.WriteLine();
            first = false;
        }

        if (mazur)
        {
            var v = MazurTour.Run();
            if (asJson) document["mazur"] = MazurTour.ToJson(v);
            else { Gap(); MazurTour.WriteText(v, output); }
        }
        if (linear)
        {
            var r = LinearTour.Run();
            if (asJson) document["linear"] = LinearTour.ToJson(r);
            else { Gap(); LinearTour.WriteText(r, output); }
        }
        if (tenpoint)
        {
            var r = TenPointTour.Run();
            if (asJson) document["tenpoint"] = TenPointTour.ToJson(r);
            else { Gap(); TenPointTour.WriteText(r, output); }
        }
        if (asJson) output.WriteLine(Json.Write(document));
        else if (pictures is not null)
        {
            var (diagram, curve) = Pictures.Write(pictures);
            output.WriteLine();
            output.WriteLine($"Pictures: the blog network's diagram is in {diagram}, the ten-point loss curve in {curve}.");
        }
        return 0;
    }
}
