using System.Text.Json;
using Backprop.Tests.Reference;

namespace Backprop.Tests.Demo;

// Every test runs the demo in a process of its own.
[Trait("Category", "Integration")]
public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Mazur_trace_prints_the_blogs_step_as_tables()
    {
        var (exit, output, error) = DemoRunner.Run("mazur", "--trace");

        exit.Should().Be(0, error);
        output.Should().Contain("The forward pass").And.Contain("The backwards pass").And.Contain("The weights");
        output.Should().Contain("0.29837110876").And.Contain("w[o1←h1]").And.Contain("0.358916479718").And.Contain("∂E_total/∂w1");
    }

    [Fact]
    public void Explain_with_the_blogs_weights_reproduces_the_blogs_step_in_json()
    {
        var (exit, output, error) = DemoRunner.Run("explain", "--sizes", "2,2,2", "--weights", "0.15,0.2,0.25,0.3;0.4,0.45,0.5,0.55",
            "--biases", "0.35,0.35;0.6,0.6", "--bias-mode", "frozen", "--input", "0.05,0.1", "--target", "0.01,0.99", "--chain", "w5", "--json");

        exit.Should().Be(0, error);
        var root = JsonDocument.Parse(output).RootElement;
        double e = Golden.Number("mazur", "single_step", "E_total", "computed");
        root.GetProperty("loss").GetDouble().Should().BeApproximately(e, e * 1e-12);
        root.GetProperty("chain_rule").GetProperty("unambiguous").GetString().Should().Be("w[o1←h1]");
        double w5 = Golden.Number("mazur", "single_step", "w5_new", "computed");
        root.GetProperty("layers")[1].GetProperty("weights")[0].GetProperty("after").GetDouble().Should().BeApproximately(w5, w5 * 1e-12);
    }

    [Fact]
    public void Explain_traces_any_network_with_finite_differences_markdown_and_pictures()
    {
        string svg = Path.Combine(_dir, "net.svg");
        string dot = Path.Combine(_dir, "net.dot");

        var (exit, output, error) = DemoRunner.Run("explain", "--sizes", "3,4,2", "--activation", "tanh", "--loss", "categorical-cross-entropy",
            "--finite-differences", "--markdown", "--chain", "2,1,3", "--diagram", svg, "--dot", dot);

        exit.Should().Be(0, error);
        output.Should().Contain("## Forward pass").And.Contain("| o1 |").And.Contain("finite difference").And.Contain("∂E_total/∂w15 (w[o1←h3])");
        File.ReadAllText(svg).Should().Contain("h4");
        File.ReadAllText(dot).Should().Contain("\"h4\" -> \"o2\"");
    }

    [Fact]
    public void Explain_rejects_inputs_of_the_wrong_length()
    {
        var (exit, _, error) = DemoRunner.Run("explain", "--sizes", "2,2", "--input", "1,2,3");

        exit.Should().Be(2);
        error.Should().Contain("--input 1,2,3: 3 values, but the network needs 2");
    }

    [Fact]
    public void The_tour_writes_the_diagram_and_the_loss_curve_and_says_where()
    {
        var (exit, output, error) = DemoRunner.Run("--out", _dir);

        exit.Should().Be(0, error);
        output.Should().Contain(Path.Combine(_dir, "mazur-network.png")).And.Contain(Path.Combine(_dir, "tenpoint-loss.png"));
        new FileInfo(Path.Combine(_dir, "mazur-network.png")).Length.Should().BeGreaterThan(10_000);
        new FileInfo(Path.Combine(_dir, "tenpoint-loss.png")).Length.Should().BeGreaterThan(10_000);
    }
}
