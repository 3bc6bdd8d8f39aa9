using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop;

/// <summary>
/// The generic core's calls of the public <see cref="Activation"/> and <see cref="Loss"/> methods, which have one
/// overload per precision: each call takes the double or the float overload by its type parameter (the
/// branch folds away in each instantiation).
/// </summary>
internal static class Calls
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Forward<T>(Activation f, ReadOnlySpan<T> net, Span<T> output, int neurons) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) f.Forward(D(net), D(output), neurons);
        else f.Forward(F(net), F(output), neurons);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Backward<T>(Activation f, ReadOnlySpan<T> net, ReadOnlySpan<T> output, ReadOnlySpan<T> outputGradient, Span<T> delta,
        int neurons) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) f.Backward(D(net), D(output), D(outputGradient), D(delta), neurons);
        else f.Backward(F(net), F(output), F(outputGradient), F(delta), neurons);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value<T>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target, int outputs) where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? loss.Value(D(output), D(target), outputs) : loss.Value(F(output), F(target), outputs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Gradient<T>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> gradient, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) loss.Gradient(D(output), D(target), D(gradient), outputs);
        else loss.Gradient(F(output), F(target), F(gradient), outputs);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FusedValue<T>(Loss loss, ReadOnlySpan<T> net, ReadOnlySpan<T> output, ReadOnlySpan<T> target, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(double)
            ? loss.FusedValue(D(net), D(output), D(target), outputs)
            : loss.FusedValue(F(net), F(output), F(target), outputs);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FusedDelta<T>(Loss loss, ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> delta, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) loss.FusedDelta(D(output), D(target), D(delta), outputs);
        else loss.FusedDelta(F(output), F(target), F(delta), outputs);
    }

    private static ReadOnlySpan<double> D<T>(ReadOnlySpan<T> x) where T : unmanaged => MemoryMarshal.Cast<T, double>(x);

    private static Span<double> D<T>(Span<T> x) where T : unmanaged => MemoryMarshal.Cast<T, double>(x);

    private static ReadOnlySpan<float> F<T>(ReadOnlySpan<T> x) where T : unmanaged => MemoryMarshal.Cast<T, float>(x);

    private static Span<float> F<T>(Span<T> x) where T : unmanaged => MemoryMarshal.Cast<T, float>(x);
}
