using System.Runtime.InteropServices;

namespace Backprop.Demo.Commands;

/// <summary>
/// Ctrl-C (SIGINT) while training: the first asks training to stop at the next batch boundary (the command then
/// reports and saves what it has and exits with <see cref="Cli.Interrupted"/>); a second ends the process at once,
/// as Ctrl-C does by default.
/// </summary>
public sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _registration;
    private readonly TextWriter _notice;

    /// <summary>Starts listening for Ctrl-C; disposing stops.</summary>
    /// <param name="notice">Where to say, at the first Ctrl-C, that training will stop (standard error).</param>
    public Interrupt(TextWriter notice)
    {
        _notice = notice;
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Cancelled at the first Ctrl-C.</summary>
    public CancellationToken Token => _source.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        _registration.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested) return; // the second: the default, which ends the process
        context.Cancel = true;
        _notice.WriteLine("stopping at the next batch; Ctrl-C again to quit at once");
        _source.Cancel();
    }
}
