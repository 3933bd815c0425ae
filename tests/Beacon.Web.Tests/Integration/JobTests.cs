using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Recurring jobs claimed through the database (issue #4 §1's scheduled repeat-missing check; the basis of
/// issue #7's exactly-once jobs), on each database.</summary>
public abstract class JobTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    private const string Scan = "repeat-missing-scan";

    protected TApp App { get; } = app;

    private JobScheduler Scheduler => App.Services.GetRequiredService<JobScheduler>();

    private Task MakeDueAsync(Instant at) => App.WithDb(async db =>
    {
        var job = await db.ScheduledJobs.SingleOrDefaultAsync(j => j.Name == Scan);
        if (job is null)
        {
            db.ScheduledJobs.Add(job = new ScheduledJob { Name = Scan });
        }

        (job.NextRunAt, job.LeaseOwner, job.LeaseUntil) = (at, null, null);
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task Of_several_instances_exactly_one_claims_a_due_run_and_a_dead_instance_s_run_is_taken_over_after_its_lease()
    {
        App.SkipIfUnavailable();
        var now = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds()); // whole seconds: both databases store them exactly
        await MakeDueAsync(now - Duration.FromMinutes(1));

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Scheduler.TryClaimAsync(Scan, $"instance-{i}", now))));
        Assert.Single(claims, won => won);
        Assert.False(await Scheduler.TryClaimAsync(Scan, "late", now + Duration.FromMinutes(5)));

        // The winner never finishes (its process died): once the lease has run out, another instance takes the run.
        Assert.True(await Scheduler.TryClaimAsync(Scan, "rescuer", now + Duration.FromSeconds(601)));
        Assert.Equal("rescuer", await App.WithDb(db => db.ScheduledJobs.Where(j => j.Name == Scan).Select(j => j.LeaseOwner).SingleAsync()));
        await MakeDueAsync(now + Duration.FromHours(1)); // leave it idle for the other test
    }

    [Fact]
    public async Task The_scheduled_scan_raises_a_meeting_the_intake_never_saw_once_and_records_the_run()
    {
        App.SkipIfUnavailable();
        var now = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds()); // whole seconds: both databases store them exactly

        // Three episodes in 90 days written straight to the database (as a merge or a late correction would leave them):
        // no meeting was raised when they arrived.
        var child = await App.WithDb(async db =>
        {
            var organisations = await db.Organisations.ToDictionaryAsync(o => o.Code, o => o.Id);
            var c = new Child
            {
                Id = Guid.NewGuid(),
                Reference = $"JOB-{Guid.NewGuid():N}"[..12],
                GivenName = "Jobtest",
                FamilyName = "Scanchild",
                DateOfBirth = new LocalDate(2012, 3, 1),
                Gender = "male",
                HostDistrictCode = "E07000197",
                HostAuthorityId = organisations["LA-860"],
                ResponsibleAuthorityId = organisations["LA-860"],
                LivingSituation = "HOME",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Children.Add(c);
            foreach (var daysAgo in new[] { 50, 30, 10 })
            {
                var reported = now - Duration.FromDays(daysAgo);
                db.Episodes.Add(new Episode
                {
                    Id = Guid.NewGuid(),
                    ChildId = c.Id,
                    PoliceReference = $"JOB-{Guid.NewGuid():N}"[..16],
                    GivenName = c.GivenName,
                    FamilyName = c.FamilyName,
                    DateOfBirth = c.DateOfBirth,
                    Gender = c.Gender,
                    HostDistrictCode = c.HostDistrictCode,
                    LivingSituation = c.LivingSituation,
                    ResponsibleAuthorityId = c.ResponsibleAuthorityId,
                    ReportedMissingAt = reported,
                    ReturnedAt = reported + Duration.FromHours(5),
                    MissingOrAbsent = "M",
                    PoliceRisk = "LOW",
                    NotifiedAt = reported + Duration.FromHours(8),
                    Source = "import",
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
            return c.Id;
        });
        Assert.Equal(0, await App.WithDb(db => db.InterventionMeetings.CountAsync(m => m.ChildId == child)));

        await MakeDueAsync(now - Duration.FromSeconds(1));
        Assert.True(await Scheduler.RunIfDueAsync(Scan, "instance-a", now));
        var meeting = await App.WithDb(db => db.InterventionMeetings.SingleAsync(m => m.ChildId == child));
        Assert.Equal(3, meeting.Level);
        var job = await App.WithDb(db => db.ScheduledJobs.SingleAsync(j => j.Name == Scan));
        Assert.Equal((null, null, now + Duration.FromHours(1)), (job.LeaseOwner, job.LeaseUntil, job.NextRunAt));
        Assert.StartsWith("ok: ", job.LastOutcome);
        Assert.Contains("meetings raised", job.LastOutcome);
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.RecordType == "InterventionMeeting" && e.RecordId == $"{child}/{meeting.Id}" && e.UserName == "job:repeat-missing-scan")));

        // Not due again for an hour; when it is, the crossing is not raised twice.
        Assert.False(await Scheduler.RunIfDueAsync(Scan, "instance-b", now + Duration.FromMinutes(30)));
        Assert.True(await Scheduler.RunIfDueAsync(Scan, "instance-b", now + Duration.FromHours(1)));
        Assert.Equal(1, await App.WithDb(db => db.InterventionMeetings.CountAsync(m => m.ChildId == child)));
        Assert.Equal(job.Runs + 1, await App.WithDb(db => db.ScheduledJobs.Where(j => j.Name == Scan).Select(j => j.Runs).SingleAsync()));
    }
}

public sealed class SqliteJobTests(SqliteApp app) : JobTests<SqliteApp>(app);

public sealed class PostgresJobTests(PostgresApp app) : JobTests<PostgresApp>(app);
