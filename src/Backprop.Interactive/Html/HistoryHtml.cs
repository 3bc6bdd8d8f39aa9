using System.Text;
using static Backprop.Interactive.HtmlText;

namespace Backprop.Interactive;

/// <summary>
/// A <see cref="TrainingHistory"/> as HTML: how many epochs ran and why training ended, the loss curve
/// (<see cref="LossCurveSvg"/>), and a table of the epochs (the first and last <see cref="EndRows"/> of a long run):
/// the summed loss, the mean loss per sample, the learning rate, and the accuracies and validation loss when measured.
/// </summary>
internal static class HistoryHtml
{
    /// <summary>A run of more than 2 × EndRows epochs lists its first and last EndRows: the start and the end of a
    /// curve are what a reader checks; the chart shows the rest.</summary>
    public const int EndRows = 5;

    private const string More = "…";

    public static string Render(TrainingHistory history)
    {
        var epochs = history.Epochs;
        var html = new StringBuilder("<div class=\"backprop-history\">");
        string best = history.BestEpoch is int b ? $", best epoch {Number(b)}" : "";
        html.Paragraph($"{Number(epochs.Count)} epochs, {Stop(history.StopReason)}{best}.");
        if (epochs.Count == 0) return html.Append("</div>").ToString();
        html.Append("<div>").Append(LossCurveSvg.Render(epochs)).Append("</div>");

        bool trainingAccuracy = epochs.Any(e => e.TrainingAccuracy is not null);
        bool validationLoss = epochs.Any(e => e.ValidationLoss is not null);
        bool validationAccuracy = epochs.Any(e => e.ValidationAccuracy is not null);
        var header = new List<string> { "epoch", "loss (sum)", "mean loss", "learning rate" };
        if (trainingAccuracy) header.Add("training accuracy");
        if (validationLoss) header.Add("validation loss");
        if (validationAccuracy) header.Add("validation accuracy");

        IReadOnlyList<string> Row(EpochReport e)
        {
            var row = new List<string> { Number(e.Epoch), Number(e.Loss), Number(e.MeanLoss), Number(e.LearningRate) };
            if (trainingAccuracy) row.Add(Optional(e.TrainingAccuracy));
            if (validationLoss) row.Add(Optional(e.ValidationLoss));
            if (validationAccuracy) row.Add(Optional(e.ValidationAccuracy));
            return row;
        }

        var rows = epochs.Count <= 2 * EndRows
            ? epochs.Select(Row).ToList()
            : epochs.Take(EndRows).Select(Row).Append(Enumerable.Repeat(More, header.Count).ToList()).Concat(epochs.TakeLast(EndRows).Select(Row)).ToList();
        html.Table("Epochs", header, rows);
        return html.Append("</div>").ToString();
    }

    private static string Optional(double? x) => x is double v ? Number(v) : "";

    private static string Stop(StopReason reason) => reason switch
    {
        StopReason.Completed => "every epoch ran",
        StopReason.EarlyStopped => "stopped early",
        StopReason.Stopped => "stopped by the epoch callback",
        StopReason.Canceled => "canceled",
        _ => reason.ToString(),
    };
}
