using System.Text.Json;

namespace Backprop;

/// <summary>Reads the fields of one JSON object, naming the path of anything missing, extra or mistyped.</summary>
/// <param name="element">The object.</param>
/// <param name="path">Its JSON path, for the messages.</param>
internal readonly struct JsonObjectReader(JsonElement element, string path)
{
    /// <summary>Checks that the element is an object with only the <paramref name="allowed"/> fields and all the
    /// required ones (an optional name ends with <c>?</c>).</summary>
    public void Fields(params string[] allowed)
    {
        if (element.ValueKind != JsonValueKind.Object) throw new ModelFormatException(path, $"expected an object, found {Kind(element)}.");
        var names = allowed.Select(a => a.TrimEnd('?')).ToHashSet();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            if (!names.Contains(p.Name)) throw new ModelFormatException($"{path}.{p.Name}", "unexpected field.");
            if (!seen.Add(p.Name)) throw new ModelFormatException($"{path}.{p.Name}", "appears twice; a field is given once.");
        }
        foreach (var a in allowed.Where(a => !a.EndsWith('?')))
            if (!element.TryGetProperty(a, out _)) throw new ModelFormatException($"{path}.{a}", "missing.");
    }

    public bool Has(string name) => element.TryGetProperty(name, out _);

    public JsonElement Get(string name) => element.GetProperty(name);

    public string String(string name)
    {
        var x = Get(name);
        return x.ValueKind == JsonValueKind.String ? x.GetString()! : throw new ModelFormatException($"{path}.{name}", $"expected a string, found {Kind(x)}.");
    }

    public int Int(string name)
    {
        var x = Get(name);
        return x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out int v) ? v
            : throw new ModelFormatException($"{path}.{name}", $"expected a whole number, found {(x.ValueKind == JsonValueKind.Number ? x.GetRawText() : Kind(x))}.");
    }

    public JsonElement Array(string name)
    {
        var x = Get(name);
        return x.ValueKind == JsonValueKind.Array ? x : throw new ModelFormatException($"{path}.{name}", $"expected an array, found {Kind(x)}.");
    }

    public JsonElement Object(string name)
    {
        var x = Get(name);
        return x.ValueKind == JsonValueKind.Object ? x : throw new ModelFormatException($"{path}.{name}", $"expected an object, found {Kind(x)}.");
    }

    /// <summary>A finite number, or a <see cref="ModelFormatException"/> at <paramref name="at"/>.</summary>
    public static double Number(JsonElement x, string at)
    {
        if (x.ValueKind != JsonValueKind.Number) throw new ModelFormatException(at, $"expected a number, found {Kind(x)}.");
        if (!x.TryGetDouble(out double v) || !double.IsFinite(v)) throw new ModelFormatException(at, $"{x.GetRawText()} is not a finite number.");
        return v;
    }

    private static string Kind(JsonElement x) => x.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{x.GetString()}\"",
        JsonValueKind.Null => "null",
        var k => k.ToString().ToLowerInvariant(),
    };
}
