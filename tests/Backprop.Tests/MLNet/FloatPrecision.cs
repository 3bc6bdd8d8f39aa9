namespace Backprop.Tests.MLNet;

/// <summary>
/// ML.NET's columns are float32; the Backprop trainers compute in double inside their ONNX graph and round each output
/// to float once. ONNX Runtime's Gemm sums in another order than Backprop, a few double ulps apart, which can move a
/// value that lies next to a float rounding boundary to the neighbouring float: so "to float precision" is one float
/// ulp of Backprop's own value rounded to float.
/// </summary>
internal static class FloatPrecision
{
    public static void ShouldMatch(float actual, double expected, string because)
    {
        float rounded = (float)expected;
        float ulp = MathF.BitIncrement(MathF.Abs(rounded)) - MathF.Abs(rounded);
        MathF.Abs(actual - rounded).Should().BeLessThanOrEqualTo(ulp, $"{because}: {actual:R} against Backprop's {expected:R}");
    }
}
