using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Beacon.Web.Tests.Support;

/// <summary>
/// A PostgreSQL server of the test's own (initdb into a temp folder, on a free loopback port), for tests that stop and
/// start the server under a running Beacon without disturbing the shared test server. Uses the Debian packages'
/// binaries; as root it runs them as the postgres user, as PostgreSQL requires.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;

    private PrivatePostgres(string bin, string folder, int port)
    {
        this.bin = bin;
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    /// <summary>The binaries folder, or null when PostgreSQL is not installed.</summary>
    public static string? BinFolder => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
        : null;

    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = BinFolder ?? throw new InvalidOperationException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin)");
        var folder = Directory.CreateTempSubdirectory("beacon-private-pg-").FullName;
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var server = new PrivatePostgres(bin, folder, port);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres", folder]);
        }

        await server.PgAsync("initdb", "-D", $"{folder}/data", "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await server.StartServerAsync();
        return server;
    }

    public Task StartServerAsync() =>
        PgAsync("pg_ctl", "-D", $"{folder}/data", "-l", $"{folder}/log", "-o", $"-c listen_addresses=127.0.0.1 -p {Port} -k {folder} -c fsync=off", "-w", "start");

    public Task StopServerAsync() => PgAsync("pg_ctl", "-D", $"{folder}/data", "-m", "fast", "-w", "stop");

    private Task PgAsync(string tool, params string[] args)
    {
        var path = Path.Combine(bin, tool);
        return Environment.UserName == "root"
            ? RunAsync("su", ["postgres", "-c", string.Join(' ', new[] { path }.Concat(args).Select(a => $"'{a}'"))])
            : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
