using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Backprop.Demo.Commands;

/// <summary>
/// The parser's errors as at most <see cref="MaxErrors"/> short lines on standard error and exit code 2, instead of
/// System.CommandLine's default (every error, then the whole help, exit code 1): each names the option and what
/// was typed, an unknown option gets the nearest known one, and a last line points to the command's help.
/// </summary>
public static partial class ParseErrors
{
    /// <summary>The most errors shown: the first ones say what to fix first, the help says the rest.</summary>
    public const int MaxErrors = 2;

    /// <summary>Writes the errors of <paramref name="result"/> and returns <see cref="Cli.BadInput"/>.</summary>
    public static int Write(ParseResult result, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        foreach (var line in Describe(result)) error.WriteLine(line);
        return Cli.BadInput;
    }

    /// <summary>The lines written: "error: …" for each of the first errors, then "see 'backprop train --help' …".</summary>
    public static IReadOnlyList<string> Describe(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var messages = result.Errors.Select(e => Rewrite(e, result)).Distinct().ToList();
        // The value after an unknown option is no news of its own.
        if (messages.Any(m => m.StartsWith("unknown option", StringComparison.Ordinal)))
            messages.RemoveAll(m => m.StartsWith("unexpected argument", StringComparison.Ordinal));
        var lines = messages.Take(MaxErrors).Select(m => "error: " + m).ToList();
        lines.Add($"see '{CommandPath(result.CommandResult)} --help' for the options.");
        return lines;
    }

    private static string Rewrite(ParseError error, ParseResult result)
    {
        var option = error.SymbolResult switch
        {
            OptionResult o => o.Option,
            ArgumentResult { Parent: OptionResult o } => o.Option,
            _ => null,
        };
        string message = error.Message;
        if (message.StartsWith("Unrecognized command or argument", StringComparison.Ordinal) && Quoted(message) is { } token)
            return Unrecognized(token, result.CommandResult);
        if (option is null) return message;
        if (message.StartsWith("Option '", StringComparison.Ordinal) && message.EndsWith("' is required.", StringComparison.Ordinal))
            return $"{option.Name} is required: {option.Description}";
        if (message.StartsWith("Required argument missing for option", StringComparison.Ordinal))
            return $"{option.Name} needs a value: {option.Description}";
        if (message.StartsWith("Cannot parse argument", StringComparison.Ordinal) && Quoted(message) is { } value)
            return $"{option.Name} {value}: not a valid {Kind(option.ValueType)}";
        if (message.Contains("expects a single argument", StringComparison.Ordinal))
            return $"{option.Name} was given more than once or with more than one value";
        return message;
    }

    private static string Unrecognized(string token, CommandResult command)
    {
        string path = CommandPath(command);
        var names = Names(command).ToArray();
        string? nearest = Nearest(token, names);
        string hint = nearest is null ? "" : $"; did you mean {nearest}?";
        if (token.StartsWith('-')) return $"unknown option '{token}' for '{path}'{hint}";
        return command.Command.Subcommands.Count > 0
            ? $"unknown command '{token}' for '{path}'{hint}"
            : $"unexpected argument '{token}' for '{path}' (options start with --){hint}";
    }

    /// <summary>The options and subcommands that may follow <paramref name="command"/>, with their aliases.</summary>
    private static IEnumerable<string> Names(CommandResult command)
    {
        foreach (var sub in command.Command.Subcommands) yield return sub.Name;
        foreach (var option in command.Command.Options)
        {
            yield return option.Name;
            foreach (var alias in option.Aliases) yield return alias;
        }
        for (var parent = command.Parent as CommandResult; parent is not null; parent = parent.Parent as CommandResult)
            foreach (var option in parent.Command.Options.Where(o => o.Recursive)) yield return option.Name;
    }

    /// <summary>The known name nearest to <paramref name="typed"/>: the only one it begins, or the closest within a
    /// third of its length in edits (at least 2), or null.</summary>
    public static string? Nearest(string typed, IReadOnlyCollection<string> names)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(names);
        var starting = names.Where(n => n.StartsWith(typed, StringComparison.Ordinal) && typed.TrimStart('-').Length > 0).Distinct().ToArray();
        if (starting.Length == 1) return starting[0];
        int allowed = Math.Max(2, typed.Length / 3);
        return names.Select(n => (Name: n, Distance: Distance(typed, n)))
            .Where(c => c.Distance <= allowed).OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();
    }

    /// <summary>The Levenshtein distance: the fewest insertions, deletions and substitutions from a to b.</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>"backprop train": the command's name after its parents'.</summary>
    public static string CommandPath(CommandResult command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var names = new List<string>();
        for (SymbolResult? r = command; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Insert(0, c.Command.Name);
        return string.Join(' ', names);
    }

    private static string Kind(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(int) ? "whole number" : type == typeof(double) ? "number" : type == typeof(bool) ? "true or false" : type.Name;
    }

    private static string? Quoted(string message) => QuotedText().Match(message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex QuotedText();
}
