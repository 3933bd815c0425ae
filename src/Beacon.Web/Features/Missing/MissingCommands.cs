using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Missing;

/// <summary><c>beacon import notifications</c>: police notifications from a CSV file (docs/decisions/0016).</summary>
internal sealed class MissingCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        // Police references and person ids are the notifying force's (issue #16): name it when the partnership has several.
        var force = new System.CommandLine.Option<string?>("--force") { Description = "Organisation code of the police force that sent the file (default: the only force, if there is one)" };
        var notifications = cli.ImportCommand("notifications", "Import police notifications.", async (sp, r, input, rejected, progress, ct) =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            var code = r.GetValue(force);
            var police = await db.Organisations.Where(o => o.Kind == OrganisationKind.Police && (code == null || o.Code == code)).Select(o => (Guid?)o.Id).ToListAsync(ct);
            if (code is not null && police.Count == 0)
            {
                return new ImportReport { FileProblem = $"no police force with the code {code}" };
            }

            return await sp.GetRequiredService<NotificationImport>().ImportAsync(input, rejected, police.Count == 1 ? police[0] : null, progress, ct);
        });
        notifications.Options.Add(force);
        cli.Import.Subcommands.Add(notifications);
    }
}
