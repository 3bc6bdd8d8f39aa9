using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Backprop.Demo.Commands;

/// <summary>How <c>train</c> shows its epochs: on a terminal a bar per run with "epoch 3/50", the loss and
/// "left 0:12"; redirected, one plain line per epoch.</summary>
public static class TrainProgress
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Runs <paramref name="train"/>, which reports (run, epoch) to the callback it is given, and shows its progress.</summary>
    /// <param name="s">The settings (epochs and folds).</param>
    /// <param name="output">Where redirected output's epoch lines go.</param>
    /// <param name="train">The training, given the callback for each epoch of each run.</param>
    public static TrainResult Show(TrainSettings s, TextWriter output, Func<Action<int, EpochReport>, TrainResult> train)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(train);
        int runs = s.Folds >= 2 ? s.Folds : 1;
        if (Console.IsOutputRedirected) return train((run, r) => output.WriteLine(TrainReport.EpochLine(run, runs, s.Epochs, r)));

        TrainResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new TimeLeftColumn())
            .Start(ctx =>
            {
                var bars = Enumerable.Range(0, runs).Select(f => ctx.AddTask(Label(f, runs, 1, s.Epochs, null), maxValue: s.Epochs)).ToArray();
                result = train((run, r) =>
                {
                    bars[run].Value = r.Epoch + 1;
                    bars[run].Description = Label(run, runs, Math.Min(r.Epoch + 2, s.Epochs), s.Epochs, r.MeanLoss);
                });
                if (result.Interrupted is null)
                    foreach (var bar in bars) bar.Value = bar.MaxValue;
                foreach (var bar in bars) bar.StopTask();
            });
        return result!;
    }

    /// <summary>"fold 2  epoch 3/50  loss 0.1234": the epoch running (the last when done) and the last epoch's loss.</summary>
    private static string Label(int run, int runs, int epoch, int epochs, double? loss) =>
        (runs > 1 ? $"fold {run + 1}  " : "") + $"epoch {epoch.ToString(C)}/{epochs.ToString(C)}" +
        (loss is { } l ? $"  loss {l.ToString("F4", C)}" : "");

    /// <summary>"left 0:12" (h:mm:ss from an hour), from the task's speed; "left -:--" before it has one.</summary>
    private sealed class TimeLeftColumn : ProgressColumn
    {
        protected override bool NoWrap => true;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (task.IsFinished) return task.Value < task.MaxValue ? new Text("stopped", new Style(Color.Yellow)) : new Text("done", new Style(Color.Green));
            return new Text("left " + (task.RemainingTime is { } left ? Format(left) : "-:--"), new Style(Color.Blue));
        }

        public override int? GetColumnWidth(RenderOptions options) => "left 00:00:00".Length;

        private static string Format(TimeSpan t) => t.TotalHours >= 1
            ? ((int)t.TotalHours).ToString(C) + t.ToString(@"\:mm\:ss", C)
            : ((int)t.TotalMinutes).ToString(C) + t.ToString(@"\:ss", C);
    }
}
