namespace Beacon.Cli;

/// <summary>Entry point of <c>beacon</c>.</summary>
public static class Entry
{
    public static Task<int> Main(string[] args) => BeaconCli.RunAsync(args, Console.Out, Console.Error);
}
