using System.Text.Json;
using System.Text.RegularExpressions;
using Backprop.Demo;
using Backprop.Demo.Tour;
using Backprop.Tests.Reference;

namespace Backprop.Tests.Demo;

public class TourTests
{
    private static readonly Lazy<(int ExitCode, string Output, string Error)> Tour = new(() => DemoRunner.Run());

    [Fact]
    [Trait("Category", "Integration")]
    public void The_tour_prints_every_figure_the_blog_prints_for_the_step()
    {
        Tour.Value.ExitCode.Should().Be(0, Tour.Value.Error);
        string text = Tour.Value.Output;
        foreach (var p in Golden.At("mazur", "single_step").EnumerateObject())
        {
            if (!p.Value.TryGetProperty("printed", out var printed) || !p.Value.GetProperty("agrees_with_print").GetBoolean()) continue;
            if (p.Name == "E_total_after_1_sequential") continue;
            text.Should().Contain(" " + printed.GetString() + " ", p.Name);
        }
        text.Should().Contain("0.298371109").And.Contain("0.35891648").And.Contain("0.408666186").And.Contain("0.511301270")
            .And.Contain("0.561370121").And.Contain("0.149780716").And.Contain("0.19956143").And.Contain("0.24975114").And.Contain("0.29950229");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_tour_prints_the_twenty_epoch_lines_and_all_ten_predictions_right()
    {
        string text = Tour.Value.Output;
        var printed = Golden.At("brownlee_tenpoint", "printed", "epoch_errors_3dp").EnumerateArray().Select(x => x.GetString()).ToArray();
        for (int e = 0; e < 20; e++) text.Should().Contain($">epoch={e}, lrate=0.500, error={printed[e]}");
        text.Should().Contain("10 of 10 predicted right.");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void The_tour_explains_why_the_blogs_post_training_figures_differ()
    {
        string text = Tour.Value.Output;
        text.Should().Contain("already-updated w5..w8");
        Regex.IsMatch(text, @"that rule: E_total after 1 update\s+0\.291027924\s+blog 0\.291027924\s+✓").Should().BeTrue();
        Regex.IsMatch(text, @"E_total after 1 update\s+0\.291027774\s+blog 0\.291027924\s+≠").Should().BeTrue();
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Json_gives_the_walkthrough_at_full_precision()
    {
        var (exit, output, error) = DemoRunner.Run("mazur", "--json");

        exit.Should().Be(0, error);
        var mazur = JsonDocument.Parse(output).RootElement.GetProperty("mazur");
        foreach (var p in Golden.At("mazur", "single_step").EnumerateObject())
        {
            double expected = p.Value.GetProperty("computed").GetDouble();
            mazur.GetProperty(p.Name).GetDouble().Should().BeApproximately(expected, Math.Abs(expected) * Golden.SingleStepRelative, p.Name);
        }
        double e10k = Golden.Number("mazur", "training_10000_updates", "parallel/frozen", "E_total");
        mazur.GetProperty("E_total_after_10000").GetDouble().Should().BeApproximately(e10k, e10k * Golden.LongRunRelative);
        double s10k = Golden.Number("mazur", "training_10000_updates", "sequential/frozen", "E_total");
        mazur.GetProperty("E_total_after_10000_sequential").GetDouble().Should().BeApproximately(s10k, s10k * Golden.LongRunRelative);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Json_gives_the_linear_example_and_the_ten_point_run()
    {
        var (exit, output, error) = DemoRunner.Run("--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("linear").GetProperty("loss_after").GetDouble()
            .Should().BeApproximately(Golden.Number("seed_linear", "loss_after"), 1e-12);
        var grads = root.GetProperty("linear").GetProperty("grad_y").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(x => x.GetDouble());
        var expected = Golden.At("seed_linear", "grad_y", "computed").EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(x => x.GetDouble());
        grads.Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-12 * Math.Abs(b));
        var tenpoint = root.GetProperty("tenpoint");
        tenpoint.GetProperty("epoch_errors").EnumerateArray().Select(x => x.GetDouble())
            .Should().Equal(Golden.Vector("brownlee_tenpoint", "computed", "tenpoint_epoch_errors"), (a, b) => Math.Abs(a - b) <= 1e-9 * b);
        tenpoint.GetProperty("correct").GetInt32().Should().Be(10);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void An_unknown_command_fails_with_a_message()
    {
        var (exit, _, error) = DemoRunner.Run("nonsense");

        exit.Should().NotBe(0);
        error.Should().Contain("nonsense");
    }

    [Fact]
    public void The_demos_ten_point_data_are_the_tutorials()
    {
        var rows = Golden.At("brownlee_tenpoint", "dataset").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray()).ToArray();
        for (int j = 0; j < 10; j++)
        for (int i = 0; i < 3; i++)
            TenPointTour.Rows[j, i].Should().Be(rows[j][i]);
    }

    [Fact]
    public void The_quick_start_prints_the_blogs_E_total_and_new_w5()
    {
        var writer = new StringWriter();
        QuickStart.Run(writer);

        writer.ToString().Should().Be($"E_total = 0.298371109{Environment.NewLine}w5     = 0.35891648{Environment.NewLine}");
    }

    [Theory]
    [InlineData("quickstart")]
    [InlineData("training")]
    public void The_readme_examples_are_the_compiled_quick_start(string region)
    {
        string root = DemoRunner.RepositoryRoot();
        string source = File.ReadAllText(Path.Combine(root, "samples", "Backprop.Demo", "QuickStart.cs"));
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var body = Regex.Match(source, $@"// #region {region}\r?\n(.*?)\s*// #endregion", RegexOptions.Singleline).Groups[1].Value;
        string code = string.Join("\n", body.Split('\n').Select(l => l.TrimEnd('\r')).Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));

        code.Should().NotBeEmpty();
        readme.Replace("\r\n", "\n").Should().Contain(code);
    }

    [Fact]
    public void The_training_example_classifies_iris()
    {
        var writer = new StringWriter();

        double accuracy = QuickStart.TrainIris(Path.Combine(AppContext.BaseDirectory, "Data", "iris.csv"), writer);

        accuracy.Should().BeGreaterThanOrEqualTo(0.95);
        writer.ToString().Should().StartWith("final loss ").And.Contain("test accuracy");
    }
}
