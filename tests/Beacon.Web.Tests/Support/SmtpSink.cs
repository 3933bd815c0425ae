using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Web.Tests.Support;

/// <summary>An email as the sink received it, with the subject and the decoded body.</summary>
public sealed record SinkMessage(string From, IReadOnlyList<string> To, string Subject, string Body);

/// <summary>
/// A small SMTP server on loopback that accepts every message and keeps it (issue #7: "an SMTP sink on loopback
/// receives exactly the expected emails, once each"). It speaks just enough SMTP for System.Net.Mail: greeting, EHLO/HELO,
/// MAIL, RCPT, DATA, RSET, NOOP, QUIT. One shared sink serves every test host; tests pick out their own messages.
/// </summary>
public sealed partial class SmtpSink
{
    private static readonly Lazy<SmtpSink> Instance = new(() => new SmtpSink());

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<SinkMessage> messages = new();

    private SmtpSink()
    {
        listener.Start();
        _ = AcceptAsync();
    }

    public static SmtpSink Shared => Instance.Value;

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public IReadOnlyList<SinkMessage> Messages => [.. messages];

    private async Task AcceptAsync()
    {
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink.beacon.example ESMTP test sink");
        string from = string.Empty;
        var to = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 sink.beacon.example");
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    messages.Enqueue(Parse(from, [.. to], data.ToString()));
                    await writer.WriteLineAsync("250 OK: queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    private static string Address(string line) => AddressPattern().Match(line) is { Success: true } m ? m.Groups[1].Value : line;

    private static SinkMessage Parse(string from, IReadOnlyList<string> to, string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = split < 0 ? data : data[..split];
        var body = split < 0 ? string.Empty : data[(split + 4)..];
        var subject = Regex.Match(headers, @"^Subject: (.*(?:\r\n[ \t].*)*)", RegexOptions.Multiline).Groups[1].Value.Replace("\r\n", string.Empty);
        var encoding = Regex.Match(headers, @"^Content-Transfer-Encoding: (\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase).Groups[1].Value.ToLowerInvariant();
        body = encoding switch
        {
            "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", string.Empty))),
            "quoted-printable" => QuotedPrintable(body),
            _ => body,
        };
        return new SinkMessage(from, to, subject, body);
    }

    private static string QuotedPrintable(string text)
    {
        var joined = text.Replace("=\r\n", string.Empty);
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
            {
                bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    [GeneratedRegex("<([^>]*)>")]
    private static partial Regex AddressPattern();
}
