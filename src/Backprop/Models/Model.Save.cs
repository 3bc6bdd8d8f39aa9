using Backprop.Internal;

namespace Backprop;

public sealed partial class Model
{
    /// <summary>
    /// Saves the model to one JSON file (format version 2): the task, the feature names, the input scaling, the class
    /// or target names, a regressor's target scaling, the network and the metadata. Doubles are written in their
    /// shortest round-trip form, so the loaded model predicts bit for bit as this one. The file is written beside
    /// the target and renamed over it (<see cref="AtomicFile"/>), so a failed save leaves the old file as it was.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <exception cref="IOException">The file cannot be written; the message names it.</exception>
    public void Save(string path)
    {
        Guard.NotNull(path, nameof(path));
        CheckSavable();
        AtomicFile.WriteStream(path, Save);
    }

    /// <summary>Writes the model as JSON to a stream (left open); see <see cref="Save(string)"/>.</summary>
    /// <param name="stream">The stream.</param>
    public void Save(Stream stream)
    {
        Guard.NotNull(stream, nameof(stream));
        CheckSavable();
        ModelFileWriter.Write(Network, stream, Metadata, this);
    }

    /// <summary>
    /// Loads a model file. Version 2 files give their model as saved; files without a task (version 1, or a network
    /// saved alone with <see cref="ModelFile.Save(Network, string, ModelMetadata?)"/>) give a classifier when the
    /// loss is a cross-entropy or the output a softmax (classes "0", "1", …, or the ones a version-1 file kept in
    /// its metadata) and a regressor otherwise. Everything is checked, and sizes before anything is allocated.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ModelFormatException">The file is not a valid model; the message names the JSON path.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Model Load(string path)
    {
        Guard.NotNull(path, nameof(path));
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads a model from a stream (see <see cref="Load(string)"/>).</summary>
    /// <param name="stream">The stream.</param>
    /// <exception cref="ModelFormatException">The content is not a valid model; the message names the JSON path.</exception>
    public static Model Load(Stream stream)
    {
        Guard.NotNull(stream, nameof(stream));
        return ModelFileReader.ReadAll(stream, modelParts: true).Model!;
    }

    private void CheckSavable()
    {
        if (Metadata?.FinalLoss is { } finalLoss && !double.IsFinite(finalLoss))
            throw new InvalidOperationException("Metadata.FinalLoss is not finite; a model file holds finite numbers only.");
    }
}
