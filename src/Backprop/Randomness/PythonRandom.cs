using System.Numerics;

namespace Backprop;

/// <summary>
/// A <see cref="Random"/> that draws exactly the numbers of Python 3's <c>random</c> module, so that a reader of a
/// Python tutorial gets its numbers in C#: <c>random.seed(n)</c>, <c>random()</c>, <c>getrandbits(k)</c> and
/// <c>randrange(n)</c>.
/// </summary>
/// <remarks>
/// The generator is MT19937 seeded by <c>init_by_array</c> with the seed's 32-bit words (least significant first,
/// of |seed|). <c>random()</c> = (a·2²⁶ + b) / 2⁵³ from two outputs a &gt;&gt; 5 and b &gt;&gt; 6; <c>randrange(n)</c>
/// draws k = bit_length(n) bits (the top k bits of one output) until the value is below n. <see cref="NextDouble"/>
/// is <see cref="Random()"/> and <see cref="Next(int)"/> is <see cref="RandRange(int)"/>.
/// </remarks>
public sealed class PythonRandom : Random
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    /// <summary>Seeds the generator as Python's <c>random.seed(seed)</c> does for an integer.</summary>
    /// <param name="seed">The seed (its absolute value is used, as in Python).</param>
    public PythonRandom(long seed)
    {
        var magnitude = BigInteger.Abs(seed);
        var key = new List<uint>();
        do
        {
            key.Add((uint)(magnitude & uint.MaxValue));
            magnitude >>= 32;
        } while (magnitude > 0);
        InitByArray(key);
    }

    /// <summary>The next 32-bit output of MT19937 (CPython's <c>genrand_uint32</c>).</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Python's <c>random()</c>: a double in [0, 1) with 53 random bits.</summary>
    public double Random()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>Python's <c>getrandbits(k)</c> for 1 ≤ k ≤ 32.</summary>
    /// <param name="k">The number of bits.</param>
    public uint GetRandBits(int k)
    {
        if (k is < 1 or > 32) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be between 1 and 32.");
        return NextUInt32() >> (32 - k);
    }

    /// <summary>Python 3's <c>randrange(n)</c>: an integer in [0, n), by rejection on bit_length(n) random bits.</summary>
    /// <param name="n">The exclusive upper bound, at least 1.</param>
    public int RandRange(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be at least 1.");
        int k = 32 - BitOperations.LeadingZeroCount((uint)n);
        uint r;
        do r = GetRandBits(k); while (r >= (uint)n);
        return (int)r;
    }

    /// <inheritdoc />
    public override double NextDouble() => Random();

    /// <inheritdoc />
    protected override double Sample() => Random();

    /// <inheritdoc />
    public override int Next() => RandRange(int.MaxValue);

    /// <inheritdoc />
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return maxValue == 0 ? 0 : RandRange(maxValue);
    }

    /// <inheritdoc />
    public override int Next(int minValue, int maxValue)
    {
        if (minValue > maxValue) throw new ArgumentOutOfRangeException(nameof(minValue), minValue, "minValue must not exceed maxValue.");
        long range = (long)maxValue - minValue;
        if (range == 0) return minValue;
        if (range <= int.MaxValue) return minValue + RandRange((int)range);
        return (int)(minValue + (long)(Random() * range));
    }

    /// <inheritdoc />
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)GetRandBits(8);
    }

    /// <inheritdoc />
    public override void NextBytes(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        NextBytes(buffer.AsSpan());
    }

    private void InitGenrand(uint s)
    {
        _mt[0] = s;
        for (int i = 1; i < N; i++) _mt[i] = 1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i;
        _index = N;
    }

    private void InitByArray(List<uint> key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Count); k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
            if (j >= key.Count) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = (_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
        }
        _mt[0] = 0x80000000u;
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1) != 0 ? 0x9908b0dfu : 0u);
        }
        _index = 0;
    }
}
