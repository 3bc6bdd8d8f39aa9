using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Backprop.Demo.Commands;
using Backprop.Demo.Tour;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;

var json = new Option<bool>("--json") { Description = "Print a JSON document of named values at full precision instead of text.", Recursive = true };

var root = new RootCommand("Backprop demo: with no command, the whole tour (mazur, linear, tenpoint).");
root.Options.Add(json);
var outDir = new Option<string>("--out") { Description = "Where the tour writes its pictures.", DefaultValueFactory = _ => "demo-output" };
root.Options.Add(outDir);
root.SetAction(r => Tour(r.GetValue(json), mazur: true, linear: true, tenpoint: true, pictures: r.GetValue(outDir)));

var trace = new Option<bool>("--trace") { Description = "Print the blog's step as tables of every number, with the chain rule of w5 and w1." };
var mazurCommand = new Command("mazur", "The blog's 2-2-2 worked example, one step in the blog's order, then 10,000 steps.") { trace };
mazurCommand.SetAction(r => r.GetValue(trace) ? MazurTrace(r.GetValue(json)) : Tour(r.GetValue(json), mazur: true));
var linearCommand = new Command("linear", "The seed notebook's linear example: outputs, gradients, updated weights.");
linearCommand.SetAction(r => Tour(r.GetValue(json), linear: true));
var tenpointCommand = new Command("tenpoint", "Training on the ten-point data set: error per epoch and predictions.");
tenpointCommand.SetAction(r => Tour(r.GetValue(json), tenpoint: true));

var seedsData = new Option<string>("--data") { Description = "The wheat seeds CSV (210 rows, 7 features, class 1..3, no header).", Required = true };
var seedsCommand = new Command("brownlee-seeds", "Brownlee's 5-fold cross-validation on the wheat seeds data, reproduced score for score.") { seedsData };
seedsCommand.SetAction(r => Cli.Guarded(() =>
{
    var scores = BrownleeSeeds.Run(r.GetValue(seedsData)!);
    if (r.GetValue(json)) Console.WriteLine(Json.Write(BrownleeSeeds.ToJson(scores)));
    else BrownleeSeeds.WriteText(scores, Console.Out);
    return 0;
}));

var picturesCommand = new Command("pictures", "Write the blog network's diagram and the ten-point loss curve.");
var picturesFolder = new Option<string>("--out") { Description = "The folder to write into.", DefaultValueFactory = _ => "demo-output" };
picturesCommand.Options.Add(picturesFolder);
picturesCommand.SetAction(r => Cli.Guarded(() =>
{
    var (diagram, curve) = Pictures.Write(r.GetValue(picturesFolder)!);
    Console.WriteLine($"diagram: {diagram}\nloss curve: {curve}");
    return 0;
}));
root.Subcommands.Add(picturesCommand);
root.Subcommands.Add(mazurCommand);
root.Subcommands.Add(linearCommand);
root.Subcommands.Add(tenpointCommand);
root.Subcommands.Add(TrainCommand.Create(json));
root.Subcommands.Add(ExplainCommand.Create(json));
root.Subcommands.Add(ModelCommands.Predict(json));
root.Subcommands.Add(ModelCommands.ExportOnnx());
root.Subcommands.Add(seedsCommand);

return await root.Parse(args).InvokeAsync();

static int MazurTrace(bool asJson)
{
    var network = MazurTour.CreateNetwork();
    var stepTrace = Backprop.StepTrace.Record(network, MazurTour.Input, MazurTour.Target, new Backprop.Sgd(MazurTour.LearningRate));
    if (asJson)
    {
        ExplainCommand.Write(stepTrace, null, json: true, markdown: false);
        return 0;
    }
    Console.WriteLine("The blog's step (Mazur, \"A Step by Step Backpropagation Example\"), every number:");
    ExplainCommand.Write(stepTrace, Backprop.ChainRule.For(stepTrace, 1, 0, 0), json: false, markdown: false);
    Spectre.Console.AnsiConsole.Write(Backprop.Visualization.TraceTables.Render(Backprop.ChainRule.For(stepTrace, 0, 0, 0)));
    return 0;
}

static int Tour(bool asJson, bool mazur = false, bool linear = false, bool tenpoint = false, string? pictures = null)
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
