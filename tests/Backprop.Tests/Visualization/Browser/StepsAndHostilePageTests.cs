using System.Text.Json.Nodes;
using Backprop.Demo.Tour;
using Backprop.Visualization;

namespace Backprop.Tests.Visualization.Browser;

/// <summary>The page of the ten-point training's 200 steps (as <c>tenpoint --html</c> writes it).</summary>
public sealed class TenPointPage : PageRun
{
    public TenPointPage() : base("tenpoint", ExplainerPages.TenPointSteps(), ExplainerPages.WriteTenPoint, new JsonObject
    {
        ["steps"] = new JsonArray(0, 57, 199),
        ["stepSelect"] = "w5",
        ["shots"] = new JsonArray(Screenshot("tenpoint", stage: 10, select: "w5")),
    })
    {
    }
}

/// <summary>A page whose names are hostile: markup, a script end, quotes, U+2028.</summary>
public sealed class HostilePage : PageRun
{
    public const string Label = "</script><img src=x onerror=alert(1)>";
    public const string Other = "<b>bold</b> & \"quoted\" 'single' \u2028 line";
    public const string Title = "</title><script>alert(2)</script>";

    public HostilePage() : base("hostile", [ExplainerPages.MazurStep()], path => TraceHtml.Write(ExplainerPages.MazurStep(), path, new TraceHtmlOptions
    {
        Title = Title, InputNames = [Other, "<svg onload=alert(3)>"], OutputNames = [Label, "{{SCRIPT}}"],
    }), new JsonObject
    {
        ["select"] = new JsonArray(Select("o1"), Select("i1")),
    })
    {
    }
}

[Collection(BrowserTests.Name)]
[Trait("Category", "Integration")]
public sealed class StepsAndHostilePageTests(TenPointPage ten, HostilePage hostile) : IClassFixture<TenPointPage>, IClassFixture<HostilePage>
{
    [Fact]
    public void The_slider_goes_through_the_200_steps_with_each_steps_loss_and_weights()
    {
        BrowserRunner.Strings(ten.Report["errors"]).Should().BeEmpty();
        BrowserRunner.Strings(ten.Report["requests"]).Should().BeEmpty();
        foreach (var entry in ten.Report["steps"]!.AsArray())
        {
            int k = (int)entry!["step"]!;
            var step = ten.Steps[k];
            ((int)entry["curvePoints"]!).Should().Be(200);
            string caption = (string)entry["caption"]!;
            caption.Should().StartWith($"epoch {k / 10 + 1}, row {k % 10 + 1}: E_total = ");
            PageRun.Parse(caption[(caption.LastIndexOf(' ') + 1)..]).Should().Be(PageRun.Printed(step.Loss));
            ShownValues.CheckAll(entry["details"]!["values"]!.AsObject(), key => ShownValues.Weight(step, 1, 0, 0, key), $"step {k}")
                .Should().BeGreaterThanOrEqualTo(9);
        }
    }

    [Fact]
    public void The_ten_point_steps_end_where_the_tours_training_ends()
    {
        var trained = TenPointTour.Run().Network;
        var last = ten.Steps[^1];
        for (int l = 0; l < 2; l++)
        {
            last.Layers[l].WeightsAfter.ToColumnMajorArray().Should().Equal(trained.Layers[l].Weights.ToColumnMajorArray());
            last.Layers[l].BiasAfter.Should().Equal(trained.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void A_hostile_label_is_shown_as_text_and_runs_nothing()
    {
        BrowserRunner.Strings(hostile.Report["errors"]).Should().BeEmpty();
        BrowserRunner.Strings(hostile.Report["requests"]).Should().BeEmpty();
        BrowserRunner.Strings(hostile.Report["dialogs"]).Should().BeEmpty("no alert ran");
        ((int)hostile.Report["images"]!).Should().Be(0, "no img element was made from a name");
        ((string)hostile.Report["title"]!).Should().Be(HostilePage.Title);
        string body = (string)hostile.Report["bodyText"]!;
        body.Should().Contain(HostilePage.Label).And.Contain("{{SCRIPT}}").And.Contain(HostilePage.Title);
        ((string)hostile.Selection("o1")["title"]!).Should().Be("o1: " + HostilePage.Label);
        ((string)hostile.Selection("i1")["title"]!).Should().Be("i1: " + HostilePage.Other);
        // The page still works: its stages went through as the blog's page does.
        hostile.Stages.Should().HaveCount(11);
    }
}
