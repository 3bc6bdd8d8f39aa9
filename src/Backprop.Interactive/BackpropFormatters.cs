using Microsoft.DotNet.Interactive.Formatting;

namespace Backprop.Interactive;

/// <summary>
/// The .NET Interactive formatters of Backprop's objects: a cell whose value is a <see cref="StepTrace"/>, a
/// <see cref="Network"/>, a <see cref="TrainingHistory"/> or a <see cref="ConfusionMatrix"/> shows it as the HTML of
/// <see cref="NotebookHtml"/>. Adding the package to a notebook (<c>#r "nuget: Backprop.Interactive"</c>) calls
/// <see cref="Register"/> by itself, through the package's extension script.
/// </summary>
public static class BackpropFormatters
{
    /// <summary>The MIME type the formatters write.</summary>
    public const string MimeType = "text/html";

    /// <summary>Registers the four formatters with the notebook's <see cref="Formatter"/> (for <see cref="MimeType"/>).
    /// Calling it again registers them again, which changes nothing that is shown.</summary>
    public static void Register()
    {
        Formatter.Register<StepTrace>(NotebookHtml.Render, MimeType);
        Formatter.Register<Network>(NotebookHtml.Render, MimeType);
        Formatter.Register<TrainingHistory>(NotebookHtml.Render, MimeType);
        Formatter.Register<ConfusionMatrix>(m => NotebookHtml.Render(m), MimeType);
    }
}
