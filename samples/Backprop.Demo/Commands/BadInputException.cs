namespace Backprop.Demo.Commands;

/// <summary>Bad input with a hint on what to do instead: <see cref="Cli.Report(Exception)"/> prints the message as
/// "error: …" and the hint as "hint: …" on the next line, and returns <see cref="Cli.BadInput"/>.</summary>
public sealed class BadInputException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the option, the file and the column.</param>
    /// <param name="hint">What to do instead, e.g. "use --task regression to predict its values".</param>
    public BadInputException(string message, string hint) : base(message)
    {
        Hint = hint;
    }

    /// <summary>Creates the exception without a hint.</summary>
    public BadInputException() : this("bad input", "") { }

    /// <summary>Creates the exception without a hint.</summary>
    /// <param name="message">What is wrong.</param>
    public BadInputException(string message) : this(message, "") { }

    /// <summary>Creates the exception without a hint.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public BadInputException(string message, Exception innerException) : base(message, innerException)
    {
        Hint = "";
    }

    /// <summary>What to do instead; empty for none.</summary>
    public string Hint { get; }
}
