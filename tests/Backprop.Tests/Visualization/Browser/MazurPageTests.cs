using System.Text.Json.Nodes;
using Backprop.Demo.Tour;

namespace Backprop.Tests.Visualization.Browser;

/// <summary>The page of the blog's step (as <c>mazur --html</c> writes it), driven in Chromium once.</summary>
public sealed class MazurPage : PageRun
{
    public MazurPage() : base("mazur", [ExplainerPages.MazurStep()], ExplainerPages.WriteMazur, new JsonObject
    {
        ["select"] = new JsonArray(Select("w5", "search"), Select("w1", "click"), Select("w2", "tab"), Select("h1"), Select("o1")),
        ["shots"] = new JsonArray(Screenshot("forward-pass", stage: 2), Screenshot("w5-chain-rule", stage: 6, select: "w5"),
            Screenshot("update", stage: 10), Screenshot("phone", stage: 8, select: "w1", width: 390, height: 844),
            Screenshot("dark", stage: 10, select: "o1", scheme: "dark")),
    })
    {
    }
}

[Collection(BrowserTests.Name)]
[Trait("Category", "Integration")]
public sealed class MazurPageTests(MazurPage run) : IClassFixture<MazurPage>
{
    private StepTrace Trace => run.Steps[0];

    [Fact]
    public void The_page_makes_no_request_and_logs_no_error()
    {
        BrowserRunner.Strings(run.Report["errors"]).Should().BeEmpty();
        BrowserRunner.Strings(run.Report["requests"]).Should().BeEmpty();
        BrowserRunner.Strings(run.Report["dialogs"]).Should().BeEmpty();
        ((string)run.Report["title"]!).Should().StartWith("Mazur's");
    }

    [Fact]
    public void Stepping_through_every_stage_shows_the_traces_numbers()
    {
        var phases = run.Stages.Select(s => (string)s!["phase"]!).ToArray();
        phases.Should().Equal("start", "forward", "forward", "loss", "loss", "loss", "backward", "backward", "backward", "backward", "update");
        int checkedCount = 0;
        foreach (var stage in run.Stages)
            checkedCount += ShownValues.CheckAll(stage!["numbers"]!.AsObject(), key => ShownValues.Stage(Trace, key), (string)stage["title"]!);
        checkedCount.Should().BeGreaterThan(25);
    }

    [Theory]
    [InlineData(1, "net:h1", "net_h1")]
    [InlineData(1, "out:h1", "out_h1")]
    [InlineData(1, "out:h2", "out_h2")]
    [InlineData(2, "net:o1", "net_o1")]
    [InlineData(2, "out:o1", "out_o1")]
    [InlineData(2, "out:o2", "out_o2")]
    [InlineData(3, "E:o1", "E_o1")]
    [InlineData(4, "E:o2", "E_o2")]
    [InlineData(5, "E", "E_total")]
    [InlineData(6, "dE_dout:o1", "dE_dout_o1")]
    [InlineData(6, "dout_dnet:o1", "dout_o1_dnet_o1")]
    [InlineData(6, "delta:o1", "delta_o1")]
    [InlineData(8, "dE_dout:h1", "dEtotal_dout_h1")]
    [InlineData(8, "dout_dnet:h1", "dout_h1_dnet_h1")]
    public void The_stages_show_the_blogs_figures(int stage, string key, string blog) =>
        BlogFigure((string)run.Stages[stage]!["numbers"]![key]!, MazurTour.BlogPrints[blog]);

    [Fact]
    public void The_diagram_puts_net_and_out_on_each_neuron_in_the_forward_pass_and_before_after_on_each_weight_in_the_update()
    {
        run.Stages[0]!["diagram"]!["w:w5"]!.GetValue<string>().Should().Be("w5 0.4");
        run.Stages[0]!["diagram"]!.AsObject().ContainsKey("n:0:0:0").Should().BeFalse("no net is shown before the forward pass");
        run.Stages[1]!["diagram"]!["n:0:0:0"]!.GetValue<string>().Should().Be("net 0.3775");
        run.Stages[1]!["diagram"]!["n:0:0:1"]!.GetValue<string>().Should().Be("out 0.5933");
        run.Stages[1]!["diagram"]!.AsObject().ContainsKey("n:1:0:0").Should().BeFalse("the output layer comes next");
        run.Stages[6]!["diagram"]!["n:1:0:1"]!.GetValue<string>().Should().Be("δ 0.1385");
        run.Stages[10]!["diagram"]!["w:w5"]!.GetValue<string>().Should().Be("w5 0.4→0.3589");
        run.Stages[10]!["diagram"]!["w:w1"]!.GetValue<string>().Should().Be("w1 0.15→0.1498");
    }

    [Theory]
    [InlineData("w5", 1, 0, 0)]
    [InlineData("w1", 0, 0, 0)]
    [InlineData("w2", 0, 0, 1)]
    public void A_selected_weight_shows_its_chain_rule_with_the_traces_values(string name, int layer, int j, int i)
    {
        var selection = run.Selection(name);

        ((string)selection["selected"]!).Should().Be(name, "the search box, a click and the Tab key each select the weight's edge");
        ((string)selection["title"]!).Should().StartWith(name + " = w[");
        var values = selection["values"]!.AsObject();
        int count = ShownValues.CheckAll(values, key => ShownValues.Weight(Trace, layer, j, i, key), name);
        count.Should().BeGreaterThanOrEqualTo(9);
        PageRun.Parse((string)values["fd"]!).Should().BeApproximately(PageRun.Parse((string)values["gradient"]!), 1e-9,
            "the finite-difference estimate stands beside backpropagation's gradient");
    }

    [Fact]
    public void The_chain_rules_of_w5_and_w1_show_the_blogs_figures()
    {
        var w5 = run.Selection("w5")["values"]!;
        BlogFigure((string)w5["factor0"]!, MazurTour.BlogPrints["dE_dout_o1"]);
        BlogFigure((string)w5["factor1"]!, MazurTour.BlogPrints["dout_o1_dnet_o1"]);
        BlogFigure((string)w5["factor2"]!, MazurTour.BlogPrints["dnet_o1_dw5"]);
        BlogFigure((string)w5["product"]!, MazurTour.BlogPrints["dE_dw5"]);
        BlogFigure((string)w5["after"]!, MazurTour.BlogPrints["w5_new"]);
        var w1 = run.Selection("w1")["values"]!;
        BlogFigure((string)w1["term0"]!, MazurTour.BlogPrints["dEo1_dout_h1"]);
        // (The blog's ∂E_o2/∂out_h1 = −0.019049119 comes from its rounded intermediates; the trace check above covers it.)
        BlogFigure((string)w1["dE_dout"]!, MazurTour.BlogPrints["dEtotal_dout_h1"]);
        BlogFigure((string)w1["factor1"]!, MazurTour.BlogPrints["dout_h1_dnet_h1"]);
        BlogFigure((string)w1["factor2"]!, MazurTour.BlogPrints["dnet_h1_dw1"]);
        BlogFigure((string)w1["product"]!, MazurTour.BlogPrints["dE_dw1"]);
        BlogFigure((string)w1["after"]!, MazurTour.BlogPrints["w1_new"]);
    }

    [Theory]
    [InlineData("h1", 0, 0)]
    [InlineData("o1", 1, 0)]
    public void A_selected_neuron_shows_net_out_its_derivative_and_delta(string name, int layer, int j)
    {
        var values = run.Selection(name)["values"]!.AsObject();

        ShownValues.CheckAll(values, key => ShownValues.Neuron(Trace, layer, j, key), name).Should().BeGreaterThanOrEqualTo(7);
        values.Select(v => v.Key).Should().Contain(["net", "out", "dout_dnet", "dE_dout", "delta"]);
    }

    [Fact]
    public void No_two_texts_of_the_diagram_overlap_and_no_label_sits_on_another_line_at_any_stage()
    {
        foreach (var stage in run.Stages.Concat(run.Report["shots"]!.AsArray()))
        {
            string where = (string?)stage!["title"] ?? (string)stage["name"]!;
            BrowserRunner.Strings(stage["overlaps"]).Should().BeEmpty(where);
            BrowserRunner.Strings(stage["onLines"]).Should().BeEmpty(where);
        }
        run.Stages[0]!["labels"]!.AsArray().Should().HaveCount(8, "each of the blog's eight weights is labelled");
    }

    [Theory]
    [InlineData("forward-pass")]
    [InlineData("w5-chain-rule")]
    [InlineData("update")]
    [InlineData("phone")]
    [InlineData("dark")]
    public void The_screenshots_show_every_weight_label_drawn(string name)
    {
        var shot = run.Shot(name);
        string png = (string)shot["path"]!;

        File.Exists(png).Should().BeTrue();
        var labels = shot["labels"]!.AsArray();
        labels.Should().HaveCount(8);
        // On a phone the figure scrolls sideways in its own box: the labels past the window's edge are not in the shot.
        int width = (int)shot["viewport"]!["width"]!;
        var inView = labels.Where(l => (double)l!["x"]! + (double)l["w"]! <= width).ToArray();
        inView.Length.Should().BeGreaterThanOrEqualTo(4);
        foreach (var label in inView)
            Screenshots.Ink(png, label!).Should().BeGreaterThan(20, $"the label {(string)label!["text"]!} should be drawn in {name}");
    }

    [Fact]
    public void The_page_fits_a_phone_without_scrolling_sideways_and_has_a_dark_scheme()
    {
        ((bool)run.Shot("phone")["noHorizontalScroll"]!).Should().BeTrue();
        Screenshots.Background((string)run.Shot("dark")["path"]!).Should().BeLessThan(40);
        Screenshots.Background((string)run.Shot("update")["path"]!).Should().BeGreaterThan(215);
    }

    /// <summary>The shown number and the blog's printed figure agree to their printed digits: they differ by at most
    /// half a unit in the last digit of each.</summary>
    private static void BlogFigure(string shown, string blog)
    {
        static double HalfUnit(string s) =>
            0.5 * Math.Pow(10, -(s.Contains('.', StringComparison.Ordinal) ? s.Length - s.IndexOf('.', StringComparison.Ordinal) - 1 : 0));
        PageRun.Parse(shown).Should().BeApproximately(PageRun.Parse(blog), HalfUnit(shown) + HalfUnit(blog) + 1e-15, $"the blog prints {blog}");
    }
}
