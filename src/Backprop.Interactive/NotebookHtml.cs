using Backprop.Visualization;

namespace Backprop.Interactive;

/// <summary>
/// HTML fragments of Backprop's objects for a notebook cell: what the formatters of <see cref="BackpropFormatters"/>
/// show, to call directly as well (for example with class names for a confusion matrix). Every fragment is
/// self-contained (inline styles and SVG, no network request; the only script is the trace's explainer page, inside
/// a sandboxed frame), prints numbers in the invariant culture
/// with ten significant digits, and escapes every text that comes from data.
/// </summary>
public static class NotebookHtml
{
    /// <summary>One training step: the explainer page of <see cref="TraceHtml"/> inline (the network as a picture, the
    /// stages of the step, each weight's chain rule and each neuron's numbers, in a sandboxed frame that runs only the
    /// page's own script), then, folded below it, the same numbers as tables with the blog's labels for one hidden
    /// layer (i1, h1, o1, w1..w8, b1, b2; generic ones beyond, see <see cref="TraceNames"/>): the forward pass (net,
    /// out), the loss term by term, the backward pass (∂E/∂out, ∂out/∂net, δ = ∂E/∂net), every weight before, its
    /// ∂E/∂w (and finite difference when recorded) and after, and the biases.</summary>
    /// <param name="trace">The step.</param>
    /// <exception cref="ArgumentNullException"><paramref name="trace"/> is null.</exception>
    public static string Render(StepTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var options = new TraceHtmlOptions();
        return HtmlText.Frame(TraceHtml.Render(trace, options), options.Title)
            + "<details><summary>Every number of the step as tables</summary>" + TraceTablesHtml.Render(trace) + "</details>";
    }

    /// <summary>A network: its shape, trainable parameters and loss, then a table per layer with a row per neuron
    /// (its weights from each input, W being outputs × inputs, and its bias); at most 16 neurons and 16 inputs of a
    /// layer are listed, then "…".</summary>
    /// <param name="network">The network.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    public static string Render(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return NetworkHtml.Render(network);
    }

    /// <summary>A training run: the number of epochs and why it ended, the loss curve as SVG (the mean loss per sample
    /// and the validation loss per epoch, on a log axis when the loss spans more than a factor of 100), and a table
    /// of the epochs (the first and last five of a run of more than ten).</summary>
    /// <param name="history">The history that <see cref="Trainer"/> returned.</param>
    /// <exception cref="ArgumentNullException"><paramref name="history"/> is null.</exception>
    public static string Render(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return HistoryHtml.Render(history);
    }

    /// <summary>A confusion matrix: the accuracy, the counts (rows actual, columns predicted) and each class's
    /// precision, recall and support.</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="classNames">A name per class, in class order (default: the class numbers 0, 1, …).</param>
    /// <exception cref="ArgumentNullException"><paramref name="matrix"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="classNames"/> does not have one name per class.</exception>
    public static string Render(ConfusionMatrix matrix, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return ConfusionHtml.Render(matrix, classNames);
    }
}
