using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Backprop.Tests.Packaging;
using Backprop.Tests.Reference;

namespace Backprop.Tests.Notebooks;

/// <summary>
/// The notebook run headless, as CI runs it: the packed solution's folder is the clone's <c>packages</c>, the notebook
/// sits two folders below it as in the repository, and dotnet-repl (a .NET tool) runs every cell with an empty NuGet
/// cache and writes the executed notebook. No cell may fail, the formatters of Backprop.Interactive must have shown
/// each cell's value, and the printed figures must be the blog's, the seed notebook's and the tutorial's.
/// </summary>
[Trait("Category", "Integration")]
[Collection(PackedSolutionUsers.Name)]
public sealed partial class NotebookRunTests(PackedSolution packed)
{
    /// <summary>The dotnet-repl that runs the notebook: the one whose .NET Interactive (1.0.0-beta.26120.1) the
    /// formatters are built against.</summary>
    private const string ReplVersion = "0.3.259";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private static string F(double x, int decimals) => x.ToString("F" + decimals.ToString(C), C);

    /// <summary>Installs dotnet-repl, runs the notebook in the layout of a clone and returns the executed notebook's cells.</summary>
    private List<(string Source, string Output, List<string> Errors)> Run()
    {
        string feed = packed.Packages();
        string tools = Path.Combine(packed.Dir, "repl-tools");
        var (installExit, installOutput) = PackedSolution.Dotnet(packed.Dir, null,
            "tool", "install", "dotnet-repl", "--version", ReplVersion, "--tool-path", tools);
        installExit.Should().Be(0, installOutput);

        string folder = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(feed)!, "samples", "notebooks")).FullName;
        // The one change to the notebook: this run's packages are prereleases (x.y.z-ci.<guid>) of the version it names.
        File.WriteAllText(Path.Combine(folder, "backprop.ipynb"), Notebook.WithVersion(File.ReadAllText(Notebook.Path), packed.Version));
        string executed = Path.Combine(folder, "out.ipynb");

        var start = new ProcessStartInfo(Path.Combine(tools, "dotnet-repl")) { WorkingDirectory = folder };
        foreach (var a in new[] { "--run", "backprop.ipynb", "--exit-after-run", "--output-path", executed }) start.ArgumentList.Add(a);
        foreach (var (key, value) in packed.CleanNuGetCache("notebook")) start.Environment[key] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var (exit, output) = PackedSolution.Run(start);

        File.Exists(executed).Should().BeTrue($"dotnet-repl writes the executed notebook: {output}");
        var cells = Notebook.CodeCells(File.ReadAllText(executed)).Select(c => (c.Source,
            Output: string.Join("\n", c.Outputs.Select(Notebook.Text)),
            Errors: c.Outputs.Where(o => o.GetProperty("output_type").GetString() == "error").Select(Notebook.Text).ToList())).ToList();
        cells.SelectMany(c => c.Errors.Select(e => $"{c.Source.Split('\n')[0]} …: {e}")).Should().BeEmpty("no cell fails");
        exit.Should().Be(0, output);
        return cells;
    }

    [Fact]
    public void The_notebook_runs_headless_every_value_shows_through_its_formatter_and_it_prints_the_blogs_numbers()
    {
        var cells = Run();
        cells.Should().HaveCount(Notebook.CodeCells(File.ReadAllText(Notebook.Path)).Count, "every cell ran");

        // Each cell that ends with a value of Backprop shows it through the package's formatter.
        var shown = cells.Select(c => (Last: c.Source.TrimEnd().Split('\n')[^1].Trim(), c.Output)).ToList();
        foreach (var (value, css) in new[] { ("network", "backprop-network"), ("trace", "backprop-trace"), ("linearTrace", "backprop-trace"),
                     ("history", "backprop-history"), ("tenPoint", "backprop-network"), ("tenPointHistory", "backprop-history"), ("confusion", "backprop-confusion") })
            shown.Should().ContainSingle(c => c.Last == value, value).Which.Output.Should().Contain($"<div class=\"{css}\">", value);
        shown.Single(c => c.Last == "history").Output.Should().Contain("<svg").And.Contain("(log scale)", "the loss curve of the 10,000 updates");

        string all = string.Join("\n", cells.Select(c => c.Output));
        string Printed(string name) => Golden.At("mazur", "single_step", name, "printed").GetString()!;
        Value(all, "out_o1").Should().Be(Printed("out_o1"));
        Value(all, "out_o2").Should().Be(Printed("out_o2"));
        Value(all, "E_total").Should().Be(Printed("E_total"));
        Value(all, "∂E_total/∂w5").Should().Be(Printed("dE_dw5"));
        Value(all, "w5⁺").Should().Be(Printed("w5_new"));
        Value(all, "∂E_total/∂w1").Should().Be(Printed("dE_dw1"));
        Value(all, "w1⁺").Should().Be(Printed("w1_new"));

        // After training Backprop follows the rule the blog states; the reference recomputes it (the blog's own figures
        // come from its earlier code, and the notebook prints them beside these).
        string Trained(string name) => Golden.At("mazur", "training_10000_updates", "parallel/frozen", name).GetDouble().ToString(C);
        Value(all, "E_total after 1 update").Should().Be(F(double.Parse(Trained("E_after_1_update"), C), 9));
        Value(all, "E_total after 10,000 updates").Should().Be(F(double.Parse(Trained("E_total"), C), 10));
        Value(all, "out_o1 after 10,000 updates").Should().Be(F(double.Parse(Trained("out_o1"), C), 9));
        Value(all, "out_o2 after 10,000 updates").Should().Be(F(double.Parse(Trained("out_o2"), C), 9));

        // The seed notebook's linear example, as numpy printed it.
        string Np(string name) => "[" + string.Join(", ", Golden.At("seed_linear", name, "printed").EnumerateArray()
            .Select(r => r.ValueKind == System.Text.Json.JsonValueKind.Array
                ? "[" + string.Join(", ", r.EnumerateArray().Select(x => x.GetDouble().ToString(C))) + "]"
                : r.GetDouble().ToString(C))) + "]";
        Value(all, "outputs").Should().Be(Np("out"));
        Value(all, "h2").Should().Be(Np("h2"));
        Value(all, "∂E/∂z").Should().Be(Np("grad_z"));
        Value(all, "∂E/∂y").Should().Be(Np("grad_y"));
        Value(all, "∂E/∂x").Should().Be(Np("grad_x"));
        Value(all, "x after").Should().Be(Np("x_new"));
        Value(all, "y after").Should().Be(Np("y_new"));
        Value(all, "z after").Should().Be(Np("z_new"));

        // The ten-point data: the tutorial's twenty epoch lines, then every point classified right.
        var epochs = Golden.At("brownlee_tenpoint", "printed", "epoch_errors_3dp").EnumerateArray().Select(x => x.GetString()).ToList();
        EpochLine().Matches(all).Select(m => m.Value).Should().Equal(epochs.Select((e, k) => $">epoch={k}, lrate=0.500, error={e}"));
        all.Should().Contain("10 of 10 predicted right");
    }

    /// <summary>The value printed after "NAME =" at the start of a line (the notebook's lines are "NAME = VALUE   the blog: …").</summary>
    private static string Value(string output, string name)
    {
        var matches = Regex.Matches(output, $@"^{Regex.Escape(name)} *= (\S.*?)(?: {{2,}}the blog: .*)?$", RegexOptions.Multiline);
        matches.Should().ContainSingle($"the notebook prints {name} once");
        return matches[0].Groups[1].Value.Trim();
    }

    [GeneratedRegex(@">epoch=\d+, lrate=[\d.]+, error=[\d.]+")]
    private static partial Regex EpochLine();
}
