using System.Globalization;
using Backprop.Demo.Commands;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
Console.OutputEncoding = System.Text.Encoding.UTF8;

// A fault on another thread would otherwise print the runtime's "Unhandled exception" and a stack trace.
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (e.ExceptionObject is Exception exception) Environment.Exit(Cli.Report(exception));
    Environment.Exit(Cli.InternalError);
};
return App.Run(args);
