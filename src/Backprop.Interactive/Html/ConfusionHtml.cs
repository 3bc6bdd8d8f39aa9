using System.Globalization;
using System.Text;
using static Backprop.Interactive.HtmlText;

namespace Backprop.Interactive;

/// <summary>
/// A <see cref="ConfusionMatrix"/> as HTML: the accuracy, the counts (a row per actual class, a column per predicted
/// class), and each class's precision, recall and support.
/// </summary>
internal static class ConfusionHtml
{
    public static string Render(ConfusionMatrix matrix, IReadOnlyList<string>? classNames)
    {
        if (classNames is not null && classNames.Count != matrix.Classes)
            throw new ArgumentException($"classNames has {classNames.Count} names, but the confusion matrix has {matrix.Classes} classes.", nameof(classNames));
        string Name(int c) => classNames?[c] ?? Number(c);
        var classes = Enumerable.Range(0, matrix.Classes).ToList();
        var html = new StringBuilder("<div class=\"backprop-confusion\">");
        html.Paragraph($"Accuracy {matrix.Accuracy.ToString("P1", CultureInfo.InvariantCulture)} ({Number(matrix.Correct)} of {Number(matrix.Total)} right).");
        html.Table("Confusion matrix (rows: actual, columns: predicted)",
            classes.Select(c => "predicted " + Name(c)).Prepend("actual").ToList(),
            classes.Select(a => (IReadOnlyList<string>)classes.Select(p => Number(matrix[a, p])).Prepend(Name(a)).ToList()));
        html.Table("Per class", ["class", "precision", "recall", "support"],
            classes.Select(c => (IReadOnlyList<string>)[Name(c), Number(matrix.Precision(c)), Number(matrix.Recall(c)), Number(matrix.Support(c))]));
        return html.Append("</div>").ToString();
    }
}
