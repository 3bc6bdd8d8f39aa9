using Backprop.Internal;

namespace Backprop;

/// <summary>
/// Settings of <see cref="LbfgsTrainer"/>, each checked when it is set. The defaults are those of scikit-learn's
/// <c>MLPClassifier(solver='lbfgs')</c> and of the L-BFGS-B it calls through scipy: 200 iterations, 15,000
/// evaluations, m = 10 pairs, stop when max |∂f/∂θ| ≤ 1e-4 or when f falls by no more than 2.22e-9 relative, a
/// Moré–Thuente line search with c₁ = 1e-3, c₂ = 0.9 and at most 20 evaluations.
/// </summary>
public sealed record LbfgsOptions
{
    /// <summary>The most iterations (line searches that found a step); at least 1 (default 200, scikit-learn's
    /// max_iter).</summary>
    public int MaxIterations
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(MaxIterations));
            field = value;
        }
    } = 200;

    /// <summary>The most evaluations of f and ∇f, counted over the whole run, the first included; at least 1 (default
    /// 15,000, scikit-learn's max_fun). As in scipy, a line search is never cut short: the run stops after the
    /// first iteration that ends with more evaluations than this.</summary>
    public int MaxEvaluations
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(MaxEvaluations));
            field = value;
        }
    } = 15000;

    /// <summary>m, the number of correction pairs (s, y) kept; at least 1 (default 10, as L-BFGS-B in scipy).</summary>
    public int HistorySize
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(HistorySize));
            field = value;
        }
    } = 10;

    /// <summary>Stop when max over θ of |∂f/∂θ| ≤ this (∞-norm of the gradient, L-BFGS-B's pgtol without bounds);
    /// ≥ 0 and finite (default 1e-4, scikit-learn's tol).</summary>
    public double GradientTolerance
    {
        get;
        init
        {
            CheckNonNegative(value, nameof(GradientTolerance));
            field = value;
        }
    } = 1e-4;

    /// <summary>Stop when an iteration lowers f by no more than this relative amount:
    /// f_old − f ≤ tol·max(|f_old|, |f|, 1); ≥ 0 and finite (default 2.220446049250313e-9, scipy's ftol, i.e.
    /// factr 10⁷ × machine epsilon). 0 turns the test off but for a step that does not lower f at all.</summary>
    public double RelativeReductionTolerance
    {
        get;
        init
        {
            CheckNonNegative(value, nameof(RelativeReductionTolerance));
            field = value;
        }
    } = 2.220446049250313e-9;

    /// <summary>λ of the L2 penalty (λ/2)·Σ W² on every weight (never the biases), added to the mean loss; ≥ 0 and
    /// finite (default 0). The gradient gains λ·W, as with an optimizer's weightDecay. scikit-learn's alpha, whose
    /// penalty is alpha/(2n)·Σ W² over n samples, is λ = alpha / n.</summary>
    public double WeightDecay
    {
        get;
        init
        {
            CheckNonNegative(value, nameof(WeightDecay));
            field = value;
        }
    }

    /// <summary>c₁ of the sufficient decrease condition φ(α) ≤ φ(0) + c₁·α·φ′(0); in (0, 1) and below
    /// <see cref="Curvature"/> (default 1e-3, L-BFGS-B's; Nocedal and Wright suggest 1e-4).</summary>
    public double SufficientDecrease
    {
        get;
        init
        {
            CheckOpenUnit(value, nameof(SufficientDecrease));
            field = value;
        }
    } = 1e-3;

    /// <summary>c₂ of the strong curvature condition |φ′(α)| ≤ c₂·|φ′(0)|; in (0, 1) and above
    /// <see cref="SufficientDecrease"/> (default 0.9, the usual value for quasi-Newton methods).</summary>
    public double Curvature
    {
        get;
        init
        {
            CheckOpenUnit(value, nameof(Curvature));
            field = value;
        }
    } = 0.9;

    /// <summary>The most evaluations one line search may make; at least 1 (default 20, scipy's maxls). A search that
    /// needs more forgets the pairs and starts again from −∇f, or ends the run when it already was.</summary>
    public int MaxLineSearchEvaluations
    {
        get;
        init
        {
            Guard.AtLeast(value, 1, nameof(MaxLineSearchEvaluations));
            field = value;
        }
    } = 20;

    /// <summary>Throws when the settings are fine one by one but not together (c₁ must be below c₂).</summary>
    internal void Check()
    {
        if (!(SufficientDecrease < Curvature))
            throw new ArgumentOutOfRangeException(nameof(Curvature), Curvature,
                $"Curvature (c₂) must be above SufficientDecrease (c₁ = {Guard.Describe(SufficientDecrease)}) for a step that meets both to exist; got {Guard.Describe(Curvature)}.");
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or a positive finite number; got {Guard.Describe(value)}.");
    }

    private static void CheckOpenUnit(double value, string name)
    {
        if (!(value > 0 && value < 1))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1); got {Guard.Describe(value)}.");
    }
}
