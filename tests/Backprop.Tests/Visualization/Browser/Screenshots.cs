using System.Text.Json.Nodes;
using SkiaSharp;

namespace Backprop.Tests.Visualization.Browser;

/// <summary>Reads the page's screenshots back: whether text was drawn in each label's box, and the page's colours.</summary>
internal static class Screenshots
{
    /// <summary>How far (in the sum of |ΔR| + |ΔG| + |ΔB|) a pixel must be from the box's background to be ink.</summary>
    private const int InkContrast = 150;

    /// <summary>The pixels of the box that stand out from its most common colour (the label's background): the text.</summary>
    public static int Ink(string png, JsonNode box)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException($"{png} is not a readable PNG.");
        int left = (int)Math.Floor((double)box["x"]!), top = (int)Math.Floor((double)box["y"]!);
        int right = (int)Math.Ceiling((double)box["x"]! + (double)box["w"]!), bottom = (int)Math.Ceiling((double)box["y"]! + (double)box["h"]!);
        var pixels = new List<SKColor>();
        for (int y = Math.Max(0, top); y < Math.Min(bitmap.Height, bottom); y++)
        for (int x = Math.Max(0, left); x < Math.Min(bitmap.Width, right); x++)
            pixels.Add(bitmap.GetPixel(x, y));
        if (pixels.Count == 0) return 0;
        var background = pixels.GroupBy(c => c).MaxBy(g => g.Count())!.Key;
        return pixels.Count(c => Math.Abs(c.Red - background.Red) + Math.Abs(c.Green - background.Green) + Math.Abs(c.Blue - background.Blue) > InkContrast);
    }

    /// <summary>The mean brightness (0..255) of the screenshot's top-left corner, the page's background.</summary>
    public static double Background(string png)
    {
        using var bitmap = SKBitmap.Decode(png)!;
        double sum = 0;
        for (int y = 0; y < 6; y++)
        for (int x = 0; x < 6; x++)
        {
            var c = bitmap.GetPixel(x, y);
            sum += (c.Red + c.Green + c.Blue) / 3.0;
        }
        return sum / 36;
    }
}
