using SkiaSharp;

namespace Backprop.Tests.Visualization;

/// <summary>Reads back a written PNG to check that something, text included, was drawn where expected.</summary>
internal static class Pixels
{
    /// <summary>How many pixels in the rectangle are clearly darker than the white background.</summary>
    public static int Dark(string png, int left, int top, int right, int bottom)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException($"{png} is not a readable PNG.");
        int count = 0;
        for (int y = Math.Max(0, top); y < Math.Min(bitmap.Height, bottom); y++)
        for (int x = Math.Max(0, left); x < Math.Min(bitmap.Width, right); x++)
        {
            var c = bitmap.GetPixel(x, y);
            if (c.Red + c.Green + c.Blue < 3 * 160) count++;
        }
        return count;
    }

    public static (int Width, int Height) Size(string png)
    {
        using var bitmap = SKBitmap.Decode(png)!;
        return (bitmap.Width, bitmap.Height);
    }
}
