using System.Globalization;

namespace Backprop;

/// <summary>Which kind of parameter a gradient belongs to.</summary>
public enum ParameterKind
{
    /// <summary>A weight W[row, column] (row = neuron, column = input).</summary>
    Weight,

    /// <summary>A bias b[row].</summary>
    Bias,
}

/// <summary>
/// The outcome of <see cref="GradientCheck"/>: the largest relative error |analytic − numeric| / max(|analytic|,
/// |numeric|, floor) and the parameter where it occurred.
/// </summary>
/// <param name="MaxRelativeError">The largest relative error over all parameters checked.</param>
/// <param name="ParametersChecked">How many parameters were checked.</param>
/// <param name="Layer">The 0-based layer of the worst parameter.</param>
/// <param name="Kind">Whether the worst parameter is a weight or a bias.</param>
/// <param name="Row">Its row (the neuron).</param>
/// <param name="Column">Its column (the input; 0 for a bias).</param>
/// <param name="Analytic">Backpropagation's ∂E/∂θ there.</param>
/// <param name="Numeric">The central finite difference there.</param>
public sealed record GradientCheckResult(double MaxRelativeError, int ParametersChecked, int Layer, ParameterKind Kind,
    int Row, int Column, double Analytic, double Numeric)
{
    /// <summary>A one-line summary naming the worst parameter.</summary>
    public override string ToString()
    {
        string where = Kind == ParameterKind.Weight
            ? string.Create(CultureInfo.InvariantCulture, $"W[{Row}, {Column}]")
            : string.Create(CultureInfo.InvariantCulture, $"b[{Row}]");
        return string.Create(CultureInfo.InvariantCulture,
            $"max relative error {MaxRelativeError:E3} over {ParametersChecked} parameters, at layer {Layer} {where} (backprop {Analytic:R}, finite difference {Numeric:R})");
    }
}
