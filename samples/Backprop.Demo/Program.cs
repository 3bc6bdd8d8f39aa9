using System.Globalization;
using Backprop.Demo.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;
// Redirected, Spectre.Console lays tables out for 80 columns and wraps long numbers onto a second line, which a
// reader takes for other numbers; a file has no width, so give the tables room.
if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = RedirectedWidth;

// A fault on another thread would otherwise print the runtime's "Unhandled exception" and a stack trace.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (e.ExceptionObject is Exception exception) Environment.Exit(Cli.Report(exception));
    Environment.Exit(Cli.InternalError);
};
return App.Run(args);

internal static partial class Program
{
    /// <summary>The width tables are laid out for when the output goes to a file or a pipe.</summary>
    private const int RedirectedWidth = 400;
}
