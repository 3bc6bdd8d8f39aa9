using Backprop.Demo.Tour;
using Backprop.Interactive;
using Microsoft.DotNet.Interactive.Formatting;

namespace Backprop.Tests.Interactive;

public class BackpropFormattersTests
{
    [Fact]
    public void Registered_formatters_show_each_type_as_its_notebook_html()
    {
        var network = MazurTour.CreateNetwork();
        var trace = StepTrace.Record(network, MazurTour.Input, MazurTour.Target, new Sgd(0.5));
        var history = new Trainer(new Sgd(0.5), new TrainingOptions { Epochs = 3 }).Train(network, TenPointTour.Inputs().SubMatrix(0, 2, 0, 1), TenPointTour.Targets().SubMatrix(0, 2, 0, 1));
        var confusion = new ConfusionMatrix([0, 1], [0, 0], 2);

        BackpropFormatters.Register();

        trace.ToDisplayString(BackpropFormatters.MimeType).Should().Be(NotebookHtml.Render(trace));
        network.ToDisplayString(BackpropFormatters.MimeType).Should().Be(NotebookHtml.Render(network));
        history.ToDisplayString(BackpropFormatters.MimeType).Should().Be(NotebookHtml.Render(history));
        confusion.ToDisplayString(BackpropFormatters.MimeType).Should().Be(NotebookHtml.Render(confusion));
    }

    [Fact]
    public void The_packages_extension_script_registers_the_formatters()
    {
        string script = File.ReadAllText(Path.Combine(Demo.DemoRunner.RepositoryRoot(), "src", "Backprop.Interactive", "extension.dib"));

        script.Should().StartWith("#!csharp\n").And.Contain("Backprop.Interactive.BackpropFormatters.Register();");
    }
}
