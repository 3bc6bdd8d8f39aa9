using System.Globalization;
using System.Net;
using System.Text;

namespace Backprop.Interactive;

/// <summary>The pieces every fragment is made of: escaped text, numbers in the invariant culture, and tables.</summary>
internal static class HtmlText
{
    /// <summary>Significant digits of a number in a table: the blog prints nine decimals of numbers below one, so ten
    /// significant digits show every printed digit and one more.</summary>
    public const int Digits = 10;

    /// <summary>The style of every table: compact, numbers right-aligned in a fixed-width font, borders that read in
    /// light and dark notebook themes alike (currentColor).</summary>
    public const string TableStyle =
        "border-collapse:collapse;margin:0.3em 0 0.8em 0;font-size:0.9em";

    private const string CellStyle = "border:1px solid color-mix(in srgb, currentColor 25%, transparent);padding:0.15em 0.5em";

    /// <summary>Text made safe for HTML content and attribute values: &amp;, &lt;, &gt;, " and ' escaped.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A number with <see cref="Digits"/> significant digits (invariant culture), as text.</summary>
    public static string Number(double x) => x.ToString("G" + Digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A whole number in the invariant culture.</summary>
    public static string Number(int x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>Appends a table: a caption, a header row and the rows; every cell is text (escaped here), and cells that
    /// parse as numbers are right-aligned in a fixed-width font.</summary>
    public static StringBuilder Table(this StringBuilder html, string caption, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        html.Append("<table style=\"").Append(TableStyle).Append("\">");
        if (caption.Length > 0)
            html.Append("<caption style=\"text-align:left;font-weight:bold;padding:0.2em 0\">").Append(Escape(caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var h in header) html.Append("<th scope=\"col\" style=\"").Append(CellStyle).Append("\">").Append(Escape(h)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            for (int k = 0; k < row.Count; k++)
            {
                string align = IsNumber(row[k]) ? ";text-align:right;font-family:monospace" : "";
                html.Append(k == 0 ? "<th scope=\"row\" style=\"" : "<td style=\"").Append(CellStyle).Append(align).Append("\">")
                    .Append(Escape(row[k])).Append(k == 0 ? "</th>" : "</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>");
    }

    /// <summary>The height of an inline page: room for a 2-2-2 diagram with its controls and details panel.</summary>
    public const int FrameHeight = 720;

    /// <summary>A whole HTML document (such as an explainer page) shown inline: an iframe whose srcdoc is the document,
    /// attribute-escaped, sandboxed to run its own scripts only (no same origin: it cannot reach the notebook).</summary>
    public static string Frame(string document, string title) =>
        $"<iframe title=\"{Escape(title)}\" sandbox=\"allow-scripts\" style=\"width:100%;height:{Number(FrameHeight)}px;border:0\" srcdoc=\"{Escape(document)}\"></iframe>";

    /// <summary>Appends a paragraph of text (escaped here).</summary>
    public static StringBuilder Paragraph(this StringBuilder html, string text) =>
        html.Append("<p style=\"margin:0.3em 0\">").Append(Escape(text)).Append("</p>");

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
