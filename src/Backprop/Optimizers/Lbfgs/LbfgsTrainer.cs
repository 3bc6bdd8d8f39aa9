using System.Globalization;
using Backprop.Internal;
using MathNet.Numerics.LinearAlgebra;

namespace Backprop;

/// <summary>
/// Full-batch training by L-BFGS, scikit-learn's recommended solver for small data sets
/// (<c>MLPClassifier(solver='lbfgs')</c>): a quasi-Newton method that minimizes, over every weight and trainable
/// bias θ as one vector,
/// <code>f(θ) = (1/n)·Σₛ E(xₛ, tₛ) + (λ/2)·Σ W²</code>
/// (the mean of the network's loss over the n samples, plus the L2 penalty on the weights only; λ =
/// <see cref="LbfgsOptions.WeightDecay"/>); with <see cref="Dataset.SampleWeights"/> wₛ the mean is
/// Σₛ wₛ·Eₛ / Σₛ wₛ. Each iteration takes the direction d = −H·∇f and a step α along it.
/// </summary>
/// <remarks>
/// <para><b>Direction.</b> H approximates the inverse Hessian from the last m pairs sᵢ = θᵢ₊₁ − θᵢ,
/// yᵢ = ∇fᵢ₊₁ − ∇fᵢ (m = <see cref="LbfgsOptions.HistorySize"/>), applied by the two-loop recursion (Nocedal and
/// Wright, Numerical Optimization, Algorithm 7.4): q ← ∇f; for i newest to oldest αᵢ = ρᵢsᵢᵀq, q ← q − αᵢyᵢ with
/// ρᵢ = 1/(yᵢᵀsᵢ); r ← H₀q with H₀ = (sᵀy / yᵀy)·I of the newest pair (I before the first); for i oldest to newest
/// βᵢ = ρᵢyᵢᵀr, r ← r + sᵢ(αᵢ − βᵢ); d = −r. A pair whose sᵀy ≤ 2⁻⁵²·|sᵀ∇f_old| is not kept (H stays positive
/// definite).</para>
/// <para><b>Step.</b> The Moré–Thuente line search (MINPACK-2's dcsrch) finds α meeting the strong Wolfe conditions
/// f(θ + αd) ≤ f(θ) + c₁α∇fᵀd and |∇f(θ + αd)ᵀd| ≤ c₂|∇fᵀd|, c₁ = <see cref="LbfgsOptions.SufficientDecrease"/>
/// (1e-3), c₂ = <see cref="LbfgsOptions.Curvature"/> (0.9), by safeguarded cubic and quadratic interpolation. The
/// first trial is α = 1/‖∇f‖₂ in the first iteration (along −∇f), α = 1 after. A search that needs more than
/// <see cref="LbfgsOptions.MaxLineSearchEvaluations"/> evaluations forgets the pairs and starts again from −∇f.</para>
/// <para><b>Stopping.</b> max |∂f/∂θ| ≤ <see cref="LbfgsOptions.GradientTolerance"/>; f_old − f ≤
/// <see cref="LbfgsOptions.RelativeReductionTolerance"/>·max(|f_old|, |f|, 1); <see cref="LbfgsOptions.MaxIterations"/>;
/// more than <see cref="LbfgsOptions.MaxEvaluations"/> evaluations. These are scipy's L-BFGS-B rules without bounds,
/// with scikit-learn's defaults, and the steps are L-BFGS-B's, so from the same weights a run follows scikit-learn's
/// (set <see cref="LbfgsOptions.WeightDecay"/> = alpha / n). With a softmax output and categorical cross-entropy,
/// E is scikit-learn's log-loss.</para>
/// <para>Each evaluation runs all n samples forward and backward as one batch. The results are bit-identical on
/// every run and for any <see cref="Parallelism.MaxThreads"/>. A trainer holds only its settings; training a
/// network is one thread's at a time.</para>
/// </remarks>
public sealed class LbfgsTrainer
{
    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The settings; scikit-learn's defaults (<c>new LbfgsOptions()</c>) when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="LbfgsOptions.Curvature"/> is not above
    /// <see cref="LbfgsOptions.SufficientDecrease"/>.</exception>
    public LbfgsTrainer(LbfgsOptions? options = null)
    {
        Options = options ?? new LbfgsOptions();
        Options.Check();
    }

    /// <summary>The settings.</summary>
    public LbfgsOptions Options { get; }

    /// <summary>Trains <paramref name="network"/> in place on every sample of <paramref name="training"/> at once.</summary>
    /// <param name="network">The network; it ends with the weights of the last accepted iterate.</param>
    /// <param name="training">The training data.</param>
    /// <param name="progress">Receives a report at the end of each iteration.</param>
    /// <param name="cancellationToken">Checked before each iteration; see <see cref="LbfgsCanceledException"/>.</param>
    /// <returns>The iterations and evaluations made, the loss after each iteration, and why the run stopped.</returns>
    /// <exception cref="ArgumentException">A shape does not fit, a value is not finite, a target does not suit the
    /// loss, there are no samples, the sample weights sum to infinity, or a layer has dropout; nothing was trained.</exception>
    /// <exception cref="TrainingDivergedException">The loss or a gradient became non-finite; the network holds the
    /// weights of the last accepted iterate (the starting weights when it happened at the first evaluation).</exception>
    /// <exception cref="LbfgsCanceledException">The token was cancelled; the network holds the last accepted iterate.</exception>
    public LbfgsResult Train(Network network, Dataset training, IProgress<LbfgsIteration>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Guard.NotNull(network, nameof(network));
        Guard.NotNull(training, nameof(training));
        var weights = LossWeights.PerSample(training, null, nameof(training));
        return Train(network, training.Inputs, training.Targets, weights, nameof(training), progress, cancellationToken);
    }

    /// <summary>Trains on samples held one per column; see <see cref="Train(Network, Dataset, IProgress{LbfgsIteration}?, CancellationToken)"/>.</summary>
    /// <param name="network">The network; it ends with the weights of the last accepted iterate.</param>
    /// <param name="inputs">The samples, inputs × samples.</param>
    /// <param name="targets">The targets, outputs × samples.</param>
    /// <param name="progress">Receives a report at the end of each iteration.</param>
    /// <param name="cancellationToken">Checked before each iteration.</param>
    public LbfgsResult Train(Network network, Matrix<double> inputs, Matrix<double> targets,
        IProgress<LbfgsIteration>? progress = null, CancellationToken cancellationToken = default) =>
        Train(network, inputs, targets, null, nameof(inputs), progress, cancellationToken);

    private LbfgsResult Train(Network network, Matrix<double> inputs, Matrix<double> targets, double[]? weights, string name,
        IProgress<LbfgsIteration>? progress, CancellationToken cancellationToken)
    {
        Guard.NotNull(network, nameof(network));
        var x = Inputs.Batch(network, inputs, name);
        var t = Inputs.Targets(network, targets, name == nameof(inputs) ? nameof(targets) : name, inputs);
        if (inputs.ColumnCount == 0) throw new ArgumentException("There are no samples to train on.", name);
        int dropped = Array.FindIndex(network.LayerArray, l => l.Dropout != 0);
        if (dropped >= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"layers[{dropped}] has dropout {network.LayerArray[dropped].Dropout:R}, but L-BFGS needs one fixed objective for its line searches and curvature pairs; train without dropout (0) or with Trainer and an optimizer."),
                nameof(network));
        network.ThrowIfDiverged();

        var objective = NetworkObjective.For(network, x, t, inputs.ColumnCount, Options.WeightDecay, weights);
        var theta = objective.Pack();
        try
        {
            return LbfgsMinimizer.Minimize(objective, theta, Options, progress, cancellationToken);
        }
        finally
        {
            // The minimizer leaves θ at the last accepted iterate, also when it throws: the layers get exactly it.
            objective.Unpack(theta);
            objective.Finish();
        }
    }
}
