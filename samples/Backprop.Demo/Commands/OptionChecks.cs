using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Backprop.Demo.Commands;

/// <summary>
/// Checks of option values that the parser runs before any command starts, so a bad value is a parse error
/// ("--epochs 0: must be at least 1", exit code 2) and nothing has been read, printed or trained. Each message
/// starts with the option and the text typed.
/// </summary>
public static class OptionChecks
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A whole number (of the option's type, int) for which <paramref name="accept"/> holds.</summary>
    /// <param name="option">The option.</param>
    /// <param name="accept">The rule, or null for any int.</param>
    /// <param name="rule">What the rule asks, e.g. "must be at least 1".</param>
    public static Option<T> Whole<T>(this Option<T> option, Func<int, bool>? accept = null, string? rule = null)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (Typed(result) is not { } typed) return;
            if (!int.TryParse(typed, NumberStyles.AllowLeadingSign, C, out int value))
                result.AddError(long.TryParse(typed, NumberStyles.AllowLeadingSign, C, out _)
                    ? $"{option.Name} {typed}: too large (at most {int.MaxValue.ToString(C)})"
                    : $"{option.Name} {typed}: not a whole number");
            else if (accept is not null && !accept(value)) result.AddError($"{option.Name} {typed}: {rule}");
        });
        return option;
    }

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, int min) =>
        option.Whole(v => v >= min, string.Create(C, $"must be at least {min}"));

    /// <summary>A finite number (of the option's type, double or double?) for which <paramref name="accept"/> holds.</summary>
    /// <param name="option">The option.</param>
    /// <param name="accept">The rule.</param>
    /// <param name="rule">What the rule asks, e.g. "must be in [0, 1)".</param>
    public static Option<T> Real<T>(this Option<T> option, Func<double, bool> accept, string rule)
    {
        ArgumentNullException.ThrowIfNull(option);
        ArgumentNullException.ThrowIfNull(accept);
        option.Validators.Add(result =>
        {
            if (Typed(result) is not { } typed) return;
            if (!double.TryParse(typed, NumberStyles.Float, C, out double value))
                result.AddError($"{option.Name} {typed}: not a number");
            else if (!double.IsFinite(value))
                result.AddError($"{option.Name} {typed}: not a finite number");
            else if (!accept(value)) result.AddError($"{option.Name} {typed}: {rule}");
        });
        return option;
    }

    /// <summary>A number in [0, 1): a share that leaves something over.</summary>
    public static Option<double> Share(this Option<double> option) => option.Real(v => v is >= 0 and < 1, "must be in [0, 1)");

    /// <summary>A positive finite number.</summary>
    public static Option<T> Positive<T>(this Option<T> option) => option.Real(v => v > 0, "must be a positive number");

    /// <summary>Zero or a positive finite number.</summary>
    public static Option<T> NonNegative<T>(this Option<T> option) => option.Real(v => v >= 0, "must be zero or a positive number");

    /// <summary>A file name that ends in one of <paramref name="extensions"/> (such as ".png"), in a folder that exists.</summary>
    public static Option<T> OutputFile<T>(this Option<T> option, params string[] extensions)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (Typed(result) is not { } typed) return;
            if (extensions.Length > 0 && !extensions.Any(e => typed.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                result.AddError($"{option.Name} {typed}: the file name must end in {string.Join(" or ", extensions)}");
            else if (Folder(typed) is { } folder && !Directory.Exists(folder))
                result.AddError($"{option.Name} {typed}: the folder '{folder}' does not exist");
            else if (Directory.Exists(typed))
                result.AddError($"{option.Name} {typed}: is a folder; give a file name");
            else if (!Writable(Folder(typed) ?? "."))
                result.AddError($"{option.Name} {typed}: cannot write into the folder '{Folder(typed) ?? "."}'");
        });
        return option;
    }

    /// <summary>Whether a file can be created in <paramref name="folder"/>: a probe file, deleted on close, so that
    /// an output that cannot be written is refused before any work rather than after training.</summary>
    private static bool Writable(string folder)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".backprop-probe-{Environment.ProcessId}.tmp"), FileMode.CreateNew,
                FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A folder to write into: not the name of an existing file (a missing folder is created).</summary>
    public static Option<T> OutputFolder<T>(this Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            if (Typed(result) is not { } typed) return;
            if (File.Exists(typed)) result.AddError($"{option.Name} {typed}: is a file; give a folder");
            else if (Directory.Exists(typed) && !Writable(typed)) result.AddError($"{option.Name} {typed}: cannot write into this folder");
        });
        return option;
    }

    /// <summary>The single value typed for the option, or null when it was not typed (a default) or not once.</summary>
    public static string? Typed(OptionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Implicit || result.Tokens.Count != 1 ? null : result.Tokens[0].Value;
    }

    private static string? Folder(string path)
    {
        string? folder = Path.GetDirectoryName(path);
        return string.IsNullOrEmpty(folder) ? null : folder;
    }
}
