using System.Text.Json;

namespace Backprop.Demo.Commands;

/// <summary>Turns every exception into a short "error: …" on standard error and an exit code; never a stack trace.</summary>
public static class Cli
{
    /// <summary>The exit code of a run that did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The exit code of bad input: an option, a file or a value that cannot be used (as for parse errors).</summary>
    public const int BadInput = 2;

    /// <summary>The exit code of a fault inside the program rather than in its input (sysexits' EX_SOFTWARE).</summary>
    public const int InternalError = 70;

    /// <summary>The exit code after Ctrl-C (SIGINT): 128 + 2, as a shell reports a process the signal ended.</summary>
    public const int Interrupted = 130;

    /// <summary>Runs <paramref name="action"/>; an exception becomes "error: …" on standard error and its exit code
    /// (see <see cref="Report(Exception)"/>).</summary>
    public static int Guarded(Func<int> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
#pragma warning disable CA1031 // The point of this method: no exception reaches the user as a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Report(e);
        }
    }

    /// <summary>Writes <paramref name="e"/> as one or two lines on standard error and returns the exit code:
    /// <see cref="BadInput"/> for an exception that describes bad input (argument, format, file, access, a diverging
    /// run, an unsupported model, too little memory), <see cref="Interrupted"/> for a cancellation, and
    /// <see cref="InternalError"/> with a hint for anything else.</summary>
    public static int Report(Exception e) => Report(e, Console.Error);

    /// <summary>Writes <paramref name="e"/> to <paramref name="error"/>; see <see cref="Report(Exception)"/>.</summary>
    public static int Report(Exception e, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(error);
        switch (e)
        {
            case OperationCanceledException:
                error.WriteLine("error: interrupted.");
                return Interrupted;
            case OutOfMemoryException:
                error.WriteLine("error: out of memory: " + Message(e));
                error.WriteLine("hint: the network or the data is too large for the memory available; use smaller layers or less data.");
                return BadInput;
            case BadInputException bad:
                error.WriteLine("error: " + Message(e));
                if (bad.Hint.Length > 0) error.WriteLine("hint: " + bad.Hint);
                return BadInput;
            case ArgumentException or FormatException or IOException or UnauthorizedAccessException or JsonException
                or TrainingDivergedException or NotSupportedException:
                error.WriteLine("error: " + Message(e));
                return BadInput;
            default:
                error.WriteLine("error: " + Message(e));
                error.WriteLine($"hint: this is a fault in backprop, not in your input ({e.GetType().Name}); please report it with the command you ran.");
                return InternalError;
        }
    }

    /// <summary>The first line of the message, without .NET's " (Parameter 'name')" and "Actual value was …" tails.</summary>
    public static string Message(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = e.Message;
        int parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (parameter >= 0) message = message[..parameter];
        int line = message.IndexOfAny(['\r', '\n']);
        if (line >= 0) message = message[..line];
        message = message.Trim();
        return message.Length > 0 ? message : e.GetType().Name;
    }
}
