using System.Globalization;

namespace Backprop.Onnx;

/// <summary>
/// The sizes <see cref="OnnxImport"/> accepts, checked before anything of that size is allocated: a file beyond them
/// fails at once with an <see cref="OnnxFormatException"/>, so an untrusted file cannot make the importer take
/// more than a bounded amount of memory (about the file's size for its bytes and their parse, plus the network).
/// </summary>
public sealed record OnnxImportLimits
{
    /// <summary>256 MiB: a float32 network of 64 million parameters; Backprop's networks are far smaller.</summary>
    public const long DefaultMaxBytes = 256L << 20;

    /// <summary>1000 layers: far beyond any feed-forward network Backprop trains.</summary>
    public const int DefaultMaxLayers = 1000;

    /// <summary>10,000 nodes: ten per layer at the layer limit.</summary>
    public const int DefaultMaxNodes = 10_000;

    /// <summary>2²⁵ ≈ 33.5 million weights and biases: 256 MiB as Backprop's doubles.</summary>
    public const long DefaultMaxParameters = 1L << 25;

    private readonly long _maxBytes = DefaultMaxBytes;
    private readonly int _maxLayers = DefaultMaxLayers;
    private readonly int _maxNodes = DefaultMaxNodes;
    private readonly long _maxParameters = DefaultMaxParameters;

    /// <summary>The limits used when none are given.</summary>
    public static OnnxImportLimits Default { get; } = new();

    /// <summary>The largest file (or stream) read, in bytes: from 1 to <see cref="Array.MaxLength"/>; default
    /// <see cref="DefaultMaxBytes"/>. A longer file is refused before it is read.</summary>
    public long MaxBytes
    {
        get => _maxBytes;
        init => _maxBytes = value >= 1 && value <= Array.MaxLength ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxBytes), value, string.Create(CultureInfo.InvariantCulture, $"MaxBytes must be in [1, {Array.MaxLength}]."));
    }

    /// <summary>The most dense layers (Gemm or MatMul nodes) a graph may hold: at least 1; default <see cref="DefaultMaxLayers"/>.</summary>
    public int MaxLayers
    {
        get => _maxLayers;
        init => _maxLayers = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxLayers), value, "MaxLayers must be at least 1.");
    }

    /// <summary>The most nodes a graph may hold (Constant nodes included): at least 1; default <see cref="DefaultMaxNodes"/>.</summary>
    public int MaxNodes
    {
        get => _maxNodes;
        init => _maxNodes = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxNodes), value, "MaxNodes must be at least 1.");
    }

    /// <summary>The most values one tensor may declare, and the most weights and biases all layers together may
    /// hold: at least 1; default <see cref="DefaultMaxParameters"/>.</summary>
    public long MaxParameters
    {
        get => _maxParameters;
        init => _maxParameters = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxParameters), value, "MaxParameters must be at least 1.");
    }
}
