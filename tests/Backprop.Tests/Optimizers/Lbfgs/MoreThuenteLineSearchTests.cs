using System.Text.Json;

namespace Backprop.Tests.Optimizers.Lbfgs;

/// <summary>
/// The line search against MINPACK-2's dcsrch (scipy's copy, run by make_lbfgs_fixtures.py) on the six test
/// functions of Moré and Thuente (1994, section 5), from α₀ = 10⁻³, 10⁻¹, 10 and 10³, with the paper's xtol 1e-10
/// and with L-BFGS-B's 0.1: the same trial steps, the same outcome, and the strong Wolfe conditions where it
/// converged.
/// </summary>
public class MoreThuenteLineSearchTests
{
    /// <summary>Trial steps agree to this relative error: the arithmetic is the same, only libm may differ.</summary>
    private const double StepRelative = 1e-12;

    /// <summary>The largest step L-BFGS-B allows without bounds, as the script passed it.</summary>
    private const double MaxStep = 1e10;

    public static TheoryData<int> Cases()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < LbfgsFixture.Get("line_search").GetArrayLength(); i++) data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tries_the_steps_minpack_tries_and_stops_where_it_stops(int index)
    {
        var c = LbfgsFixture.Get("line_search")[index];
        var phi = Function(c.GetProperty("function").GetString()!);
        var expected = LbfgsFixture.Doubles(c.GetProperty("trials"));

        var (trials, status, step) = Search(phi, c);

        trials.Should().HaveSameCount(expected);
        for (int i = 0; i < expected.Length; i++)
            trials[i].Should().BeApproximately(expected[i], StepRelative * expected[i], $"trial {i}");
        string minpack = c.GetProperty("status").GetString()!;
        status.Should().Be(minpack.StartsWith("CONVERGENCE", StringComparison.Ordinal) ? LineSearchStatus.Converged : LineSearchStatus.Warning, minpack);
        step.Should().BeApproximately(c.GetProperty("step").GetDouble(), StepRelative * step);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_converged_search_meets_the_strong_Wolfe_conditions(int index)
    {
        var c = LbfgsFixture.Get("line_search")[index];
        var phi = Function(c.GetProperty("function").GetString()!);
        double c1 = c.GetProperty("c1").GetDouble(), c2 = c.GetProperty("c2").GetDouble();

        var (_, status, step) = Search(phi, c);

        var (f0, g0) = phi(0);
        var (f, g) = phi(step);
        if (status == LineSearchStatus.Converged)
        {
            f.Should().BeLessThanOrEqualTo(f0 + c1 * step * g0, "sufficient decrease");
            Math.Abs(g).Should().BeLessThanOrEqualTo(c2 * Math.Abs(g0), "curvature");
        }
        else
        {
            // A warning still leaves a step no worse than the start on the auxiliary ψ: sufficient decrease holds.
            f.Should().BeLessThanOrEqualTo(f0 + c1 * step * g0, "sufficient decrease after a warning");
            c.GetProperty("xtol").GetDouble().Should().Be(0.1, "only the wide tolerance stops short");
        }
    }

    [Fact]
    public void A_step_at_the_upper_bound_with_decrease_still_to_come_ends_in_a_warning_at_that_bound()
    {
        // φ(α) = −α has no minimizer: the search runs to the largest step it may take and says so.
        var search = new MoreThuenteLineSearch(1e-3, 0.9, 0.1, 0, 100);
        search.Start(0, -1, 1);
        var status = LineSearchStatus.Evaluate;
        int evaluations = 0;
        while (status == LineSearchStatus.Evaluate && evaluations++ < 20) status = search.Next(-search.Step, -1);

        status.Should().Be(LineSearchStatus.Warning);
        search.Step.Should().Be(100);
        evaluations.Should().Be(5, "1, 5, 21, 85, then the bound 100: before a bracket, each trial goes to α + 4(α − stx)");
    }

    private static (List<double> Trials, LineSearchStatus Status, double Step) Search(Func<double, (double F, double G)> phi, JsonElement c)
    {
        var search = new MoreThuenteLineSearch(c.GetProperty("c1").GetDouble(), c.GetProperty("c2").GetDouble(),
            c.GetProperty("xtol").GetDouble(), 0, MaxStep);
        var (f, g) = phi(0);
        search.Start(f, g, c.GetProperty("a0").GetDouble());
        var trials = new List<double>();
        var status = LineSearchStatus.Evaluate;
        while (status == LineSearchStatus.Evaluate && trials.Count < 50)
        {
            trials.Add(search.Step);
            (f, g) = phi(search.Step);
            status = search.Next(f, g);
        }
        return (trials, status, search.Step);
    }

    /// <summary>φ and φ′ of the paper's functions, written as the script writes them.</summary>
    private static Func<double, (double F, double G)> Function(string name) => name switch
    {
        "1" => a => (-a / (a * a + 2), (a * a - 2) / Math.Pow(a * a + 2, 2)),
        "2" => a => (Math.Pow(a + 0.004, 5) - 2 * Math.Pow(a + 0.004, 4), 5 * Math.Pow(a + 0.004, 4) - 8 * Math.Pow(a + 0.004, 3)),
        "3" => Wiggly,
        "4" => Yanai(0.001, 0.001),
        "5" => Yanai(0.01, 0.001),
        "6" => Yanai(0.001, 0.01),
        _ => throw new ArgumentException($"No test function {name}.", nameof(name)),
    };

    private static (double F, double G) Wiggly(double a)
    {
        const double b = 0.01, l = 39;
        var (f0, d0) = a <= 1 - b ? (1 - a, -1.0) : a >= 1 + b ? (a - 1, 1.0) : (Math.Pow(a - 1, 2) / (2 * b) + b / 2, (a - 1) / b);
        return (f0 + 2 * (1 - b) / (l * Math.PI) * Math.Sin(l * Math.PI * a / 2), d0 + (1 - b) * Math.Cos(l * Math.PI * a / 2));
    }

    private static Func<double, (double F, double G)> Yanai(double b1, double b2)
    {
        static double Gamma(double b) => Math.Sqrt(1 + b * b) - b;
        return a => (Gamma(b1) * Math.Sqrt(Math.Pow(1 - a, 2) + b2 * b2) + Gamma(b2) * Math.Sqrt(a * a + b1 * b1),
            Gamma(b1) * (a - 1) / Math.Sqrt(Math.Pow(1 - a, 2) + b2 * b2) + Gamma(b2) * a / Math.Sqrt(a * a + b1 * b1));
    }
}
