using System.Globalization;

namespace Backprop.Demo.Tour;

/// <summary>Culture-invariant number formatting for the tour's text.</summary>
internal static class Fmt
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Rounded to <paramref name="decimals"/> places.</summary>
    public static string F(double x, int decimals) => x.ToString("F" + decimals.ToString(C), C);

    /// <summary>Rounded to the same number of decimals as a printed figure such as "0.75136507".</summary>
    public static string Like(double x, string printed)
    {
        int dot = printed.IndexOf('.');
        return F(x, dot < 0 ? 0 : printed.Length - dot - 1);
    }

    /// <summary>12 significant digits.</summary>
    public static string G12(double x) => x.ToString("G12", C);

    public static string Join(IEnumerable<double> xs, int decimals) => string.Join(", ", xs.Select(x => F(x, decimals)));
}
