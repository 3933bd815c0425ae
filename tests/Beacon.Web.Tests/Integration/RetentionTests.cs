using Beacon.Domain.Missing;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>The retention policy (issue #6 §6): a dry-run review, then audited deletion of exactly what it listed.</summary>
public abstract class RetentionTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private Task<Guid> OldChildAsync(string reference, RhiStatus status) => App.WithDb(async db =>
    {
        var organisations = await db.Organisations.ToDictionaryAsync(o => o.Code, o => o.Id);
        var then = Instant.FromUtc(2012, 3, 1, 10, 0);
        var child = new Child
        {
            Id = Guid.NewGuid(),
            Reference = reference,
            GivenName = "Retained",
            FamilyName = "Oldrecord",
            DateOfBirth = new LocalDate(1995, 2, 1),
            Gender = "female",
            HostDistrictCode = "E07000197",
            HostAuthorityId = organisations["LA-860"],
            ResponsibleAuthorityId = organisations["LA-860"],
            LivingSituation = "HOME",
            CreatedAt = then,
            UpdatedAt = then,
        };
        var rhi = new ReturnInterview { Id = Guid.NewGuid(), ChildId = child.Id, Reference = $"{reference}-R", Status = status, FirstReturnedAt = then, DueAt = then + Duration.FromHours(72), CreatedAt = then, UpdatedAt = then };
        db.Children.Add(child);
        db.ReturnInterviews.Add(rhi);
        db.Episodes.Add(new Episode
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            PoliceReference = $"{reference}-E",
            GivenName = child.GivenName,
            FamilyName = child.FamilyName,
            DateOfBirth = child.DateOfBirth,
            Gender = child.Gender,
            HostDistrictCode = child.HostDistrictCode,
            LivingSituation = child.LivingSituation,
            ResponsibleAuthorityId = child.ResponsibleAuthorityId,
            ReportedMissingAt = then - Duration.FromHours(10),
            ReturnedAt = then,
            MissingOrAbsent = "M",
            PoliceRisk = "LOW",
            NotifiedAt = then,
            ReturnInterviewId = rhi.Id,
            Source = "import",
            CreatedAt = then,
            UpdatedAt = then,
        });
        await db.SaveChangesAsync();
        return child.Id;
    });

    [Fact]
    public async Task Deletion_also_removes_the_childs_outcome_readings_onward_referrals_and_mentoring()
    {
        App.SkipIfUnavailable();
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var old = await OldChildAsync($"OLDX-{suffix}", RhiStatus.Completed);
        var then = Instant.FromUtc(2012, 3, 1, 10, 0);
        await App.WithDb(async db =>
        {
            var reading = new Beacon.Web.Features.Outcomes.OutcomeReading { Id = Guid.NewGuid(), ChildId = old, TakenOn = new LocalDate(2012, 2, 1), FrameworkVersion = 1, TakenBy = "test", Source = "recorded", RecordedAt = then };
            db.Add(reading);
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeScore { Id = Guid.NewGuid(), ReadingId = reading.Id, ChildId = old, Area = "BEING_SAFE", Score = 5 });
            var resource = new Beacon.Web.Features.Onward.CommunityResource { Id = Guid.NewGuid(), Name = $"Club {suffix}", Kind = "YOUTH_CLUB", CreatedAt = then, UpdatedAt = then, UpdatedBy = "test" };
            db.Add(resource);
            var referral = new Beacon.Web.Features.Onward.OnwardReferral { Id = Guid.NewGuid(), ChildId = old, ResourceId = resource.Id, Source = "FAMILY", MadeOn = new LocalDate(2012, 2, 1), Status = "MADE", StatusOn = new LocalDate(2012, 2, 1), MadeBy = "test", RecordedAt = then };
            db.Add(referral);
            db.Add(new Beacon.Web.Features.Onward.OnwardReferralStep { Id = Guid.NewGuid(), OnwardReferralId = referral.Id, ChildId = old, Status = "MADE", On = new LocalDate(2012, 2, 1), RecordedBy = "test", RecordedAt = then });
            var mentor = new Beacon.Web.Features.Mentoring.Mentor { Id = Guid.NewGuid(), Name = $"Mentor {suffix}", Kind = "mentor", Status = "left" };
            db.Add(mentor);
            var match = new Beacon.Web.Features.Mentoring.MentorMatch { Id = Guid.NewGuid(), MentorId = mentor.Id, ChildId = old, StartedOn = new LocalDate(2012, 1, 1), ChildAgreedOn = new LocalDate(2012, 1, 1), Goals = "test", CreatedBy = "test", CreatedAt = then, EndedOn = new LocalDate(2012, 2, 1) };
            db.Add(match);
            db.Add(new Beacon.Web.Features.Mentoring.MentorContact { Id = Guid.NewGuid(), MatchId = match.Id, ChildId = old, HeldOn = new LocalDate(2012, 1, 15), Minutes = 60, Kind = "phone", Place = "Phone", Notes = "test", RecordedBy = "test" });
            await db.SaveChangesAsync();
            return 0;
        });

        var deleted = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["retention", "delete", "--confirm"], deleted, errors, App.CliSettings));
        Assert.False(await App.WithDb(db => db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == old)), errors.ToString());
        Assert.False(await App.WithDb(db => db.Set<Beacon.Web.Features.Outcomes.OutcomeReading>().IgnoreQueryFilters().AnyAsync(r => r.ChildId == old)));
        Assert.False(await App.WithDb(db => db.Set<Beacon.Web.Features.Onward.OnwardReferral>().IgnoreQueryFilters().AnyAsync(r => r.ChildId == old)));
        Assert.False(await App.WithDb(db => db.Set<Beacon.Web.Features.Mentoring.MentorContact>().IgnoreQueryFilters().AnyAsync(c => c.ChildId == old)));
        Assert.False(await App.WithDb(db => db.Set<Beacon.Web.Features.Mentoring.MentorMatch>().IgnoreQueryFilters().AnyAsync(m => m.ChildId == old)));
    }

    [Fact]
    public async Task The_review_changes_nothing_and_deletion_removes_exactly_the_children_past_retention_with_an_audit_entry()
    {
        App.SkipIfUnavailable();
        var suffix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var old = await OldChildAsync($"OLD-{suffix}", RhiStatus.Completed);
        var stillOpen = await OldChildAsync($"OPEN-{suffix}", RhiStatus.Offered); // old, but an RHI is still open
        var settings = App.CliSettings;

        var review = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["retention", "review"], review, new StringWriter(), settings));
        Assert.Contains($"OLD-{suffix}\t{old}\tlast activity 2012-03-01\tdeletable from 2020-02-01\t3 records", review.ToString());
        Assert.DoesNotContain($"OPEN-{suffix}", review.ToString());
        Assert.DoesNotContain("TEST-COUNTY", review.ToString()); // a child of 15
        Assert.DoesNotContain("Retained", review.ToString()); // no names in the report
        Assert.True(await App.WithDb(db => db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == old)));

        // The daily scheduled review is the same dry run: it counts, and deletes nothing.
        Assert.Equal("1 children past their retention date (dry run)", await App.RunJobAsync("retention-review"));

        Assert.True(await App.WithDb(db => db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == old)));

        Assert.Equal(2, await Beacon.Cli.BeaconCli.RunAsync(["retention", "delete"], new StringWriter(), new StringWriter(), settings));
        Assert.True(await App.WithDb(db => db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == old)));

        var deleted = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["retention", "delete", "--confirm"], deleted, new StringWriter(), settings));
        Assert.Contains("Deleted 1 children", deleted.ToString());
        Assert.False(await App.WithDb(db => db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == old)));
        Assert.False(await App.WithDb(db => db.Episodes.IgnoreQueryFilters().AnyAsync(e => e.ChildId == old)));
        Assert.False(await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().AnyAsync(r => r.ChildId == old)));
        Assert.True(await App.WithDb(db => db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == stillOpen)));
        Assert.True(await App.WithDb(db => db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == App.CountyChildId)));

        var entry = await App.WithDb(db => db.AuditEntries.SingleAsync(e => e.Action == "delete" && e.RecordType == "Child" && e.RecordId == old.ToString()));
        Assert.StartsWith("retention: last activity 2012-03-01", entry.Details);
        var verify = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], verify, new StringWriter(), settings));
    }
}

public sealed class SqliteRetentionTests(SqliteApp app) : RetentionTests<SqliteApp>(app);

public sealed class PostgresRetentionTests(PostgresApp app) : RetentionTests<PostgresApp>(app);
