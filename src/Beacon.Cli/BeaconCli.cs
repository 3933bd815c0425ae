using Beacon.Web.Infrastructure;
using Beacon.Web.Infrastructure.Cli;

namespace Beacon.Cli;

/// <summary>
/// The <c>beacon</c> command-line tool. It runs the same handlers as the web app (shared through
/// <see cref="BeaconServices.AddBeaconCore"/>) against the same configuration, as a system actor named after the OS user.
/// Each feature registers its own commands (<see cref="IFeatureCommands"/>, docs/decisions/0016).
/// </summary>
public static class BeaconCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null)
    {
        var root = new CliCommands(output, error, settings).Build();
        return await root.Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
    }
}
