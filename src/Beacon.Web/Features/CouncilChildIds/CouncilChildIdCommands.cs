using System.CommandLine;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.CouncilChildIds;

/// <summary><c>beacon import council-child-ids FILE --authority 860</c>: a council's own ids for its children
/// (issue #17 §5, docs/decisions/0032).</summary>
internal sealed class CouncilChildIdCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        var authority = new Option<int>("--authority") { Description = "The council's DfE LA number, as the SSDA903 export uses (e.g. 860)", Required = true };
        var command = cli.ImportCommand("council-child-ids", "Import a council's own child ids (local_authority_child_id, nhs_number, given_name, family_name, date_of_birth) for the SSDA903 return.",
            async (sp, r, input, rejected, progress, ct) =>
            {
                var db = sp.GetRequiredService<BeaconDbContext>();
                var dfe = r.GetValue(authority);
                var council = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.LocalAuthority && o.DfeLaNumber == dfe)
                    .Select(o => new { o.Id, o.Code }).SingleOrDefaultAsync(ct);
                if (council is null)
                {
                    return new ImportReport { FileProblem = $"no council has the DfE LA number {dfe}" };
                }

                var report = await sp.GetRequiredService<CouncilChildIdImport>().ImportAsync(input, rejected, council.Id, "import (command line)", progress, ct);
                await sp.GetRequiredService<AuditLog>().RecordAsync("import", "CouncilChildIds", council.Code,
                    details: $"command line; rows: {report.Rows}, recorded: {report.Created}, changed: {report.Updated}, unchanged: {report.Unchanged}, rejected: {report.Rejected}{(report.FileProblem is null ? "" : "; file refused")}", cancellationToken: ct);
                return report;
            });
        command.Options.Add(authority);
        cli.Import.Subcommands.Add(command);
    }
}
