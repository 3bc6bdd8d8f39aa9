namespace Backprop.MLNet.Scoring;

/// <summary>
/// Disposes, when the process exits, the fitted scoring chains still alive, so that their ONNX transformers delete the
/// temporary copies of their models: ML.NET deletes such a copy when its transformer is disposed or collected, and
/// neither happens at exit. (A chain collected before then has deleted its copy already; the references are weak,
/// so this keeps nothing alive.)
/// </summary>
internal static class ExitCleanup
{
    private static readonly List<WeakReference<IDisposable>> Live = [];
    private static bool _hooked;

    public static void Register(IDisposable chain)
    {
        lock (Live)
        {
            Live.RemoveAll(r => !r.TryGetTarget(out _));
            Live.Add(new WeakReference<IDisposable>(chain));
            if (_hooked) return;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAll();
            _hooked = true;
        }
    }

    private static void DisposeAll()
    {
        IDisposable[] alive;
        lock (Live) alive = [.. Live.Select(r => r.TryGetTarget(out var d) ? d : null).OfType<IDisposable>()];
        foreach (var chain in alive) chain.Dispose();
    }
}
