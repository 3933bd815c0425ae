using System.CommandLine;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Audit;

/// <summary><c>beacon audit verify</c>: checks the audit log's hash chain. (docs/decisions/0016)</summary>
internal sealed class AuditCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        cli.Root.Subcommands.Add(AuditCommand(cli));
    }

    private static Command AuditCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var expect = new Option<string?>("--expect-head") { Description = "A head hash noted earlier: fails if the chain no longer contains it as its head or before" };
        var verify = new Command("verify", "Check the audit log's hash chain: detects edited or deleted entries.") { expect };
        verify.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var result = await sp.GetRequiredService<AuditLog>().VerifyAsync(ct);
            if (!result.IsIntact)
            {
                await error.WriteLineAsync($"Audit log TAMPERED: {result.Problem} (checked {result.EntriesChecked} entries before it).");
                return 3;
            }

            var expected = r.GetValue(expect);
            if (expected is not null && !string.Equals(expected, result.HeadHash, StringComparison.OrdinalIgnoreCase)
                && !await sp.GetRequiredService<BeaconDbContext>().AuditEntries.AnyAsync(e => e.Hash == expected.ToLowerInvariant(), ct))
            {
                await error.WriteLineAsync($"Audit log TAMPERED: the noted head {expected} is no longer in the chain (entries were removed from the end).");
                return 3;
            }

            await output.WriteLineAsync($"Audit log intact: {result.EntriesChecked} entries. Head: {result.HeadHash}");
            return 0;
        }, prepare: false));
        var audit = new Command("audit", "The audit log.");
        audit.Subcommands.Add(verify);
        return audit;
    }
}
