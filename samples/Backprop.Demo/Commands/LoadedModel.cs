namespace Backprop.Demo.Commands;

/// <summary>
/// A model file saved by <c>train --save</c>, read for <c>predict</c> and <c>export-onnx</c> with
/// <see cref="Model.Load(string)"/>, which checks everything in it (version 1 files, with the classes and scaling
/// the old <c>train</c> packed into their metadata, load too). A missing file, a folder, or a file that is not a
/// valid model is an exception naming the option and the file, then the problem and its JSON path.
/// </summary>
public static class LoadedModel
{
    /// <summary>Reads the model file <paramref name="path"/>, given as <paramref name="option"/>.</summary>
    public static Model Load(string path, string option = "--model")
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw new ArgumentException($"{option} {path}: is a folder; give a model file saved by train --save.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{option} {path}: no such file.", path);
        try
        {
            return Model.Load(path);
        }
        catch (ModelFormatException e)
        {
            throw new ArgumentException($"{option} {path}: {Cli.Message(e)}", e);
        }
    }
}
