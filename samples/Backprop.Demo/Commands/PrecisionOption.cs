using System.CommandLine;

namespace Backprop.Demo.Commands;

/// <summary>The <c>--precision</c> option of train, predict, explain and export-onnx: float32 or float64.</summary>
public static class PrecisionOption
{
    /// <summary>The names the option accepts.</summary>
    public static readonly IReadOnlyList<string> Names = ["float64", "float32"];

    /// <summary>The option for a network the command builds, float64 unless given.</summary>
    public static Option<string> ForNew() => new Option<string>("--precision")
    {
        Description = "The network's precision: float64 (default) or float32 (half the memory; the data converted once).",
        DefaultValueFactory = _ => "float64",
    }.Accepting();

    /// <summary>The option for a loaded model: unset keeps the model's own precision, a value converts it.</summary>
    public static Option<string?> ForLoaded() => new Option<string?>("--precision")
    {
        Description = "Convert the model's network to float32 or float64 first (default: as saved).",
    }.Accepting();

    /// <summary>The precision a name gives (one of <see cref="Names"/>, checked by the parser).</summary>
    public static Precision Parse(string name) => name == "float32" ? Precision.Float32 : Precision.Float64;

    /// <summary><paramref name="model"/> in the precision typed, or as it is when none was.</summary>
    public static Model Apply(Model model, string? typed) => typed is null ? model : model.ToPrecision(Parse(typed));

    private static Option<T> Accepting<T>(this Option<T> option)
    {
        option.AcceptOnlyFromAmong([.. Names]);
        return option;
    }
}
