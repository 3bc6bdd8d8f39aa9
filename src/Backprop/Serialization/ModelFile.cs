using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Saves and loads networks as JSON model files: a format name and version, the input size, the loss, each
/// layer's activation, bias mode, weights (rows = neurons) and bias, and optional metadata. Doubles are written in
/// their shortest round-trip form, so a loaded network predicts bit for bit as the saved one.
/// </summary>
/// <remarks>
/// <code>
/// { "format": "backprop-model", "version": 1, "inputSize": 2, "loss": "half-squared-error",
///   "layers": [ { "activation": "sigmoid", "biasMode": "frozen",
///                 "weights": [[0.15, 0.2], [0.25, 0.3]], "bias": [0.35, 0.35] }, … ],
///   "metadata": { "seed": 1, "epochs": 20, … } }
/// </code>
/// A leaky ReLU layer also has <c>"alpha"</c>, and a hidden layer with dropout <c>"dropout"</c> (its rate p in
/// [0, 1), written only when not 0). A float32 network's file has <c>"precision": "float32"</c> after the version
/// (see <see cref="PrecisionFloat32"/>). Loading checks everything and names the JSON path of any problem.
/// </remarks>
public static class ModelFile
{
    /// <summary>The value of the top-level <c>"precision"</c> field of a float32 network's file. A file without
    /// the field (every float64 file, and every file older than precisions) is float64. A float32 file's weights
    /// and biases are written as the shortest text of each float and load bit for bit into a float32 network; a
    /// value there that is not a float (more digits than a float holds, or beyond its range) is refused with its
    /// JSON path.</summary>
    public const string PrecisionFloat32 = "float32";

    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "backprop-model";

    /// <summary>The format version this library writes: 2, which adds a model's task, feature names, scalings and
    /// class or target names to version 1's network. Both versions load.</summary>
    public const int Version = 2;

    /// <summary>
    /// Saves to a file: writes a temporary file in the same folder, then renames it over <paramref name="path"/>, so
    /// an interrupted or failed save never leaves a partial file where the model was (see <see cref="AtomicFile"/>:
    /// one temporary name per target, so the next save clears what a killed one left).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="metadata">Optional metadata.</param>
    /// <exception cref="IOException">The file cannot be written; the message names <paramref name="path"/>.</exception>
    /// <exception cref="InvalidOperationException">The network holds a non-finite weight (nothing is written).</exception>
    public static void Save(Network network, string path, ModelMetadata? metadata = null)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(path, nameof(path));
        network.EnsureFinite();
        AtomicFile.WriteStream(path, stream => Save(network, stream, metadata));
    }

    /// <summary>Writes the model as JSON to a stream (left open).</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">The stream.</param>
    /// <param name="metadata">Optional metadata.</param>
    public static void Save(Network network, Stream stream, ModelMetadata? metadata = null)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(stream, nameof(stream));
        network.EnsureFinite();
        if (metadata?.FinalLoss is { } finalLoss && !double.IsFinite(finalLoss))
            throw new ArgumentException("metadata.FinalLoss must be finite.", nameof(metadata));
        ModelFileWriter.Write(network, stream, metadata);
    }

    /// <summary>Loads a model file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ModelFormatException">The file is not a valid model; the message names the JSON path.</exception>
    public static SavedModel Load(string path)
    {
        Guard.NotNull(path, nameof(path));
        using var stream = File.OpenRead(path);
        return Load(stream);
    }

    /// <summary>Loads a model from a stream.</summary>
    /// <param name="stream">The stream.</param>
    /// <exception cref="ModelFormatException">The content is not a valid model; the message names the JSON path.</exception>
    public static SavedModel Load(Stream stream)
    {
        Guard.NotNull(stream, nameof(stream));
        return ModelFileReader.Read(stream);
    }
}
