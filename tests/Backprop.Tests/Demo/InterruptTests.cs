using System.Runtime.InteropServices;

namespace Backprop.Tests.Demo;

/// <summary>Ctrl-C during train, sent as SIGINT to the demo's process.</summary>
[Trait("Category", "Integration")]
public sealed class InterruptTests : IDisposable
{
    private const int Sigint = 2;

    private readonly string _dir = Directory.CreateTempSubdirectory("backprop-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // DllImport rather than LibraryImport, which would need unsafe code in the test project for one call.
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public async Task Ctrl_c_stops_at_a_batch_reports_the_partly_trained_network_saves_it_as_partial_and_exits_130()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // SIGINT by kill(2) is POSIX's
        string model = Path.Combine(_dir, "digits.json");
        using var process = DemoRunner.Start("train", "--data", "digits", "--epochs", "100000", "--save", model);
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            output.AppendLine(line);
            if (line.StartsWith("epoch ", StringComparison.Ordinal)) break;
        }
        line.Should().NotBeNull("training prints a line per epoch before it ends: " + output);

        Kill(process.Id, Sigint).Should().Be(0);
        var rest = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The first Ctrl-C should stop training at the next batch; the demo was still running after a minute.");
        }
        output.Append(await rest);

        string text = output.ToString(), errors = await error;
        process.ExitCode.Should().Be(130, errors);
        errors.Should().Contain("stopping at the next batch");
        text.Should().MatchRegex(@"interrupted \(Ctrl-C\) in epoch \d+/100000, before batch \d+: \d+ epochs? and \d+ batch(es)? trained");
        text.Should().Contain("test accuracy:").And.Contain("confusion matrix");
        text.Should().Contain($"model saved to {model} (partial: stopped in epoch ");
        var saved = Model.Load(model);
        saved.Network.InputSize.Should().Be(64);
        saved.ClassNames.Should().HaveCount(10, "the partial model is a whole model: scaling, network and classes");
        var training = saved.Metadata!.Training!;
        training["partial"].Should().Be("true");
        int.Parse(training["stoppedEpoch"], System.Globalization.CultureInfo.InvariantCulture).Should().Be(saved.Metadata.Epochs);
        training.Should().ContainKey("stoppedBatch");
    }
}
