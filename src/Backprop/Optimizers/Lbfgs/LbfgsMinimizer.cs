using Backprop.Internal;

namespace Backprop;

/// <summary>A smooth function of a parameter vector, as L-BFGS sees it.</summary>
internal interface ILbfgsObjective
{
    /// <summary>f(x), writing ∇f(x) into <paramref name="gradient"/>; x is finite (the minimizer checks it), f and
    /// ∇f may come back non-finite (the minimizer checks them).</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>How messages name parameter <paramref name="index"/>, e.g. "layers[0].Weights[1, 2]".</summary>
    string Name(int index);
}

/// <summary>
/// L-BFGS as scipy's L-BFGS-B runs it on a problem without bounds (Byrd, Lu, Nocedal and Zhu 1995; Morales and
/// Nocedal 2011), so that it takes the same steps: the direction d = −H∇f from the last m pairs
/// (<see cref="LbfgsMemory"/>); the first iteration steps α₀ = 1/‖d‖₂ along −∇f, later ones start at α₀ = 1; the
/// Moré–Thuente search (<see cref="MoreThuenteLineSearch"/>, xtol 0.1, α ∈ [0, 10¹⁰]) accepts the last step it
/// evaluates; a pair with sᵀy ≤ ε·(−sᵀ∇f_old) is not stored; a failed search forgets the pairs and tries −∇f again.
/// </summary>
internal static class LbfgsMinimizer
{
    /// <summary>The largest step a search may take: L-BFGS-B's bound without constraints.</summary>
    private const double MaxStep = 1e10;

    /// <summary>dcsrch's xtol as L-BFGS-B calls it: a bracket narrower than 10 % of its upper end ends the search.</summary>
    private const double StepTolerance = 0.1;

    /// <summary>L-BFGS-B's epsmch (2⁻⁵², twice LAPACK's unit roundoff), the relative size below which sᵀy is taken
    /// as no curvature at all.</summary>
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>Minimizes from <paramref name="x"/>, which holds the last accepted iterate on return and also when an
    /// exception leaves (a non-finite value, cancellation).</summary>
    /// <exception cref="TrainingDivergedException">f or ∇f is not finite, or a trial point is not.</exception>
    /// <exception cref="LbfgsCanceledException">The token was cancelled.</exception>
    public static LbfgsResult Minimize(ILbfgsObjective objective, double[] x, LbfgsOptions options,
        IProgress<LbfgsIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        int n = x.Length;
        double[] xk = (double[])x.Clone(), gk = new double[n], xt = new double[n], gt = new double[n], d = new double[n];
        var memory = new LbfgsMemory(options.HistorySize, n);
        var search = new MoreThuenteLineSearch(options.SufficientDecrease, options.Curvature, StepTolerance, 0, MaxStep);
        var losses = new List<double>();
        int iterations = 0, evaluations = 0, restarts = 0, skipped = 0;
        LbfgsResult Result(LbfgsStopReason reason) =>
            new(iterations, evaluations, losses.ToArray(), Kernels.MaxMagnitude(gk), reason, restarts, skipped);

        try
        {
            double f = Evaluate(objective, xk, gk, iterations, ++evaluations);
            losses.Add(f);
            if (Kernels.MaxMagnitude(gk) <= options.GradientTolerance) return Result(LbfgsStopReason.GradientTolerance);
            while (true)
            {
                if (cancellationToken.IsCancellationRequested)
                    throw new LbfgsCanceledException(Result(LbfgsStopReason.Canceled), cancellationToken);
                memory.Direction(gk, d);
                double slope = Slope(gk, d, iterations, evaluations);
                if (!(slope < 0))
                {
                    // Not a descent direction: rounding has spoiled H (or ∇f itself is lost in it).
                    if (memory.Count == 0) return Result(LbfgsStopReason.LineSearchFailed);
                    memory.Clear();
                    restarts++;
                    continue;
                }
                search.Start(f, slope, iterations == 0 ? Math.Min(1 / Math.Sqrt(LbfgsMemory.Dot(d, d)), MaxStep) : 1);
                double ft = f;
                var status = LineSearchStatus.Evaluate;
                for (int tries = 0; status == LineSearchStatus.Evaluate; tries++)
                {
                    if (tries == options.MaxLineSearchEvaluations) break;
                    double alpha = search.Step;
                    for (int i = 0; i < n; i++) xt[i] = xk[i] + alpha * d[i];
                    ft = Evaluate(objective, xt, gt, iterations, ++evaluations);
                    status = search.Next(ft, Slope(gt, d, iterations, evaluations));
                }
                if (status == LineSearchStatus.Evaluate)
                {
                    // The search ran out of evaluations: forget the pairs and go down −∇f, unless that was the direction.
                    if (memory.Count == 0) return Result(LbfgsStopReason.LineSearchFailed);
                    memory.Clear();
                    restarts++;
                    continue;
                }

                (xk, xt) = (xt, xk);
                (gk, gt) = (gt, gk);
                double previous = f;
                f = ft;
                iterations++;
                losses.Add(f);
                double gradientNorm = Kernels.MaxMagnitude(gk);
                progress?.Report(new LbfgsIteration(iterations, evaluations, f, gradientNorm, search.Step));

                if (gradientNorm <= options.GradientTolerance) return Result(LbfgsStopReason.GradientTolerance);
                double scale = Math.Max(Math.Max(Math.Abs(previous), Math.Abs(f)), 1);
                if (previous - f <= options.RelativeReductionTolerance * scale) return Result(LbfgsStopReason.RelativeReduction);
                if (iterations >= options.MaxIterations) return Result(LbfgsStopReason.MaxIterations);
                if (evaluations > options.MaxEvaluations) return Result(LbfgsStopReason.MaxEvaluations);
                if (!memory.TryPush(search.Step, d, gk, gt, Epsilon * -(slope * search.Step))) skipped++;
            }
        }
        finally
        {
            xk.CopyTo(x, 0);
        }
    }

    /// <summary>∇fᵀd, checked finite (it overflows before ∇f and d do).</summary>
    private static double Slope(double[] gradient, double[] direction, int iteration, int evaluation)
    {
        double slope = LbfgsMemory.Dot(gradient, direction);
        if (!double.IsFinite(slope))
            throw TrainingDivergedException.Lbfgs($"the slope ∇fᵀd along the search direction is {Finite.Describe(slope)}", iteration, evaluation);
        return slope;
    }

    /// <summary>f and ∇f at a point, each checked finite; the point is checked first.</summary>
    private static double Evaluate(ILbfgsObjective objective, double[] point, double[] gradient, int iteration, int evaluation)
    {
        int bad = Kernels.FirstNonFinite(point);
        if (bad >= 0)
            throw TrainingDivergedException.Lbfgs($"the line search's trial point makes {objective.Name(bad)} {Finite.Describe(point[bad])}", iteration, evaluation);
        double f = objective.Evaluate(point, gradient);
        if (!double.IsFinite(f)) throw TrainingDivergedException.Lbfgs($"the loss is {Finite.Describe(f)}", iteration, evaluation);
        bad = Kernels.FirstNonFinite(gradient);
        if (bad >= 0)
            throw TrainingDivergedException.Lbfgs($"∂f/∂{objective.Name(bad)} is {Finite.Describe(gradient[bad])}", iteration, evaluation);
        return f;
    }
}
