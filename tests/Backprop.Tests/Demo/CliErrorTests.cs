using Backprop.Demo.Commands;

namespace Backprop.Tests.Demo;

/// <summary>How exceptions become "error: …" lines and exit codes, in process.</summary>
public class CliErrorTests
{
    private static (int Code, string[] Lines) Report(Exception e)
    {
        using var error = new StringWriter();
        int code = Cli.Report(e, error);
        return (code, error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Bad_input_is_one_line_and_exit_code_2()
    {
        Report(new ArgumentException("--epochs 0: must be at least 1")).Should().BeEquivalentTo((2, new[] { "error: --epochs 0: must be at least 1" }));
        Report(new CsvFormatException("bad.csv", 3, 2, "'oops' is not a number.")).Should().BeEquivalentTo((2, new[] { "error: bad.csv, line 3, column 2: 'oops' is not a number." }));
        Report(new FileNotFoundException("--model m.json: no such file.")).Code.Should().Be(Cli.BadInput);
        Report(new TrainingDivergedException("the loss", 3, 7)).Code.Should().Be(Cli.BadInput);
    }

    [Fact]
    public void Dotnets_parameter_and_actual_value_tails_are_left_out()
    {
        var e = new ArgumentOutOfRangeException("Epochs", 0, "Epochs must be at least 1; got 0.");

        Report(e).Should().BeEquivalentTo((2, new[] { "error: Epochs must be at least 1; got 0." }));
    }

    [Fact]
    public void An_unexpected_exception_is_an_internal_error_with_a_hint_and_no_stack_trace()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("The workspace was not sized.");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var (code, lines) = Report(thrown);

        code.Should().Be(Cli.InternalError).And.Be(70);
        lines.Should().Equal("error: The workspace was not sized.",
            "hint: this is a fault in backprop, not in your input (InvalidOperationException); please report it with the command you ran.");
        thrown.StackTrace.Should().NotBeNullOrEmpty("the trace exists, and is still not printed");
    }

    [Fact]
    public void A_cancellation_is_exit_code_130_and_running_out_of_memory_is_bad_input_with_a_hint()
    {
        Report(new OperationCanceledException()).Code.Should().Be(130);
        var (code, lines) = Report(new InsufficientMemoryException("Array dimensions exceeded supported range."));
        code.Should().Be(2);
        lines.Should().HaveCount(2).And.Subject.First().Should().Be("error: out of memory: Array dimensions exceeded supported range.");
    }

    [Fact]
    public void Guarded_returns_the_actions_code_or_the_reported_one()
    {
        Cli.Guarded(() => 7).Should().Be(7);
    }
}
