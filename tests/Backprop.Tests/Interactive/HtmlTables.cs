using System.Net;
using System.Text.RegularExpressions;

namespace Backprop.Tests.Interactive;

/// <summary>Reads an HTML fragment back as a reader sees it: the tables by caption, each row as its cells' decoded text.</summary>
internal static partial class HtmlTables
{
    /// <summary>The rows (header row first) of the table with this caption.</summary>
    public static List<string[]> Rows(string html, string caption)
    {
        var table = Table().Matches(html).SingleOrDefault(m => Text(m.Groups["caption"].Value) == caption);
        table.Should().NotBeNull($"the HTML has a table captioned \"{caption}\"");
        return Row().Matches(table!.Groups["body"].Value)
            .Select(r => Cell().Matches(r.Value).Select(c => Text(c.Groups[1].Value)).ToArray()).ToList();
    }

    /// <summary>The row of the table whose first cell is <paramref name="first"/>.</summary>
    public static string[] Row(string html, string caption, string first) =>
        Rows(html, caption).Should().ContainSingle(r => r[0] == first, $"the table \"{caption}\" has one row {first}").Subject;

    /// <summary>Decoded text of an HTML piece without its tags.</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(Tag().Replace(html, ""));

    [GeneratedRegex(@"<table[^>]*>\s*<caption[^>]*>(?<caption>.*?)</caption>(?<body>.*?)</table>", RegexOptions.Singleline)]
    private static partial Regex Table();

    [GeneratedRegex(@"<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();

    [GeneratedRegex(@"<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex Cell();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();
}
