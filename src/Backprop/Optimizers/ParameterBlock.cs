namespace Backprop;

/// <summary>One block of parameters as an update rule sees it: the values, their gradient ∂E/∂θ (with any weight
/// decay already added) and the rule's state arrays for them, all of one length.</summary>
public readonly ref struct ParameterBlock
{
    private readonly double[][] _state;
    private readonly int _first;

    internal ParameterBlock(double[] values, double[] gradient, OptimizerState state, int block, bool isWeights)
    {
        IsWeights = isWeights;
        Values = values;
        Gradient = gradient;
        _state = state.ArraysOf<double>();
        _first = block * state.PerBlock;
        StateCount = state.PerBlock;
    }

    /// <summary>The parameters, updated in place.</summary>
    public Span<double> Values { get; }

    /// <summary>∂E/∂θ for each value.</summary>
    public ReadOnlySpan<double> Gradient { get; }

    /// <summary>Whether the block is a layer's weights W (true) or its bias b (false); weight decay applies to weights
    /// only.</summary>
    public bool IsWeights { get; }

    /// <summary>The number of state arrays the rule asked for.</summary>
    public int StateCount { get; }

    /// <summary>State array <paramref name="index"/> (0-based), zeros before the first update.</summary>
    /// <param name="index">From 0 to <see cref="StateCount"/> − 1.</param>
    public Span<double> State(int index)
    {
        if ((uint)index >= (uint)StateCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The rule keeps {StateCount} state arrays per block.");
        return _state[_first + index];
    }
}

/// <summary>One block of a float32 network's parameters as an update rule sees it (see <see cref="ParameterBlock"/>):
/// the values, their gradient and the rule's state arrays, as floats.</summary>
public readonly ref struct ParameterBlockSingle
{
    private readonly float[][] _state;
    private readonly int _first;

    internal ParameterBlockSingle(float[] values, float[] gradient, OptimizerState state, int block, bool isWeights)
    {
        IsWeights = isWeights;
        Values = values;
        Gradient = gradient;
        _state = state.ArraysOf<float>();
        _first = block * state.PerBlock;
        StateCount = state.PerBlock;
    }

    /// <summary>The parameters, updated in place.</summary>
    public Span<float> Values { get; }

    /// <summary>∂E/∂θ for each value.</summary>
    public ReadOnlySpan<float> Gradient { get; }

    /// <summary>Whether the block is a layer's weights W (true) or its bias b (false).</summary>
    public bool IsWeights { get; }

    /// <summary>The number of state arrays the rule asked for.</summary>
    public int StateCount { get; }

    /// <summary>State array <paramref name="index"/> (0-based), zeros before the first update.</summary>
    /// <param name="index">From 0 to <see cref="StateCount"/> − 1.</param>
    public Span<float> State(int index)
    {
        if ((uint)index >= (uint)StateCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The rule keeps {StateCount} state arrays per block.");
        return _state[_first + index];
    }
}

/// <summary>What an update rule needs to know of the step.</summary>
/// <param name="LearningRate">η in force (after the schedule).</param>
/// <param name="Count">t, the 1-based count of updates this optimizer has made to this network.</param>
public readonly record struct UpdateStep(double LearningRate, long Count);

/// <summary>An optimizer's state for one network: the step count and the state arrays of each block.</summary>
internal sealed class OptimizerState
{
    public OptimizerState(Optimizer owner, Network network, int perBlock)
    {
        Owner = owner;
        PerBlock = perBlock;
        Schedule = owner.Schedule.CreateState(owner.LearningRate);
        if (network.Precision == Precision.Float32) _single = Make<float>(network.LayerArray, perBlock);
        else _double = Make<double>(network.LayerArray, perBlock);
    }

    private readonly double[][]? _double;
    private readonly float[][]? _single;

    private static T[][] Make<T>(DenseLayer[] layers, int perBlock)
    {
        var arrays = new T[2 * layers.Length * perBlock][];
        for (int l = 0; l < layers.Length; l++)
            for (int s = 0; s < perBlock; s++)
            {
                arrays[2 * l * perBlock + s] = new T[layers[l].OutputSize * layers[l].InputSize];
                arrays[(2 * l + 1) * perBlock + s] = new T[layers[l].OutputSize];
            }
        return arrays;
    }

    public Optimizer Owner { get; }

    public int PerBlock { get; }

    public long Steps { get; set; }

    /// <summary>The state of a schedule that follows the losses (<see cref="ReduceOnPlateau"/>), or null.</summary>
    public ScheduleState? Schedule { get; }

    /// <summary>The state arrays of each block, in the network's precision <typeparamref name="T"/>.</summary>
    public T[][] ArraysOf<T>() => typeof(T) == typeof(double)
        ? System.Runtime.CompilerServices.Unsafe.As<T[][]>(_double!)
        : System.Runtime.CompilerServices.Unsafe.As<T[][]>(_single!);
}
