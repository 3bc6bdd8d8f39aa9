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
root.SetAction(r => Tour(r.GetValue(json), mazur: true, linear: true, tenpoint: true));

var mazurCommand = new Command("mazur", "The blog's 2-2-2 worked example, one step in the blog's order, then 10,000 steps.");
mazurCommand.SetAction(r => Tour(r.GetValue(json), mazur: true));
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

root.Subcommands.Add(mazurCommand);
root.Subcommands.Add(linearCommand);
root.Subcommands.Add(tenpointCommand);
root.Subcommands.Add(TrainCommand.Create(json));
root.Subcommands.Add(seedsCommand);

return await root.Parse(args).InvokeAsync();

static int Tour(bool asJson, bool mazur = false, bool linear = false, bool tenpoint = false)
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
    return 0;
}
