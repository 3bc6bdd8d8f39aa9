namespace Backprop.Visualization;

/// <summary>A straight line from (X1, Y1) to (X2, Y2), in the diagram's pixels (y grows downwards).</summary>
internal readonly record struct Segment(double X1, double Y1, double X2, double Y2)
{
    /// <summary>The point at fraction <paramref name="t"/> from the start (0) to the end (1).</summary>
    public (double X, double Y) At(double t) => (X1 + t * (X2 - X1), Y1 + t * (Y2 - Y1));

    /// <summary>The direction in radians, clockwise from the x axis on the screen (y grows downwards).</summary>
    public double Angle => Math.Atan2(Y2 - Y1, X2 - X1);
}

/// <summary>
/// A rectangle centred on (X, Y), HalfWidth × HalfHeight from the centre to its sides, turned by Angle radians
/// clockwise on the screen: the box a label's text and background fill.
/// </summary>
internal readonly record struct Box(double X, double Y, double HalfWidth, double HalfHeight, double Angle)
{
    private readonly double _cos = Math.Cos(Angle), _sin = Math.Sin(Angle);

    /// <summary>The box grown by <paramref name="margin"/> on every side.</summary>
    public Box Inflate(double margin) => this with { HalfWidth = HalfWidth + margin, HalfHeight = HalfHeight + margin };

    /// <summary>The distance from the centre to a corner: no point of the box is farther.</summary>
    public double Reach => Math.Sqrt(HalfWidth * HalfWidth + HalfHeight * HalfHeight);

    /// <summary>The four corners, in order round the box.</summary>
    public (double X, double Y)[] Corners()
    {
        var (c, s, x, y) = (_cos, _sin, X, Y);
        (double X, double Y) P(double u, double v) => (x + u * c - v * s, y + u * s + v * c);
        return [P(-HalfWidth, -HalfHeight), P(HalfWidth, -HalfHeight), P(HalfWidth, HalfHeight), P(-HalfWidth, HalfHeight)];
    }

    /// <summary>The smallest upright rectangle holding the box: (left, top, right, bottom).</summary>
    public (double Left, double Top, double Right, double Bottom) Bounds()
    {
        var corners = Corners();
        return (corners.Min(p => p.X), corners.Min(p => p.Y), corners.Max(p => p.X), corners.Max(p => p.Y));
    }

    /// <summary>True when the two boxes share any point (the separating axis test over the four side directions).</summary>
    public bool Overlaps(Box other)
    {
        double dx = other.X - X, dy = other.Y - Y;
        if (dx * dx + dy * dy > (Reach + other.Reach) * (Reach + other.Reach)) return false;
        foreach (double angle in new[] { Angle, Angle + Math.PI / 2, other.Angle, other.Angle + Math.PI / 2 })
        {
            var (ax, ay) = (Math.Cos(angle), Math.Sin(angle));
            var (min1, max1) = Project(this, ax, ay);
            var (min2, max2) = Project(other, ax, ay);
            if (max1 < min2 || max2 < min1) return false;
        }
        return true;
    }

    /// <summary>True when the segment passes through or touches the box (clipped in the box's own frame).</summary>
    public bool Intersects(Segment segment)
    {
        var (x1, y1) = Local(segment.X1, segment.Y1);
        var (x2, y2) = Local(segment.X2, segment.Y2);
        double t0 = 0, t1 = 1, dx = x2 - x1, dy = y2 - y1;
        // Liang–Barsky: clip the segment against each of the four sides in turn.
        foreach (var (p, q) in new[] { (-dx, x1 + HalfWidth), (dx, HalfWidth - x1), (-dy, y1 + HalfHeight), (dy, HalfHeight - y1) })
        {
            if (p == 0)
            {
                if (q < 0) return false;
                continue;
            }
            double r = q / p;
            if (p < 0) t0 = Math.Max(t0, r);
            else t1 = Math.Min(t1, r);
            if (t0 > t1) return false;
        }
        return true;
    }

    /// <summary>True when the circle and the box share any point.</summary>
    public bool Intersects(double cx, double cy, double radius)
    {
        var (x, y) = Local(cx, cy);
        double nx = Math.Clamp(x, -HalfWidth, HalfWidth) - x, ny = Math.Clamp(y, -HalfHeight, HalfHeight) - y;
        return nx * nx + ny * ny <= radius * radius;
    }

    /// <summary>True when every corner lies within the circle, so the whole box does.</summary>
    public bool IsInside(double cx, double cy, double radius) =>
        Corners().All(p => (p.X - cx) * (p.X - cx) + (p.Y - cy) * (p.Y - cy) <= radius * radius);

    private (double U, double V) Local(double x, double y)
    {
        var (c, s) = (_cos, _sin);
        double dx = x - X, dy = y - Y;
        return (dx * c + dy * s, -dx * s + dy * c);
    }

    private static (double Min, double Max) Project(Box box, double ax, double ay)
    {
        double min = double.MaxValue, max = double.MinValue;
        foreach (var (x, y) in box.Corners())
        {
            double d = x * ax + y * ay;
            min = Math.Min(min, d);
            max = Math.Max(max, d);
        }
        return (min, max);
    }
}
