namespace Backprop.Tests.Demo;

[Trait("Category", "Integration")]
public sealed class ExplainerPageCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-page-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Mazur_html_writes_the_page_of_the_blogs_step()
    {
        string page = Path.Combine(_dir, "mazur.html");

        var (exit, output, error) = DemoRunner.Run("mazur", "--html", page);

        exit.Should().Be(0, error);
        output.Should().Contain($"explainer page written to {page}");
        string html = File.ReadAllText(page);
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("Mazur").And.Contain("\"w[o1←h1]\"");
    }

    [Fact]
    public void Tenpoint_and_explain_write_their_pages()
    {
        string ten = Path.Combine(_dir, "ten.html"), deep = Path.Combine(_dir, "deep.html");

        DemoRunner.Run("tenpoint", "--html", ten).ExitCode.Should().Be(0);
        var (exit, _, error) = DemoRunner.Run("explain", "--sizes", "3,4,3,2", "--activation", "tanh", "--html", deep, "--json");

        exit.Should().Be(0, error);
        File.ReadAllText(ten).Should().Contain("epoch 20, row 10");
        File.ReadAllText(deep).Should().Contain("\"finite_difference\":0.", "the page of explain records the finite differences");
    }

    [Fact]
    public void An_html_option_that_is_not_an_html_file_is_refused_before_any_output()
    {
        var (exit, output, error) = DemoRunner.Run("explain", "--sizes", "2,2", "--html", Path.Combine(_dir, "page.txt"));

        exit.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Contain("--html").And.Contain("must end in .html");
        DemoRunner.Run("mazur", "--html", Path.Combine(_dir, "missing", "p.html")).Error.Should().Contain("does not exist");
    }
}
