using System.Globalization;

namespace Backprop;

/// <summary>A CSV file that cannot be read as numbers; names the source, the 1-based line and column.</summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file name or other source name.</param>
    /// <param name="line">The 1-based line, or 0 for the file as a whole.</param>
    /// <param name="column">The 1-based column, or 0 for the line as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public CsvFormatException(string source, int line, int column, string problem)
        : base(Compose(source, line, column, problem))
    {
        SourceName = source;
        Line = line;
        Column = column;
    }

    /// <summary>The file name or other source name.</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line (0: the file as a whole).</summary>
    public int Line { get; }

    /// <summary>The 1-based column (0: the line as a whole).</summary>
    public int Column { get; }

    private static string Compose(string source, int line, int column, string problem) =>
        line == 0 ? $"{source}: {problem}"
        : column == 0 ? string.Create(CultureInfo.InvariantCulture, $"{source}, line {line}: {problem}")
        : string.Create(CultureInfo.InvariantCulture, $"{source}, line {line}, column {column}: {problem}");
}
