using System.CommandLine;
using Beacon.Web.Infrastructure.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Retention;

/// <summary><c>beacon retention review</c> and <c>delete</c>: the retention policy. (docs/decisions/0016)</summary>
internal sealed class RetentionCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        cli.Root.Subcommands.Add(RetentionCommand(cli));
    }

    private static Command RetentionCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var review = new Command("review", "Dry run: list children whose records are past retention (references only; nothing changes).");
        review.SetAction((_, ct) => cli.WithServices(async sp =>
        {
            var candidates = await sp.GetRequiredService<Beacon.Web.Features.Retention.RetentionReview>().ReviewAsync(ct);
            foreach (var c in candidates)
            {
                await output.WriteLineAsync($"{c.Reference}	{c.ChildId}	last activity {c.LastActivity:yyyy-MM-dd}	deletable from {c.DeletableFrom:yyyy-MM-dd}	{c.Records} records");
            }

            await output.WriteLineAsync($"{candidates.Count} children past retention. Nothing was changed.");
            return 0;
        }));
        var confirm = new Option<bool>("--confirm") { Description = "Required: really delete" };
        var delete = new Command("delete", "Delete every child past retention with all their records, audited.") { confirm };
        delete.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            if (!r.GetValue(confirm))
            {
                await error.WriteLineAsync("beacon: add --confirm to delete (run `beacon retention review` first to see what would go)");
                return 2;
            }

            var deleted = await sp.GetRequiredService<Beacon.Web.Features.Retention.RetentionReview>().DeleteAsync(ct);
            await output.WriteLineAsync($"Deleted {deleted} children past retention, with all their records.");
            return 0;
        }));
        var retention = new Command("retention", "The retention policy (Beacon:Retention).");
        retention.Subcommands.Add(review);
        retention.Subcommands.Add(delete);
        return retention;
    }
}
