using System.Text;
using System.Text.Json;

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
