using System.Diagnostics;

namespace Beacon.Web.Tests.Support;

/// <summary>Runs the pinned npm tools in <c>tests/Beacon.Web.Tests/ApiClient</c> (installed by the test project's build)
/// with node. Without node the tests that need it skip, except under CI=true, where they fail.</summary>
public static class NodeTools
{
    public static string Folder { get; } = Path.Combine(FindRepositoryRoot(), "tests", "Beacon.Web.Tests", "ApiClient");

    /// <summary>Why the tools cannot run here, or null.</summary>
    public static string? Unavailable { get; } = Check();

    public static void SkipIfUnavailable()
    {
        if (Unavailable is null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"CI=true but the API document tools cannot run: {Unavailable}");
        }

        Assert.Skip($"API document tools skipped: {Unavailable}");
    }

    /// <summary>Runs <c>node</c> with the arguments in <paramref name="workingDirectory"/>; fails the test after two minutes.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} did not finish in two minutes");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string? Check()
    {
        if (!File.Exists(Path.Combine(Folder, "node_modules", ".install-stamp")))
        {
            return $"the npm tools are not installed in {Folder} (the test project's build runs npm ci there)";
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            process!.WaitForExit(30_000);
            return process.ExitCode == 0 ? null : "node --version failed";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"node is not installed ({e.Message})";
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Beacon.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Beacon.slnx).");
    }
}
