namespace Backprop;

/// <summary>A model file that cannot be read; names the problem and its JSON path (such as <c>$.layers[1].weights[0][2]</c>).</summary>
public sealed class ModelFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The JSON path of the problem.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public ModelFormatException(string path, string problem, Exception? inner = null)
        : base($"Model file, {path}: {problem}", inner)
    {
        JsonPath = path;
    }

    /// <summary>The JSON path of the problem ($ is the document).</summary>
    public string JsonPath { get; }
}
