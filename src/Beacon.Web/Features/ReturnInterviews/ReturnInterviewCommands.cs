using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary><c>beacon import return-interviews</c>: the previous provider's interviews (docs/decisions/0016).</summary>
internal sealed class ReturnInterviewCommands : IFeatureCommands
{
    public void Register(CliCommands cli) =>
        cli.Import.Subcommands.Add(cli.ImportCommand("return-interviews", "Migrate the previous provider's return interviews (import their notifications first).",
            (sp, _, input, rejected, progress, ct) => sp.GetRequiredService<ReturnInterviewImport>().ImportAsync(input, rejected, progress, ct)));
}
