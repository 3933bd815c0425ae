using Beacon.Domain.Vocabulary;
using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// <c>beacon demo generate rhi-outcomes</c>, which gives a benchmark dataset's older RHIs the outcomes a real service's
/// would have (issue #4's benchmark): every outcome is a valid one, recent RHIs are left alone, every change is audited,
/// and a second run changes nothing. Its own class, so its database has no other test's RHIs to close.
/// </summary>
public abstract class SyntheticOutcomeTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task Older_rhis_get_valid_audited_outcomes_recent_ones_stay_open_and_a_rerun_changes_nothing()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        var (childId, recentId) = await App.WithDb(async db =>
        {
            var area = await db.Areas.FirstAsync(a => a.Kind != "county");
            var child = new Child
            {
                Id = Guid.NewGuid(),
                Reference = "SYN-OUT-1",
                GivenName = "Outcome",
                FamilyName = "Testchild",
                DateOfBirth = new LocalDate(2012, 5, 5),
                Gender = "male",
                HostDistrictCode = area.GssCode,
                HostAuthorityId = area.AuthorityId,
                ResponsibleAuthorityId = area.AuthorityId,
                LivingSituation = "HOME",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Children.Add(child);
            ReturnInterview Rhi(int n, Instant returned) => new()
            {
                Id = Guid.NewGuid(),
                ChildId = child.Id,
                Reference = $"SYN-OUT-{n}",
                Status = RhiStatus.AwaitingOffer,
                FirstReturnedAt = returned,
                DueAt = ReturnInterviewRules.OfferDueAt(returned),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.ReturnInterviews.AddRange(Enumerable.Range(0, 200).Select(n => Rhi(n, now - Duration.FromDays(30 + n))));
            var recent = Rhi(999, now - Duration.FromDays(2));
            db.ReturnInterviews.Add(recent);
            await db.SaveChangesAsync();
            return (child.Id, recent.Id);
        });

        var settings = App.CliSettings;
        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["demo", "generate", "rhi-outcomes", "--seed", "3"], output, new StringWriter(), settings));

        var rhis = await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking().Where(r => r.ChildId == childId).ToListAsync());
        var closed = rhis.Where(r => r.Status != RhiStatus.AwaitingOffer).ToList();
        Assert.Contains($"Closed {closed.Count:N0} synthetic RHIs", output.ToString());
        Assert.Equal(RhiStatus.AwaitingOffer, rhis.Single(r => r.Id == recentId).Status);
        Assert.InRange(closed.Count, 150, 195); // about nine in ten of the 200 older ones
        Assert.All(closed, r =>
        {
            Assert.NotNull(r.ClosedAt);
            switch (r.Status)
            {
                case RhiStatus.Completed:
                    Assert.True(r.OfferedAt >= r.FirstReturnedAt && r.InterviewedAt >= r.OfferedAt);
                    Assert.Contains(r.Method!, Codes.InterviewMethod.Keys);
                    Assert.Contains(r.Venue!, Codes.Venue.Keys);
                    Assert.Contains(r.PrimaryReason!, Codes.Reason.Keys);
                    Assert.Contains(r.PrimaryReason!, Codes.Split(r.Reasons));
                    break;
                case RhiStatus.Declined:
                    Assert.NotNull(r.OfferedAt);
                    Assert.Contains(r.DeclinedBy!, Codes.DeclinedBy.Keys);
                    break;
                case RhiStatus.NoContact:
                    Assert.NotNull(r.OfferedAt);
                    break;
                case RhiStatus.NotOffered:
                    Assert.Null(r.OfferedAt);
                    Assert.Contains(r.NotOfferedReason!, Codes.NotOfferedReason.Keys);
                    break;
                default:
                    Assert.Fail($"unexpected status {r.Status}");
                    break;
            }
        });
        Assert.Equal(4, closed.Select(r => r.Status).Distinct().Count());
        Assert.Contains(closed, r => r.OfferedAt > r.DueAt); // some offers late, as in life
        Assert.Contains(closed, r => r.OfferedAt <= r.DueAt);

        var ids = closed.Select(r => $"{childId}/{r.Id}").ToList();
        Assert.Equal(closed.Count, await App.WithDb(db => db.AuditEntries.CountAsync(e => e.RecordType == "ReturnInterview" && e.Action == "update" && ids.Contains(e.RecordId!))));

        var again = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["demo", "generate", "rhi-outcomes", "--seed", "3"], again, new StringWriter(), settings));
        Assert.Contains("Closed 0 synthetic RHIs", again.ToString());
    }
}

public sealed class SqliteSyntheticOutcomeTests(SqliteApp app) : SyntheticOutcomeTests<SqliteApp>(app);

public sealed class PostgresSyntheticOutcomeTests(PostgresApp app) : SyntheticOutcomeTests<PostgresApp>(app);
