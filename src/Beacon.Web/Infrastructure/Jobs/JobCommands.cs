using System.CommandLine;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Infrastructure.Jobs;

/// <summary><c>beacon jobs list</c> and <c>run-due</c>: the recurring jobs. (docs/decisions/0016)</summary>
internal sealed class JobCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        cli.Root.Subcommands.Add(JobsCommand(cli));
    }

    private static Command JobsCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var list = new Command("list", "Recurring jobs: next run, current holder and last outcome.");
        list.SetAction((_, ct) => cli.WithServices(async sp =>
        {
            foreach (var j in await sp.GetRequiredService<BeaconDbContext>().ScheduledJobs.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct))
            {
                await output.WriteLineAsync($"{j.Name}	next {j.NextRunAt}	{(j.LeaseOwner is null ? "idle" : $"held by {j.LeaseOwner} until {j.LeaseUntil}")}	runs {j.Runs}	{j.LastOutcome}");
            }

            return 0;
        }));
        var runDue = new Command("run-due", "Run every due job once now (for deployments that schedule with cron instead of the web instances).");
        runDue.SetAction((_, ct) => cli.WithServices(async sp =>
        {
            var ran = await sp.GetRequiredService<Beacon.Web.Infrastructure.Jobs.JobScheduler>().RunDueAsync(ct);
            await output.WriteLineAsync(ran.Count == 0 ? "No job was due." : $"Ran: {string.Join(", ", ran)}.");
            return 0;
        }));
        var jobs = new Command("jobs", "Recurring jobs (repeat-missing scan, alert scan and mailer, import recovery, retention review).");
        jobs.Subcommands.Add(list);
        jobs.Subcommands.Add(runDue);
        return jobs;
    }
}
