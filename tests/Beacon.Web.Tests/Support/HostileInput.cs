using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Support;

/// <summary>
/// Seeded generator of malformed notifications (issue #6 §2): JSON bodies and CSV rows with wrong types, missing and
/// unknown fields, huge values, invalid UTF-8, formula injection, control characters, impossible and out-of-range dates,
/// duplicate keys and broken syntax. The same seed gives the same cases.
/// </summary>
public sealed class HostileInput(int seed)
{
    private readonly Random random = new(seed);

    private static readonly string[] Nasty =
    [
        "", " ", "\t", "=HYPERLINK(\"http://example.org\",\"x\")", "+SUM(1+1)", "-2+3", "@cmd", "\u202Eevil", "\u200B", "😀😀",
        "'; DROP TABLE episodes; --", "<script>alert(1)</script>", "\0", "\r\n", "NaN", "-1", "99999999999999999999",
        "0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01", "31/12/2024", "2024-06-01T25:00:00Z", "2024-06-01T10:00:00",
        "2024-06-01T10:00:00+25:00", "1900-01-01T00:00:00Z", "3000-01-01T00:00:00Z", "E99999999", "UNKNOWN", "null",
        "9434765918", "943476591", "ÀÉÎÕÜ", "a\"b", "a,b", "\"", "\\",
    ];

    /// <summary>A JSON body derived from a valid notification by one to three mutations, as raw text.</summary>
    public string JsonBody(Dictionary<string, string?> valid)
    {
        var fields = valid.ToDictionary(kv => kv.Key, kv => (object?)kv.Value);
        var raw = (string?)null;
        for (var i = 0; i < random.Next(1, 4); i++)
        {
            var key = fields.Keys.ElementAt(random.Next(fields.Count));
            switch (random.Next(10))
            {
                case 0: fields.Remove(key); break;
                case 1: fields[key] = random.Next(3) switch { 0 => 12345, 1 => true, _ => 3.5 }; break;
                case 2: fields[key] = new[] { "a", "b" }; break;
                case 3: fields[key] = new Dictionary<string, object> { ["nested"] = 1 }; break;
                case 4: fields[key] = new string('x', random.Next(2) == 0 ? 5_000 : 200_000); break;
                case 5: fields[key] = null; break;
                case 6: fields[$"unknown_{random.Next(100)}"] = "extra"; break;
                default: fields[key] = Nasty[random.Next(Nasty.Length)]; break;
            }
        }

        var json = JsonSerializer.Serialize(fields);
        switch (random.Next(12))
        {
            case 0: raw = json[..random.Next(1, json.Length)]; break; // truncated
            case 1: raw = json.Insert(1, "\"police_reference\":\"DUP-1\","); break; // duplicate key
            case 2: raw = "[" + json + "]"; break;
            case 3: raw = json.Replace("\"given_name\"", "\"given_name\u0000\"", StringComparison.Ordinal); break;
            case 4: raw = new string('[', 5000) + new string(']', 5000); break; // deep nesting
            case 5: raw = json.Replace("\"", "'", StringComparison.Ordinal); break;
        }

        return raw ?? json;
    }

    /// <summary>A CSV file: a header (sometimes broken) and rows, some valid and some mutated; the valid rows' references
    /// are returned so a test can check they were imported.</summary>
    public (byte[] Bytes, IReadOnlyList<string> ValidReferences, bool BrokenHeader) CsvFile(Func<Dictionary<string, string?>> valid, int rows) =>
        CsvFile(valid, rows, Beacon.Web.Features.Missing.NotificationInput.Columns, "police_reference", "circumstances");

    /// <summary>The same for any import: its columns, the column that identifies a row, and a free-text column to overfill.</summary>
    public (byte[] Bytes, IReadOnlyList<string> ValidReferences, bool BrokenHeader) CsvFile(Func<Dictionary<string, string?>> valid, int rows, IReadOnlyList<string> allColumns, string keyColumn, string textColumn)
    {
        var columns = allColumns.OrderBy(_ => random.Next()).ToList();
        var brokenHeader = random.Next(12) == 0;
        if (brokenHeader)
        {
            columns.RemoveAt(random.Next(columns.Count)); // a required column missing: nothing may be imported
        }

        var text = new MemoryStream();
        void Write(string s) => text.Write(Encoding.UTF8.GetBytes(s));
        if (random.Next(4) == 0)
        {
            text.Write([0xEF, 0xBB, 0xBF]); // BOM
        }

        var newline = random.Next(2) == 0 ? "\n" : "\r\n";
        Write(string.Join(",", columns) + newline);
        var validReferences = new List<string>();
        for (var r = 0; r < rows; r++)
        {
            var row = valid();
            var good = random.Next(3) == 0;
            if (good)
            {
                validReferences.Add(row[keyColumn]!);
                Write(string.Join(",", columns.Select(c => Quote(row.GetValueOrDefault(c)))) + newline);
                continue;
            }

            switch (random.Next(6))
            {
                case 0: // invalid UTF-8 inside a field
                    Write(string.Join(",", columns.Take(2).Select(c => Quote(row.GetValueOrDefault(c)))) + ",");
                    text.Write([0xC3, 0x28, 0xFF]);
                    Write("," + string.Join(",", columns.Skip(3).Select(c => Quote(row.GetValueOrDefault(c)))) + newline);
                    break;
                case 1: // too few values
                    Write(string.Join(",", columns.Skip(1).Select(c => Quote(row.GetValueOrDefault(c)))) + newline);
                    break;
                case 2: // an unbalanced quote, closed on the next line
                    Write(string.Join(",", columns.Select(c => c == textColumn ? "\"unclosed" : Quote(row.GetValueOrDefault(c)))) + newline + "\"" + newline);
                    break;
                default: // nasty values
                    var column = columns[random.Next(columns.Count)];
                    row[column] = Nasty[random.Next(Nasty.Length)];
                    if (random.Next(5) == 0)
                    {
                        row[textColumn] = new string('y', 300_000);
                    }

                    Write(string.Join(",", columns.Select(c => Quote(row.GetValueOrDefault(c)))) + newline);
                    break;
            }
        }

        return (text.ToArray(), brokenHeader ? [] : validReferences, brokenHeader);
    }

    private static string Quote(string? value) => value is null ? string.Empty : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Hostile requests for every <c>/api/v1</c> endpoint and every page (issue #16 §10), enumerated from the app's own
/// endpoint data source and JSON options, so a new endpoint, parameter or field is covered without editing the suite:
/// control characters, NUL and broken Unicode in each query parameter and JSON string; nulls for fields, in arrays and
/// in maps; extreme, negative and fractional numbers; wrong types; malformed JSON and bad charsets.
/// </summary>
public static class HostileRequests
{
    /// <summary>An API operation: method, route template, query parameters and the JSON body's type (if any).</summary>
    public sealed record Operation(string Method, string Route, IReadOnlyList<(string Name, Type Type)> Query, Type? Body);

    /// <summary>One request: what it tests, and the field a 400 must name (null: only "no server error").</summary>
    public sealed record Case(string Description, string Query, string? Body, string ContentType, string? MustName);

    /// <summary>Text Beacon must refuse wherever text is accepted.</summary>
    public static readonly string[] RefusedText = ["a\0b", "\0", "a\u0001b", "\u007f", "a\u001bb", "\u0085", "\ud800", "x\udc00"];

    private static readonly string[] IntegerValues = ["2147483648", "-2147483649", "99999999999999999999", "1e30", "1.5", "-1", "0", "2147483647", "-2147483648", "NaN", "\"1\"", "true"];

    public static IReadOnlyList<Operation> ApiOperations(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e =>
            {
                var handler = e.Metadata.GetMetadata<MethodInfo>();
                var routeNames = e.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
                var query = (handler?.GetParameters() ?? []).Where(p => !routeNames.Contains(p.Name!) && IsSimple(p.ParameterType) && p.GetCustomAttribute<FromServicesAttribute>() is null)
                    .Select(p => (p.GetCustomAttribute<FromQueryAttribute>()?.Name ?? p.Name!, p.ParameterType)).ToList();
                var body = e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
                return (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Operation(m, e.RoutePattern.RawText!, query, body));
            })];

    /// <summary>Every page route without route parameters (GET), from the same data source.</summary>
    public static IReadOnlyList<string> PageRoutes(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null && e.RoutePattern.Parameters.Count == 0)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).Distinct().Order()];

    private static bool IsSimple(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t.IsPrimitive || t == typeof(string) || t == typeof(string[]) || t == typeof(Guid));

    private static bool IsInteger(Type type) => (Nullable.GetUnderlyingType(type) ?? type) is var t && (t == typeof(int) || t == typeof(long));

    /// <summary>The cases for one operation: each query parameter, each JSON field (nested objects too) and the body as a whole.</summary>
    public static IEnumerable<Case> Cases(Operation operation, JsonSerializerOptions json)
    {
        foreach (var (name, type) in operation.Query)
        {
            foreach (var text in RefusedText.Where(t => !t.Any(char.IsSurrogate)))
            {
                yield return new Case($"query {name}={Escape(text)}", $"{name}={Uri.EscapeDataString(text)}", Baseline(operation, json), "application/json", name);
            }

            foreach (var raw in new[] { "%ED%A0%80", "%FF%FE", "%C3%28" }) // invalid UTF-8: read as U+FFFD, accepted as text
            {
                yield return new Case($"query {name}={raw}", $"{name}={raw}", Baseline(operation, json), "application/json", null);
            }

            yield return new Case($"query name with NUL", $"{Uri.EscapeDataString(name + "\0")}=1", Baseline(operation, json), "application/json", "query");
            foreach (var value in IsInteger(type) ? IntegerValues : ["", "%", new string('x', 5_000)])
            {
                yield return new Case($"query {name}={value[..Math.Min(value.Length, 20)]}", $"{name}={Uri.EscapeDataString(value)}", Baseline(operation, json), "application/json", null);
            }
        }

        if (operation.Body is null)
        {
            yield break;
        }

        var baseline = (JsonObject)Sample(operation.Body, json, 0)!;
        foreach (var (path, type) in Leaves(operation.Body, json, []))
        {
            var leaf = path[^1];
            foreach (var (label, value, mustName) in Mutations(type, json))
            {
                var body = (JsonObject)baseline.DeepClone();
                var parent = path[..^1].Aggregate((JsonNode)body, (node, step) => node[step]!);
                parent[leaf] = value;
                yield return new Case($"{string.Join('.', path)}: {label}", string.Empty, Unmark(body.ToJsonString()), "application/json", mustName ? leaf : null);
            }
        }

        var valid = baseline.ToJsonString();
        foreach (var (label, raw) in new (string, string)[]
        {
            ("empty body", string.Empty), ("truncated", valid[..(valid.Length / 2)]), ("open brace", "{"), ("trailing garbage", valid + "}"),
            ("single quotes", valid.Replace('"', '\'')), ("null", "null"), ("array", "[" + valid + "]"), ("string", "\"text\""), ("number", "12"),
            ("deep nesting", new string('[', 5_000) + new string(']', 5_000)), ("NUL in a name", valid.Insert(2, "\\u0000")), ("comment", "/* x */" + valid),
            ("duplicate key", valid.Length > 2 ? valid.Insert(1, valid[1..^1] + ",") : valid),
        })
        {
            yield return new Case($"body: {label}", string.Empty, raw, "application/json", null);
        }

        foreach (var contentType in new[] { "application/json; charset=no-such-charset", "application/json; charset=\"\"", "application/json; charset=utf-7", "text/plain", "application/x-www-form-urlencoded", "application/json; charset" })
        {
            yield return new Case($"content type {contentType}", string.Empty, valid, contentType, null);
        }
    }

    private const string SurrogateMark = "@@lone-surrogate@@";

    private static string Unmark(string json) => json.Replace($"\"{SurrogateMark}\"", "\"x\\ud800y\"", StringComparison.Ordinal);

    private static IEnumerable<(string Label, JsonNode? Value, bool MustName)> Mutations(Type type, JsonSerializerOptions json)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        yield return ("null", null, false);
        yield return ("object", new JsonObject { ["nested"] = 1 }, t == typeof(string) || t.IsPrimitive);
        if (t == typeof(string))
        {
            foreach (var text in new[] { "a\0b", "\u0001", "\u0085" })
            {
                yield return ($"string {Escape(text)}", text, true);
            }

            yield return ("lone surrogate", SurrogateMark, true);
            yield return ("number", 12345, true);
            yield return ("huge", new string('x', 100_000), false);
        }
        else if (IsInteger(t))
        {
            foreach (var value in IntegerValues)
            {
                yield return ($"number {value}", JsonNode.Parse(value == "NaN" ? "\"NaN\"" : value), value is not ("-1" or "0" or "2147483647" or "-2147483648" or "\"1\"")); // web JSON reads "1" as 1
            }
        }
        else if (IsCollection(t, json))
        {
            var map = json.GetTypeInfo(t).Kind == JsonTypeInfoKind.Dictionary;
            if (map)
            {
                yield return ("map with a null value", new JsonObject { ["a"] = null }, true);
                yield return ("map with NUL in a key", new JsonObject { ["a\0"] = "x" }, true);
                yield return ("map with NUL in a value", new JsonObject { ["a"] = "b\0" }, true);
            }
            else
            {
                yield return ("[null, \"CSE\"]", new JsonArray(null, "CSE"), true);
                yield return ("[null]", new JsonArray((JsonNode?)null), true);
                yield return ("[\"a\\u0000\"]", new JsonArray("a\0"), true);
                yield return ("[1]", new JsonArray(1), true);
                yield return ("[[]]", new JsonArray(new JsonArray()), true);
            }
        }
        else if (t == typeof(bool))
        {
            yield return ("number", 2, true);
            yield return ("string", "yes", true);
        }
        else
        {
            yield return ("number", 12345, true);
            yield return ("NUL string", "\0", true);
        }
    }

    private static bool IsCollection(Type type, JsonSerializerOptions json) =>
        type != typeof(string) && json.GetTypeInfo(type).Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary;

    /// <summary>Each leaf property's JSON path and type, nested objects included.</summary>
    private static IEnumerable<(string[] Path, Type Type)> Leaves(Type type, JsonSerializerOptions json, string[] prefix)
    {
        foreach (var property in json.GetTypeInfo(type).Properties)
        {
            var path = (string[])[.. prefix, property.Name];
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (t != typeof(string) && !IsSimple(t) && json.GetTypeInfo(t).Kind == JsonTypeInfoKind.Object && prefix.Length < 3)
            {
                yield return (path, property.PropertyType);
                foreach (var leaf in Leaves(t, json, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return (path, property.PropertyType);
            }
        }
    }

    /// <summary>A well-formed body of plausible shape (not a valid request): placeholder values of the right types.</summary>
    public static string? Baseline(Operation operation, JsonSerializerOptions json) => operation.Body is null ? null : Sample(operation.Body, json, 0)!.ToJsonString();

    private static JsonNode? Sample(Type type, JsonSerializerOptions json, int depth)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string) || depth > 3)
        {
            return "x";
        }

        if (IsInteger(t))
        {
            return 1;
        }

        if (t == typeof(bool))
        {
            return false;
        }

        if (t == typeof(Guid))
        {
            return "00000000-0000-0000-0000-000000000001";
        }

        if (t == typeof(NodaTime.LocalDate))
        {
            return "2026-01-01";
        }

        if (t == typeof(NodaTime.Instant))
        {
            return "2026-01-01T00:00:00Z";
        }

        var info = json.GetTypeInfo(t);
        return info.Kind switch
        {
            JsonTypeInfoKind.Enumerable => new JsonArray(Sample(info.ElementType!, json, depth + 1)),
            JsonTypeInfoKind.Dictionary => new JsonObject { ["x"] = Sample(info.ElementType!, json, depth + 1) },
            JsonTypeInfoKind.Object => new JsonObject(info.Properties.Select(p => KeyValuePair.Create(p.Name, Sample(p.PropertyType, json, depth + 1)))),
            _ => "x",
        };
    }

    private static string Escape(string text) => string.Concat(text.Select(c => char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
