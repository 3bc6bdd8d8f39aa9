namespace Backprop;

/// <summary>A model file that cannot be read; names the problem and its JSON path (such as <c>$.layers[1].weights[0][2]</c>).</summary>
public sealed class ModelFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The JSON path of the problem.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ModelFormatException(string path, string problem, Exception? inner = null)
        : base($"Model file, {path}: {Plain(problem)}", inner)
    {
        JsonPath = path;
    }

    /// <summary>A library message without .NET's argument tails (" (Parameter 'x')", "Actual value was …"), which
    /// name our parameters, not the file's fields.</summary>
    private static string Plain(string problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        int tail = problem.IndexOf(" (Parameter '", StringComparison.Ordinal);
        if (tail < 0) tail = problem.IndexOf("\nActual value was", StringComparison.Ordinal);
        return tail < 0 ? problem : problem[..tail].TrimEnd();
    }

    /// <summary>The JSON path of the problem ($ is the document).</summary>
    public string JsonPath { get; }
}
