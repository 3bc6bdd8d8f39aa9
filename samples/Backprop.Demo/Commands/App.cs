using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Backprop.Demo.Tour;

namespace Backprop.Demo.Commands;

/// <summary>The command line of the <c>backprop</c> tool: its commands, and how a run ends (see <see cref="Cli"/> for the exit codes).</summary>
public static class App
{
    /// <summary>The tool's name, as installed (<c>dotnet tool install Backprop.Tool</c>) and as help and errors print it.</summary>
    public const string Name = "backprop";

    /// <summary>
    /// Builds the root command. It is a plain command named <see cref="Name"/> rather than a RootCommand, whose name
    /// is the executable's (Backprop.Demo when run as <c>dotnet Backprop.Demo.dll</c>, as a .NET tool is), so help
    /// and errors say <c>backprop</c>; it carries the help and version options a RootCommand would.
    /// </summary>
    public static Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON document of named values at full precision instead of text.", Recursive = true };
        var root = new Command(Name, "Backprop demo: with no command, the whole tour (mazur, linear, tenpoint).") { new HelpOption(), new VersionOption(), json };
        var seeds = TourCommands.AddTo(root, json);
        root.Subcommands.Add(TrainCommand.Create(json));
        root.Subcommands.Add(ExplainCommand.Create(json));
        root.Subcommands.Add(ModelCommands.Predict(json));
        root.Subcommands.Add(ModelCommands.ExportOnnx());
        root.Subcommands.Add(OnnxCommands.ImportOnnx(json));
        root.Subcommands.Add(seeds);
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A parse error (an unknown option, a missing or malformed value, a value
    /// out of range) prints at most three lines and returns <see cref="Cli.BadInput"/> before any command starts.
    /// System.CommandLine's own Ctrl-C handling is off (ProcessTerminationTimeout = null): it would return 130 after
    /// a timeout while the command is still working, perhaps writing a file; <c>train</c> handles Ctrl-C itself
    /// (<see cref="Interrupt"/>), and elsewhere Ctrl-C ends the process as usual. Its exception handler, which prints
    /// the stack trace, is off too: every command runs inside <see cref="Cli.Guarded"/>.
    /// </summary>
    public static int Run(string[] args)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction) return ParseErrors.Write(parsed, Console.Error);
        return Cli.Guarded(() => parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }));
    }
}
