using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
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
root.Subcommands.Add(mazurCommand);
root.Subcommands.Add(linearCommand);
root.Subcommands.Add(tenpointCommand);

return root.Parse(args).Invoke();

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
