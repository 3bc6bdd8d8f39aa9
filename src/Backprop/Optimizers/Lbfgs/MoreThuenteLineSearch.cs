namespace Backprop;

/// <summary>What a line search asks for after each trial step.</summary>
internal enum LineSearchStatus
{
    /// <summary>Evaluate φ and φ′ at <see cref="MoreThuenteLineSearch.Step"/> and call <see cref="MoreThuenteLineSearch.Next"/>.</summary>
    Evaluate,

    /// <summary>The step satisfies the strong Wolfe conditions.</summary>
    Converged,

    /// <summary>No step satisfying both conditions can be found (rounding errors, the interval is narrower than
    /// the relative tolerance, or the step reached a bound); the step last evaluated is the answer.</summary>
    Warning,
}

/// <summary>
/// The line search of Moré and Thuente ("Line search algorithms with guaranteed sufficient decrease", ACM TOMS 20,
/// 1994), as MINPACK-2's dcsrch and dcstep carry it out and L-BFGS-B calls it: it finds a step α &gt; 0 along a
/// descent direction with φ(α) ≤ φ(0) + c₁·α·φ′(0) (sufficient decrease) and |φ′(α)| ≤ c₂·|φ′(0)| (curvature): the
/// strong Wolfe conditions. It keeps an interval [stx, sty] that holds such a step once one is bracketed, and picks
/// each trial by safeguarded cubic and quadratic (secant) interpolation of φ, bisecting when the interval does not
/// shrink by a third. While no trial has shown φ(α) ≤ φ(0) + c₁αφ′(0) with φ′(α) ≥ 0 (stage 1), it works on the
/// auxiliary ψ(α) = φ(α) − φ(0) − c₁αφ′(0) where that makes a better model.
/// </summary>
/// <remarks>Reverse communication, as dcsrch: <see cref="Start"/> gives the first trial step, and each
/// <see cref="Next"/> takes φ and φ′ at the current <see cref="Step"/> and says whether to evaluate a new step or
/// stop. The caller counts evaluations and gives up when it has made enough.</remarks>
internal sealed class MoreThuenteLineSearch
{
    /// <summary>Before the minimum is bracketed, the next trial lies in [α + 1.1(α − stx), α + 4(α − stx)].</summary>
    private const double ExtrapolateLower = 1.1, ExtrapolateUpper = 4.0;

    /// <summary>A bracketing interval that has not shrunk below 0.66 of its width two trials ago is bisected.</summary>
    private const double SufficientShrink = 0.66;

    private readonly double _c1, _c2, _xtol, _stepMin, _stepMax;
    private bool _bracketed;
    private int _stage;
    private double _f0, _g0, _gtest, _width, _width1;
    private double _stx, _fx, _gx, _sty, _fy, _gy, _stmin, _stmax;

    /// <summary>Creates a search; the caller has checked 0 &lt; c₁ &lt; c₂ &lt; 1.</summary>
    /// <param name="c1">c₁ of the sufficient decrease condition (L-BFGS-B: 1e-3).</param>
    /// <param name="c2">c₂ of the curvature condition (L-BFGS-B: 0.9).</param>
    /// <param name="xtol">The relative width of the interval at which the search gives up (L-BFGS-B: 0.1).</param>
    /// <param name="stepMin">The smallest step (L-BFGS-B: 0).</param>
    /// <param name="stepMax">The largest step (L-BFGS-B: 1e10 without bounds).</param>
    public MoreThuenteLineSearch(double c1, double c2, double xtol, double stepMin, double stepMax)
    {
        (_c1, _c2, _xtol, _stepMin, _stepMax) = (c1, c2, xtol, stepMin, stepMax);
    }

    /// <summary>The step to evaluate next, or the answer once the search has stopped.</summary>
    public double Step { get; private set; }

    /// <summary>Starts a search from φ(0) and φ′(0) &lt; 0 with a first trial step in [stepMin, stepMax].</summary>
    public void Start(double f0, double g0, double step)
    {
        _bracketed = false;
        _stage = 1;
        _f0 = f0;
        _g0 = g0;
        _gtest = _c1 * g0;
        _width = _stepMax - _stepMin;
        _width1 = _width / 0.5;
        (_stx, _fx, _gx) = (0, f0, g0);
        (_sty, _fy, _gy) = (0, f0, g0);
        _stmin = 0;
        _stmax = step + ExtrapolateUpper * step;
        Step = step;
    }

    /// <summary>Takes φ and φ′ at <see cref="Step"/>: converged, a warning, or the next step to evaluate.</summary>
    public LineSearchStatus Next(double f, double g)
    {
        double stp = Step;
        double ftest = _f0 + stp * _gtest;
        if (_stage == 1 && f <= ftest && g >= 0) _stage = 2;

        var status = LineSearchStatus.Evaluate;
        if (_bracketed && (stp <= _stmin || stp >= _stmax)) status = LineSearchStatus.Warning;     // rounding errors prevent progress
        if (_bracketed && _stmax - _stmin <= _xtol * _stmax) status = LineSearchStatus.Warning;    // the interval is within xtol
        if (stp == _stepMax && f <= ftest && g <= _gtest) status = LineSearchStatus.Warning;        // the step is at its upper bound
        if (stp == _stepMin && (f > ftest || g >= _gtest)) status = LineSearchStatus.Warning;       // the step is at its lower bound
        if (f <= ftest && Math.Abs(g) <= _c2 * -_g0) status = LineSearchStatus.Converged;
        if (status != LineSearchStatus.Evaluate) return status;

        if (_stage == 1 && f <= _fx && f > ftest)
        {
            // Stage 1 with a lower φ but not enough decrease: step on ψ = φ − c₁αφ′(0) and its derivative.
            double fxm = _fx - _stx * _gtest, fym = _fy - _sty * _gtest, gxm = _gx - _gtest, gym = _gy - _gtest;
            stp = SafeguardedStep(ref _stx, ref fxm, ref gxm, ref _sty, ref fym, ref gym, stp, f - stp * _gtest, g - _gtest,
                ref _bracketed, _stmin, _stmax);
            _fx = fxm + _stx * _gtest;
            _fy = fym + _sty * _gtest;
            _gx = gxm + _gtest;
            _gy = gym + _gtest;
        }
        else
        {
            stp = SafeguardedStep(ref _stx, ref _fx, ref _gx, ref _sty, ref _fy, ref _gy, stp, f, g, ref _bracketed, _stmin, _stmax);
        }

        if (_bracketed)
        {
            if (Math.Abs(_sty - _stx) >= SufficientShrink * _width1) stp = _stx + 0.5 * (_sty - _stx);
            _width1 = _width;
            _width = Math.Abs(_sty - _stx);
            _stmin = Math.Min(_stx, _sty);
            _stmax = Math.Max(_stx, _sty);
        }
        else
        {
            _stmin = stp + ExtrapolateLower * (stp - _stx);
            _stmax = stp + ExtrapolateUpper * (stp - _stx);
        }
        stp = Math.Min(Math.Max(stp, _stepMin), _stepMax);
        // When no further progress is possible, the best step so far is the last one tried.
        if (_bracketed && (stp <= _stmin || stp >= _stmax || _stmax - _stmin <= _xtol * _stmax)) stp = _stx;
        Step = stp;
        return LineSearchStatus.Evaluate;
    }

    /// <summary>
    /// dcstep: from the best step stx (φ and φ′ there), the other end sty of the interval and the trial stp, the
    /// next trial and the updated interval. Four cases: (1) a higher φ brackets the minimum: the cubic step if it is
    /// nearer stx than the quadratic one, else their mean; (2) a lower φ with φ′ of the other sign brackets it: the
    /// cubic or the secant step, whichever is farther from stp; (3) a lower φ with a smaller |φ′| of the same sign:
    /// the cubic step when the cubic tends to infinity that way (else the bound), against the secant step, kept
    /// within 0.66 of the way to sty once bracketed; (4) a lower φ with |φ′| not smaller: the cubic step through
    /// sty once bracketed, else a bound.
    /// </summary>
    private static double SafeguardedStep(ref double stx, ref double fx, ref double dx, ref double sty, ref double fy, ref double dy,
        double stp, double fp, double dp, ref bool bracketed, double stpmin, double stpmax)
    {
        double sgnd = dp * (dx / Math.Abs(dx));
        double stpf;
        if (fp > fx)
        {
            double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            double s = Max3(theta, dx, dp);
            double gamma = s * Math.Sqrt(theta / s * (theta / s) - dx / s * (dp / s));
            if (stp < stx) gamma = -gamma;
            double p = gamma - dx + theta, q = gamma - dx + gamma + dp;
            double stpc = stx + p / q * (stp - stx);
            double stpq = stx + dx / ((fx - fp) / (stp - stx) + dx) / 2 * (stp - stx);
            stpf = Math.Abs(stpc - stx) < Math.Abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
            bracketed = true;
        }
        else if (sgnd < 0)
        {
            double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            double s = Max3(theta, dx, dp);
            double gamma = s * Math.Sqrt(theta / s * (theta / s) - dx / s * (dp / s));
            if (stp > stx) gamma = -gamma;
            double p = gamma - dp + theta, q = gamma - dp + gamma + dx;
            double stpc = stp + p / q * (stx - stp);
            double stpq = stp + dp / (dp - dx) * (stx - stp);
            stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
            bracketed = true;
        }
        else if (Math.Abs(dp) < Math.Abs(dx))
        {
            double theta = 3 * (fx - fp) / (stp - stx) + dx + dp;
            double s = Max3(theta, dx, dp);
            // γ = 0 only when the cubic does not tend to infinity in the direction of the step.
            double gamma = s * Math.Sqrt(Math.Max(0, theta / s * (theta / s) - dx / s * (dp / s)));
            if (stp > stx) gamma = -gamma;
            double p = gamma - dp + theta, q = gamma + (dx - dp) + gamma;
            double r = p / q;
            double stpc = r < 0 && gamma != 0 ? stp + r * (stx - stp) : stp > stx ? stpmax : stpmin;
            double stpq = stp + dp / (dp - dx) * (stx - stp);
            if (bracketed)
            {
                stpf = Math.Abs(stpc - stp) < Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = stp > stx ? Math.Min(stp + SufficientShrink * (sty - stp), stpf) : Math.Max(stp + SufficientShrink * (sty - stp), stpf);
            }
            else
            {
                stpf = Math.Abs(stpc - stp) > Math.Abs(stpq - stp) ? stpc : stpq;
                stpf = Math.Max(stpmin, Math.Min(stpmax, stpf));
            }
        }
        else if (bracketed)
        {
            double theta = 3 * (fp - fy) / (sty - stp) + dy + dp;
            double s = Max3(theta, dy, dp);
            double gamma = s * Math.Sqrt(theta / s * (theta / s) - dy / s * (dp / s));
            if (stp > sty) gamma = -gamma;
            double p = gamma - dp + theta, q = gamma - dp + gamma + dy;
            stpf = stp + p / q * (sty - stp);
        }
        else
        {
            stpf = stp > stx ? stpmax : stpmin;
        }

        // The new interval: a higher φ makes stp its far end; otherwise stp is the new best step, and a sign change
        // of φ′ makes the old best step the far end.
        if (fp > fx)
        {
            (sty, fy, dy) = (stp, fp, dp);
        }
        else
        {
            if (sgnd < 0) (sty, fy, dy) = (stx, fx, dx);
            (stx, fx, dx) = (stp, fp, dp);
        }
        return stpf;
    }

    private static double Max3(double a, double b, double c) => Math.Max(Math.Abs(a), Math.Max(Math.Abs(b), Math.Abs(c)));
}
