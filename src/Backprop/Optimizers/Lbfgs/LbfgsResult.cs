namespace Backprop;

/// <summary>Why an L-BFGS run ended.</summary>
public enum LbfgsStopReason
{
    /// <summary>Converged: max |∂f/∂θ| ≤ <see cref="LbfgsOptions.GradientTolerance"/> (scipy's
    /// "NORM_OF_PROJECTED_GRADIENT_&lt;=_PGTOL").</summary>
    GradientTolerance,

    /// <summary>Converged: the last iteration lowered f by no more than
    /// <see cref="LbfgsOptions.RelativeReductionTolerance"/>·max(|f_old|, |f|, 1) (scipy's
    /// "REL_REDUCTION_OF_F_&lt;=_FACTR*EPSMCH").</summary>
    RelativeReduction,

    /// <summary><see cref="LbfgsOptions.MaxIterations"/> iterations ran.</summary>
    MaxIterations,

    /// <summary>More than <see cref="LbfgsOptions.MaxEvaluations"/> evaluations were made.</summary>
    MaxEvaluations,

    /// <summary>Even along −∇f the line search found no acceptable step within
    /// <see cref="LbfgsOptions.MaxLineSearchEvaluations"/> evaluations, or −∇f was not a descent direction (rounding
    /// dominates); the weights are those of the last accepted iterate (scipy's "ABNORMAL_TERMINATION_IN_LNSRCH").</summary>
    LineSearchFailed,

    /// <summary>The cancellation token stopped it between two iterations; only the result of an
    /// <see cref="LbfgsCanceledException"/> has this reason.</summary>
    Canceled,
}

/// <summary>What one L-BFGS iteration reached, reported to an <see cref="IProgress{T}"/> as it ends.</summary>
/// <param name="Iteration">The 1-based number of the iteration.</param>
/// <param name="Evaluations">The evaluations of f and ∇f so far, the first included.</param>
/// <param name="Loss">f at the new iterate: the mean loss plus the L2 penalty.</param>
/// <param name="GradientNorm">max |∂f/∂θ| there.</param>
/// <param name="Step">The step length α the line search accepted along the direction.</param>
public sealed record LbfgsIteration(int Iteration, int Evaluations, double Loss, double GradientNorm, double Step);

/// <summary>The outcome of an L-BFGS run; the network holds the weights of its last accepted iterate.</summary>
public sealed class LbfgsResult
{
    internal LbfgsResult(int iterations, int evaluations, IReadOnlyList<double> losses, double gradientNorm,
        LbfgsStopReason stopReason, int restarts, int skippedUpdates)
    {
        Iterations = iterations;
        Evaluations = evaluations;
        Losses = losses;
        GradientNorm = gradientNorm;
        StopReason = stopReason;
        Restarts = restarts;
        SkippedUpdates = skippedUpdates;
    }

    /// <summary>The iterations run: line searches that found a step (scikit-learn's n_iter_, scipy's nit).</summary>
    public int Iterations { get; }

    /// <summary>The evaluations of f and ∇f, the first included (scipy's nfev).</summary>
    public int Evaluations { get; }

    /// <summary>f at the starting weights, then after each iteration: <see cref="Iterations"/> + 1 values.</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>The final f: the mean loss plus the L2 penalty (scikit-learn's loss_).</summary>
    public double Loss => Losses[^1];

    /// <summary>max |∂f/∂θ| at the final weights.</summary>
    public double GradientNorm { get; }

    /// <summary>Why the run ended.</summary>
    public LbfgsStopReason StopReason { get; }

    /// <summary>How often a line search failed and the pairs were forgotten to start again from −∇f.</summary>
    public int Restarts { get; }

    /// <summary>How many new pairs were left out because their curvature sᵀy was not positive enough
    /// (sᵀy ≤ ε·|sᵀ∇f_old|, ε = 2⁻⁵²).</summary>
    public int SkippedUpdates { get; }
}
