using System.Globalization;
using Backprop.Internal;

namespace Backprop;

/// <summary>
/// The stream of a network's dropout masks (see <see cref="DenseLayer.Dropout"/>): seeded by the caller, counted in
/// steps (one per update), and counter-based, so that the mask of a value depends only on the seed, the step, the
/// layer and the value's place in the batch — never on the thread count, the order of the work or how the batch
/// is split. Every pass before an update draws the masks of the step that update completes, so the passes of one
/// step (a gradient check's finite differences, a line search) all see the same masks.
/// </summary>
/// <remarks>
/// <para>SplitMix64 (Steele, Lea and Flood 2014): mix(z) = z ⊕ (z ≫ 30), ·0xBF58476D1CE4E5B9, ⊕ (≫ 27),
/// ·0x94D049BB133111EB, ⊕ (≫ 31), and γ = 0x9E3779B97F4A7C15. The seed s gives the key
/// k = mix(s + <see cref="Salt"/>); step t of layer l reads the SplitMix64 stream from
/// k_tl = mix(mix(k + (t + 1)·γ) + (l + 1)·γ): value i of the layer's outputs × batch block (column-major: sample c,
/// neuron j at i = j + c·outputs) has u_i = ⌊mix(k_tl + (i + 1)·γ) / 2¹¹⌋ · 2⁻⁵³ ∈ [0, 1) and is dropped (m_i = 0)
/// when u_i &lt; p, kept (m_i = 1) otherwise, so P(m_i = 1) = 1 − p to within 2⁻⁵³.</para>
/// <para>A mask is held as m_i·s with s = 1/(1 − p) rounded once, so out′ = out·(m·s) is one product.</para>
/// </remarks>
internal sealed class DropoutMasks
{
    /// <summary>Added to the seed before mixing, so that the dropout stream of seed s is not the shuffle's or any
    /// other SplitMix64 stream of the same s ("dropout" in ASCII).</summary>
    internal const ulong Salt = 0x64726F706F7574;

    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private ulong _key = Mix(Salt);

    /// <summary>The number of updates since the last <see cref="Seed"/>: the step whose masks a pass draws now.</summary>
    public long Steps { get; private set; }

    /// <summary>Restarts the stream at step 0 of <paramref name="seed"/>.</summary>
    public void Seed(int seed)
    {
        _key = Mix(unchecked((ulong)seed + Salt));
        Steps = 0;
    }

    /// <summary>Takes over another stream's key and step, so that the next step here draws the masks the next step
    /// there would (a gradient check on a copy checks the network's own next step).</summary>
    public void ContinueFrom(DropoutMasks other)
    {
        _key = other._key;
        Steps = other.Steps;
    }

    /// <summary>An update completed step <see cref="Steps"/>: the passes that follow draw the next step's masks.</summary>
    public void Advance() => Steps++;

    /// <summary>Draws the masks of step <see cref="Steps"/> into every dropout layer of a training workspace of
    /// <see cref="Workspace{T}.Columns"/> samples.</summary>
    public void Draw<T>(DenseLayer[] layers, Workspace<T> ws) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ulong step = Mix(_key + unchecked((ulong)(Steps + 1) * Gamma));
        for (int l = 0; l < layers.Length; l++)
        {
            var buffers = ws.Layers[l];
            if (!buffers.Drops) continue;
            Fill(buffers.MaskValues(ws.Columns), layers[l].Dropout, Mix(step + unchecked((ulong)(l + 1) * Gamma)));
        }
    }

    /// <summary>Fills <paramref name="mask"/> with m_i·1/(1 − p) from the stream that starts at <paramref name="start"/>.</summary>
    internal static void Fill<T>(Span<T> mask, double p, ulong start) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T kept = T.CreateTruncating(1.0 / (1.0 - p));
        ulong state = start;
        for (int i = 0; i < mask.Length; i++)
        {
            state += Gamma;
            mask[i] = Uniform(Mix(state)) < p ? T.Zero : kept;
        }
    }

    /// <summary>The top 53 bits of a 64-bit value as a double in [0, 1).</summary>
    internal static double Uniform(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>SplitMix64's finaliser, a bijection of 64-bit values.</summary>
    internal static ulong Mix(ulong z)
    {
        unchecked
        {
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Checks a dropout rate: p ∈ [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is negative, 1 or more, or NaN; the message names <paramref name="paramName"/>.</exception>
    internal static double CheckRate(double value, string paramName)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentOutOfRangeException(paramName, value, string.Create(CultureInfo.InvariantCulture,
                $"{paramName} must be in [0, 1) (the share of a layer's outputs dropped in training; 0 for none); got {Guard.Describe(value)}."));
        return value;
    }
}
