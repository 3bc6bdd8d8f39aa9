using ScottPlot;

namespace Backprop.Visualization;

/// <summary>
/// Where a chart's legend went: the corner of the data area and the legend's box there, in pixels of the picture
/// (y downwards), as ScottPlot draws it — its size aligned inside the data area less the legend's margin, plus
/// its shadow.
/// </summary>
/// <param name="Corner">The corner of the data area.</param>
/// <param name="Left">The box's left side.</param>
/// <param name="Top">The box's top.</param>
/// <param name="Right">The box's right side.</param>
/// <param name="Bottom">The box's bottom.</param>
internal sealed record LegendPlacement(Alignment Corner, double Left, double Top, double Right, double Bottom)
{
    /// <summary>The room, in pixels, kept between the legend's box and any line.</summary>
    public const double Clearance = 3;

    /// <summary>How many times the y axis is extended upwards, each time by the legend's height, before giving up.</summary>
    private const int MaxHeadroomSteps = 4;

    /// <summary>The corners tried, in order: loss curves fall, so the upper right is usually free.</summary>
    private static readonly Alignment[] Corners = [Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerLeft, Alignment.LowerRight];

    /// <summary>The legend's box as a <see cref="Box"/>, grown by <see cref="Clearance"/>.</summary>
    public Box Box => new((Left + Right) / 2, (Top + Bottom) / 2, (Right - Left) / 2 + Clearance, (Bottom - Top) / 2 + Clearance, 0);

    /// <summary>True when no segment of the lines, in the plot's pixels, meets <see cref="Box"/>.</summary>
    public bool IsClearOf(Plot plot, IEnumerable<TrainingPlots.Series> series)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var box = Box;
        foreach (var s in series)
        {
            var pixels = s.X.Zip(s.Y, (x, y) => plot.GetPixel(new Coordinates(x, y))).ToArray();
            if (pixels.Length == 1 && box.Intersects(new Segment(pixels[0].X, pixels[0].Y, pixels[0].X, pixels[0].Y))) return false;
            for (int k = 1; k < pixels.Length; k++)
                if (box.Intersects(new Segment(pixels[k - 1].X, pixels[k - 1].Y, pixels[k].X, pixels[k].Y))) return false;
        }
        return true;
    }

    /// <summary>
    /// Fixes the axis limits of <paramref name="plot"/> (as autoscaled for width × height) and moves its legend to
    /// the first corner no line passes through, extending the y axis upwards by the legend's height when none is.
    /// </summary>
    public static LegendPlacement Place(Plot plot, IReadOnlyList<TrainingPlots.Series> series, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.RenderInMemory(width, height);
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimits(limits);
        using var legendImage = plot.Legend.GetImage();
        double legendWidth = legendImage.Width, legendHeight = legendImage.Height;
        var shadow = plot.Legend.ShadowOffset;
        LegendPlacement? first = null;
        for (int step = 0; step <= MaxHeadroomSteps; step++)
        {
            plot.RenderInMemory(width, height); // the data area and the pixel mapping of these limits
            var data = plot.RenderManager.LastRender.DataRect;
            var margin = plot.Legend.Margin;
            foreach (var corner in Corners)
            {
                var placement = At(corner, data.Left + margin.Left, data.Top + margin.Top, data.Right - margin.Right, data.Bottom - margin.Bottom,
                    legendWidth, legendHeight, shadow);
                first ??= placement;
                if (!placement.IsClearOf(plot, series)) continue;
                plot.Legend.Alignment = corner;
                return placement;
            }
            // No corner is free: raise the top of the y axis by the legend's height (and its margins), in data units.
            var now = plot.Axes.GetLimits();
            double unitsPerPixel = (now.Top - now.Bottom) / data.Height;
            plot.Axes.SetLimitsY(now.Bottom, now.Top + (legendHeight + margin.Top + margin.Bottom + 2 * Clearance) * unitsPerPixel);
        }
        // Lines everywhere (noisy data): the upper right, on top of them, as ScottPlot would have it.
        plot.Axes.SetLimits(limits);
        plot.Legend.Alignment = first!.Corner;
        return first;
    }

    /// <summary>The legend's rectangle in <paramref name="corner"/> of the area, together with its shadow.</summary>
    private static LegendPlacement At(Alignment corner, double left, double top, double right, double bottom, double width, double height,
        PixelOffset shadow)
    {
        bool upper = corner is Alignment.UpperLeft or Alignment.UpperRight, leftSide = corner is Alignment.UpperLeft or Alignment.LowerLeft;
        double x = leftSide ? left : right - width, y = upper ? top : bottom - height;
        return new LegendPlacement(corner, Math.Min(x, x + shadow.X), Math.Min(y, y + shadow.Y),
            Math.Max(x + width, x + width + shadow.X), Math.Max(y + height, y + height + shadow.Y));
    }
}
