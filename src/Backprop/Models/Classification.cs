namespace Backprop;

/// <summary>The class a <see cref="Model"/> gives one sample.</summary>
/// <param name="Index">The class's index: its output (target row) and its place in <see cref="Model.ClassNames"/>.</param>
/// <param name="Label">The class's name.</param>
/// <param name="Probability">The winning output: the class's probability when the output layer is a softmax (or,
/// for one sigmoid output, p for class 1 and 1 − p for class 0); the raw output value for other output layers.</param>
public readonly record struct Classification(int Index, string Label, double Probability);
