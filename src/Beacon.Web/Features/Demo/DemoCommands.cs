using System.CommandLine;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Admin;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Demo;

/// <summary>Synthetic demo data: <c>beacon demo seed</c> and <c>beacon demo generate ...</c>. (docs/decisions/0016)</summary>
internal sealed class DemoCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        cli.Root.Subcommands.Add(DemoCommand(cli));
    }

    private static Command DemoCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var seed = new Command("seed", "Create the synthetic demo organisations, users and caseload (turns demo mode on for this run).");
        var demoSettings = new Dictionary<string, string?>(cli.Settings ?? new Dictionary<string, string?>()) { ["Beacon:Demo:Enabled"] = "true" };
        seed.SetAction((_, _) => new CliCommands(output, error, demoSettings).WithServices(async _ =>
        {
            await output.WriteLineAsync("Demo data is in place. Demo accounts (sign-in needs demo mode on, Beacon__Demo__Enabled=true):");
            foreach (var account in DemoSeeder.Accounts)
            {
                await output.WriteLineAsync($"  {account.Email}\t{Roles.DisplayName(account.Role)}");
            }

            return 0;
        }));
        var rows = new Option<long>("--rows") { Description = "How many notifications", DefaultValueFactory = _ => 10_000 };
        var outFile = new Option<FileInfo>("--out") { Description = "The CSV file to write", Required = true };
        var notifications = new Command("notifications", "Write a CSV of synthetic police notifications (for benchmarks and load tests).") { rows, outFile };
        notifications.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var districts = await sp.GetRequiredService<BeaconDbContext>().Areas.Where(a => a.Kind != "county").Select(a => a.GssCode).OrderBy(c => c).ToListAsync(ct);
            await using var writer = new StreamWriter(r.GetValue(outFile)!.FullName, false, NotificationImport.Utf8, 1 << 16);
            await SyntheticNotifications.WriteAsync(writer, r.GetValue(rows), NodaTime.SystemClock.Instance.GetCurrentInstant(), districts);
            await output.WriteLineAsync($"Wrote {r.GetValue(rows):N0} synthetic notifications to {r.GetValue(outFile)!.FullName}.");
            return 0;
        }));
        var count = new Option<int>("--count") { Description = "How many referrals", DefaultValueFactory = _ => 1_000 };
        var referralSeed = new Option<int>("--seed") { Description = "Random seed (the same seed picks the same answers)", DefaultValueFactory = _ => 1 };
        var referrals = new Command("referrals", "Create synthetic exploitation referrals in the database for random children (scored, routed and audited as real ones).") { count, referralSeed };
        referrals.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var created = await sp.GetRequiredService<SyntheticReferrals>().CreateAsync(r.GetValue(count), r.GetValue(referralSeed), ct);
            await output.WriteLineAsync($"Created {created:N0} synthetic referrals.");
            return 0;
        }));
        var outcomeSeed = new Option<int>("--seed") { Description = "Random seed (the same seed closes the same RHIs the same way)", DefaultValueFactory = _ => 1 };
        var outcomes = new Command("rhi-outcomes", "Close the synthetic dataset's RHIs due more than 14 days ago as a service would have (completed, declined, no contact, not offered; some left open), audited.") { outcomeSeed };
        outcomes.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var closed = await sp.GetRequiredService<SyntheticOutcomes>().CloseAsync(r.GetValue(outcomeSeed), new CliCommands.SyncProgress(n =>
            {
                if (n % 20_000 < SyntheticOutcomes.BatchSize)
                {
                    error.WriteLine($"  {n:N0} closed");
                }
            }), ct);
            await output.WriteLineAsync($"Closed {closed:N0} synthetic RHIs.");
            return 0;
        }));
        var generate = new Command("generate", "Generate synthetic data: notification files, referrals and RHI outcomes in the database.");
        generate.Subcommands.Add(notifications);
        generate.Subcommands.Add(referrals);
        generate.Subcommands.Add(outcomes);
        var demo = new Command("demo", "Synthetic demo data.");
        demo.Subcommands.Add(seed);
        demo.Subcommands.Add(generate);
        return demo;
    }
}
