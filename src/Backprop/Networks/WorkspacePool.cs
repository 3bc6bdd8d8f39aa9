namespace Backprop;

/// <summary>The pools' shared setting.</summary>
internal static class WorkspacePool
{
    /// <summary>Workspaces larger than this many columns are not kept, so that one huge batch does not pin its
    /// buffers for the network's lifetime; <see cref="Network.Predict(MathNet.Numerics.LinearAlgebra.Matrix{double})"/>
    /// goes in chunks of this size.</summary>
    public const int MaxPooledColumns = 256;
}

/// <summary>
/// Prediction workspaces for any number of threads at once, without locks and without allocating in steady state:
/// a thread takes a workspace out of a slot (or makes one when all are taken) and puts it back after the pass.
/// </summary>
internal sealed class WorkspacePool<T>(Network network) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    /// <summary>Workspaces larger than this many columns are not kept, so that one huge batch does not pin its
    /// buffers for the network's lifetime; <see cref="Network.Predict(MathNet.Numerics.LinearAlgebra.Matrix{double})"/>
    /// goes in chunks of this size.</summary>
    public const int MaxPooledColumns = WorkspacePool.MaxPooledColumns;

    // Two per core: threads beyond that wait on the cores anyway, and the rare extra workspace is made and dropped.
    private readonly Workspace<T>?[] _slots = new Workspace<T>?[Math.Clamp(2 * Environment.ProcessorCount, 2, 64)];

    /// <summary>A workspace sized for <paramref name="columns"/> samples, for this thread alone until returned.</summary>
    public Workspace<T> Rent(int columns)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            var w = Interlocked.Exchange(ref _slots[i], null);
            if (w is not null) return w.Resize(columns);
        }
        return new Workspace<T>(network, gradients: false).Resize(columns);
    }

    /// <summary>Gives a workspace back; it is dropped when every slot is full or it has grown too large.</summary>
    public void Return(Workspace<T> workspace)
    {
        if (workspace.Capacity > MaxPooledColumns) return;
        for (int i = 0; i < _slots.Length; i++)
            if (Interlocked.CompareExchange(ref _slots[i], workspace, null) is null) return;
    }
}
