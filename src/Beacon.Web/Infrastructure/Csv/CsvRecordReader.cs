using System.Text;

namespace Beacon.Web.Infrastructure.Csv;

/// <summary>One CSV record: its fields, or why it could not be read, and the line it starts on (1-based).</summary>
public sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string? Problem);

/// <summary>
/// A streaming RFC 4180 reader over bytes (comma separated, double-quoted fields, doubled quotes, CRLF or LF, optional
/// UTF-8 BOM). Each record is decoded strictly as UTF-8 on its own, so one record with invalid bytes is reported and the
/// rest of the file still reads. Memory stays flat: one record at a time.
/// </summary>
public sealed class CsvRecordReader(Stream stream, int maxRecordBytes = 1 << 20)
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly BufferedStream input = new(stream, 1 << 16);
    private long line = 1;
    private bool started;

    public async IAsyncEnumerable<CsvRecord> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var fields = new List<string>();
        var field = new List<byte>(256);
        var buffer = new byte[1 << 16];
        bool inQuotes = false, quoteSeen = false, tooLong = false, anyContent = false;
        int recordBytes = 0;
        var startLine = line;
        string? encodingProblem = null;

        void EndField()
        {
            try
            {
                fields.Add(Strict.GetString(field.ToArray()));
            }
            catch (DecoderFallbackException)
            {
                encodingProblem ??= "the row is not valid UTF-8 text";
                fields.Add(string.Empty);
            }

            field.Clear();
            quoteSeen = false;
        }

        CsvRecord EndRecord()
        {
            EndField();
            var record = new CsvRecord(startLine, fields.ToArray(), tooLong ? $"the row is longer than {maxRecordBytes} bytes" : encodingProblem);
            fields.Clear();
            recordBytes = 0;
            tooLong = false;
            anyContent = false;
            encodingProblem = null;
            return record;
        }

        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            if (!started)
            {
                started = true;
                if (read >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    start = 3;
                }
            }

            for (var i = start; i < read; i++)
            {
                var b = buffer[i];
                if (++recordBytes > maxRecordBytes)
                {
                    tooLong = true;
                }

                if (inQuotes)
                {
                    if (b == (byte)'"')
                    {
                        inQuotes = false;
                        quoteSeen = true;
                    }
                    else
                    {
                        if (b == (byte)'\n')
                        {
                            line++;
                        }

                        if (!tooLong)
                        {
                            field.Add(b);
                        }
                    }
                }
                else if (b == (byte)'"')
                {
                    if (quoteSeen)
                    {
                        field.Add((byte)'"'); // a doubled quote inside a quoted field
                    }

                    inQuotes = true;
                    anyContent = true;
                }
                else if (b == (byte)',')
                {
                    EndField();
                    anyContent = true;
                }
                else if (b == (byte)'\n')
                {
                    line++;
                    if (anyContent || field.Count > 0 || fields.Count > 0)
                    {
                        yield return EndRecord();
                    }
                    else
                    {
                        recordBytes = 0;
                    }

                    startLine = line;
                }
                else if (b == (byte)'\r')
                {
                    // CR of CRLF: ignored outside quotes.
                }
                else
                {
                    if (!tooLong)
                    {
                        field.Add(b);
                    }

                    anyContent = true;
                }

            }
        }

        if (anyContent || field.Count > 0 || fields.Count > 0)
        {
            yield return EndRecord();
        }

    }
}

/// <summary>Writes CSV safely for spreadsheets: quotes where needed and neutralises formulas (a value starting with
/// = + - @ or a tab/CR gets a leading apostrophe), so an export cannot run code when opened.</summary>
public static class CsvWriting
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    public static string Row(IEnumerable<string?> values) => string.Join(",", values.Select(Field));
}
