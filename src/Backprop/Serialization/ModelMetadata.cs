namespace Backprop;

/// <summary>Optional facts saved with a model: how it was trained and when.</summary>
public sealed record ModelMetadata
{
    /// <summary>A free description.</summary>
    public string? Description { get; init; }

    /// <summary>The seed the network was created or trained with.</summary>
    public int? Seed { get; init; }

    /// <summary>The number of epochs trained.</summary>
    public int? Epochs { get; init; }

    /// <summary>The last training loss.</summary>
    public double? FinalLoss { get; init; }

    /// <summary>When the model was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>The training options, as name → value text (for example "optimizer" → "adam").</summary>
    public IReadOnlyDictionary<string, string>? Training { get; init; }
}

/// <summary>A network read from a model file, with its metadata.</summary>
/// <param name="Network">The network.</param>
/// <param name="Metadata">The metadata, or null when the file has none.</param>
public sealed record SavedModel(Network Network, ModelMetadata? Metadata);
