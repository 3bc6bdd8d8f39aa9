using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Backprop.Demo.Tour;
using Backprop.Visualization;

namespace Backprop.Tests.Visualization;

public sealed partial class TraceHtmlTests : IDisposable
{
    private const string Hostile = "</script><img src=x onerror=alert(1)>";
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-html-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static StepTrace Mazur() => StepTrace.Record(MazurTour.CreateNetwork(), MazurTour.Input, MazurTour.Target, new Sgd(0.5), finiteDifferences: true);

    private static JsonObject Data(string html) =>
        JsonNode.Parse(DataElement().Match(html).Groups[1].Value)!.AsObject();

    [Fact]
    public void The_page_is_one_document_with_its_script_styles_and_data_inline()
    {
        string html = TraceHtml.Render(Mazur());

        html.Should().StartWith("<!DOCTYPE html>");
        Regex.Count(html, "<html").Should().Be(1);
        Regex.Count(html, "</html>").Should().Be(1);
        Regex.Count(html, "<script").Should().Be(2, "the data and the script, both inline");
        html.Should().NotMatchRegex(@"(?i)<script[^>]*\ssrc=").And.NotMatchRegex(@"(?i)<link[^>]*stylesheet");
        html.Should().NotMatchRegex(@"(?i)(src|href)\s*=\s*[""']?\s*(https?:|//)", "the page loads nothing from anywhere");
        html.Should().Contain("default-src 'none'");
    }

    [Fact]
    public void The_policy_admits_exactly_the_inline_script_and_styles()
    {
        string html = TraceHtml.Render(Mazur());

        string script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        string style = Regex.Match(html, "<style>(.*?)</style>", RegexOptions.Singleline).Groups[1].Value;
        html.Should().Contain($"script-src 'sha256-{Hash(script)}'").And.Contain($"style-src 'sha256-{Hash(style)}'");
    }

    [Fact]
    public void The_embedded_data_hold_the_traces_numbers_and_every_weights_chain_rule()
    {
        var trace = Mazur();
        var step = Data(TraceHtml.Render(trace))["steps"]![0]!;

        step["loss"]!.GetValue<double>().Should().Be(trace.Loss);
        var w5 = step["layers"]![1]!["weights"]![0]!;
        w5["name"]!.GetValue<string>().Should().Be("w5");
        var rule = ChainRule.For(trace, 1, 0, 0);
        w5["factors"]!.AsArray().Select(f => f!["value"]!.GetValue<double>()).Should().Equal(rule.Factors.Select(f => f.Value));
        w5["product"]!.GetValue<double>().Should().Be(rule.Product);
        w5["eta_gradient"]!.GetValue<double>().Should().Be(0.5 * trace.Layers[1].WeightGradient[0, 0]);
        var h1 = step["layers"]![0]!["neurons"]![0]!;
        h1["dE_dout_terms"]!.AsArray().Select(t => t!["value"]!.GetValue<double>())
            .Should().Equal(ChainRule.For(trace, 0, 0, 0).OutputGradientTerms.Select(t => t.Value));
        h1["net_terms"]![1]!["product"]!.GetValue<double>().Should().Be(0.20 * 0.10);
    }

    [Fact]
    public void Hostile_names_are_escaped_in_the_markup_and_the_embedded_json()
    {
        const string other = "a & b 'c' \"d\" \u2028 \u2029 {{SCRIPT}}";
        string html = TraceHtml.Render(Mazur(), new TraceHtmlOptions
        {
            Title = "<b>" + Hostile, InputNames = [Hostile, other], OutputNames = [other, Hostile],
        });

        html.Should().NotContain(Hostile).And.NotContain("<img").And.NotContain("<b>");
        html.Should().NotContain("\u2028").And.NotContain("\u2029");
        Regex.Count(html, "</script>").Should().Be(2, "no name closes a script element");
        html.Should().Contain("<title>&lt;b&gt;&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</title>");
        Regex.Count(html, "<script>").Should().Be(1, "the placeholder in a name stays text");
        var data = Data(html);
        data["inputs"]![0]!["name"]!.GetValue<string>().Should().Be(Hostile);
        data["outputs"]![0]!["name"]!.GetValue<string>().Should().Be(other);
        data["title"]!.GetValue<string>().Should().Be("<b>" + Hostile);
    }

    [Fact]
    public void Several_steps_are_one_page_with_a_caption_each()
    {
        var network = MazurTour.CreateNetwork();
        var steps = Enumerable.Range(0, 3).Select(_ => StepTrace.Record(network, MazurTour.Input, MazurTour.Target, new Sgd(0.5))).ToArray();

        var data = Data(TraceHtml.Render(steps, new TraceHtmlOptions { StepNames = ["first", "second", "third"] }));

        data["steps"]!.AsArray().Select(s => s!["caption"]!.GetValue<string>()).Should().Equal("first", "second", "third");
        data["steps"]![2]!["loss"]!.GetValue<double>().Should().Be(steps[2].Loss).And.BeLessThan(steps[0].Loss);
        Data(TraceHtml.Render(steps))["steps"]![1]!["caption"]!.GetValue<string>().Should().Be("step 2 of 3");
    }

    [Fact]
    public void Wrong_inputs_are_refused_naming_what_is_wrong()
    {
        var trace = Mazur();
        var other = StepTrace.Record(Network.Create(2, [new LayerDefinition(3), new LayerDefinition(2)], new UniformInitializer(), 1),
            MazurTour.Input, MazurTour.Target, new Sgd(0.5));

        FluentActions.Invoking(() => TraceHtml.Render(trace, new TraceHtmlOptions { OutputNames = ["only one"] }))
            .Should().Throw<ArgumentException>().WithMessage("options.OutputNames has 1 names, but the page has 2 outputs.*");
        FluentActions.Invoking(() => TraceHtml.Render([trace, other]))
            .Should().Throw<ArgumentException>().WithMessage("steps[1] is of a 2-3-2 network, steps[0] of a 2-2-2 one*");
        FluentActions.Invoking(() => TraceHtml.Render(Array.Empty<StepTrace>())).Should().Throw<ArgumentException>().WithMessage("There are no steps*");
        FluentActions.Invoking(() => TraceHtml.Render(Enumerable.Repeat(trace, TraceHtml.MaxWeights / 8 + 1).ToArray()))
            .Should().Throw<ArgumentException>().WithMessage("The page would hold 20008 weights (8 per step × 2501 steps)*");
        FluentActions.Invoking(() => new TraceHtmlOptions { Digits = 0 }).Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Digits");
        FluentActions.Invoking(() => new TraceHtmlOptions { InputNames = ["a", null!] }).Should().Throw<ArgumentException>().WithMessage("InputNames[1] is null*");
    }

    [Fact]
    public void Write_puts_the_page_in_place_and_a_refused_page_leaves_the_file_as_it_was()
    {
        var trace = Mazur();
        string path = Path.Combine(_dir, "page.html");

        TraceHtml.Write(trace, path);
        File.ReadAllText(path).Should().Be(TraceHtml.Render(trace));
        File.WriteAllText(path, "before");
        FluentActions.Invoking(() => TraceHtml.Write(trace, path, new TraceHtmlOptions { InputNames = ["x"] })).Should().Throw<ArgumentException>();
        File.ReadAllText(path).Should().Be("before");
        Directory.GetFiles(_dir).Should().ContainSingle();
    }

    [Fact]
    public void The_pages_script_and_styles_are_readable_files_of_under_300_lines()
    {
        string folder = Path.Combine(Demo.DemoRunner.RepositoryRoot(), "src", "Backprop.Visualization", "Html");
        var files = Directory.GetFiles(folder).Where(f => f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".css", StringComparison.Ordinal)).ToArray();

        files.Should().HaveCountGreaterThan(5);
        foreach (var file in files) File.ReadAllLines(file).Length.Should().BeLessThan(300, file);
        foreach (var file in files.Where(f => f.EndsWith(".js", StringComparison.Ordinal)))
            File.ReadAllText(file).Should().NotContain("innerHTML", "data reach the page as text only").And.NotContain("</script", file);
    }

    private static string Hash(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("<script type=\"application/json\" id=\"explainer-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataElement();
}
