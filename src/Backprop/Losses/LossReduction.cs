namespace Backprop;

/// <summary>How a batch's per-sample losses combine into the loss whose gradient a step follows.</summary>
public enum LossReduction
{
    /// <summary>E = Σ over the samples (the default of <see cref="Network.TrainStep(MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, Optimizer, LossReduction, int)"/>).</summary>
    Sum,

    /// <summary>E = (1/B)·Σ over the B samples (what <see cref="Trainer"/> uses for mini-batches).</summary>
    Mean,
}
