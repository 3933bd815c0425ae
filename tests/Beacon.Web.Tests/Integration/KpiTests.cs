using Beacon.Domain.Contract;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Mentoring;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Contract;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.Outcomes;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Features.Reports;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Issue #18 §2: the KPIs against targets. Financial year 2017 holds known figures (a county child A in Stafford, a city
/// child B in Stoke-on-Trent); 2018 holds sixty random but seeded notifications, to check the interview KPIs agree with
/// the missing return to the decimal, month, quarter and year, council and whole area.
/// </summary>
public abstract class KpiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    private const string Stafford = "E07000197";
    private const string Stoke = "E06000021";
    private static readonly SemaphoreSlim Seeding = new(1, 1);
    private static readonly HashSet<string> Seeded = [];

    protected TApp App { get; } = app;

    private static Instant Utc(int y, int m, int d, int h = 12) => Instant.FromUtc(y, m, d, h, 0);

    protected async Task SeedAsync()
    {
        await Seeding.WaitAsync();
        try
        {
            if (Seeded.Add(App.ConnectionString))
            {
                await App.WithDb(SeedAsync);
            }
        }
        finally
        {
            Seeding.Release();
        }
    }

    private static async Task<int> SeedAsync(BeaconDbContext db)
    {
        var orgs = await db.Organisations.Where(o => o.DfeLaNumber != null).ToDictionaryAsync(o => o.DfeLaNumber!.Value, o => o.Id);
        var now = SystemClock.Instance.GetCurrentInstant();
        Child NewChild(string name, string district) => new()
        {
            Id = Guid.NewGuid(),
            Reference = $"KPI-{name}-{Guid.NewGuid():N}"[..20],
            GivenName = name,
            FamilyName = "Kpichild",
            DateOfBirth = new LocalDate(2003, 5, 1),
            Gender = "female",
            HostDistrictCode = district,
            HostAuthorityId = orgs[district == Stoke ? 861 : 860],
            ResponsibleAuthorityId = orgs[district == Stoke ? 861 : 860],
            LivingSituation = "HOME",
            CreatedAt = now,
            UpdatedAt = now,
        };
        Episode Ep(Child child, Instant reported, ReturnInterview? rhi) => new()
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            PoliceReference = $"KPI-{Guid.NewGuid():N}"[..16],
            GivenName = child.GivenName,
            FamilyName = child.FamilyName,
            DateOfBirth = child.DateOfBirth,
            Gender = child.Gender,
            HostDistrictCode = child.HostDistrictCode,
            LivingSituation = "HOME",
            ResponsibleAuthorityId = child.ResponsibleAuthorityId,
            ReportedMissingAt = reported,
            ReturnedAt = reported + Duration.FromHours(6),
            MissingOrAbsent = "M",
            PoliceRisk = "MEDIUM",
            NotifiedAt = reported + Duration.FromHours(10),
            ReturnInterviewId = rhi?.Id,
            Source = "import",
            CreatedAt = now,
            UpdatedAt = now,
        };
        ReturnInterview Rhi(Child child, Instant reported, RhiStatus status, int offerHours) => new()
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            Reference = $"KPI-R{Guid.NewGuid():N}"[..16],
            Status = status,
            FirstReturnedAt = reported + Duration.FromHours(6),
            DueAt = reported + Duration.FromHours(78),
            OfferedAt = status is RhiStatus.AwaitingOffer or RhiStatus.NotOffered ? null : reported + Duration.FromHours(6 + offerHours),
            NotOfferedReason = status == RhiStatus.NotOffered ? "OTHER" : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Episode With(Child child, Instant reported, RhiStatus? status, int offerHours = 0)
        {
            var rhi = status is { } s ? Rhi(child, reported, s, offerHours) : null;
            if (rhi is not null)
            {
                db.ReturnInterviews.Add(rhi);
            }

            var episode = Ep(child, reported, rhi);
            db.Episodes.Add(episode);
            return episode;
        }

        // 2017: A (county) offered in 24 hours and completed, offered late (100 hours), not offered; B (city) offered
        // in 48 hours and completed, and one awaiting a decision.
        var (a, b) = (NewChild("A", Stafford), NewChild("B", Stoke));
        db.Children.AddRange(a, b);
        var a1 = With(a, Utc(2017, 4, 10), RhiStatus.Completed, 24);
        var a2 = With(a, Utc(2017, 5, 10), RhiStatus.Offered, 100);
        With(a, Utc(2017, 7, 10), RhiStatus.NotOffered);
        var b1 = With(b, Utc(2017, 4, 20), RhiStatus.Completed, 48);
        With(b, Utc(2017, 8, 20), null);

        // Repeat-missing meetings: A's held early and late, B's never held.
        InterventionMeeting Meeting(Child child, Episode trigger, int level, LocalDate due, LocalDate? held) => new()
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            Level = level,
            CrossedOn = due.PlusDays(-10),
            RaisedOn = due.PlusDays(-10),
            TriggerEpisodeId = trigger.Id,
            DueOn = due,
            Status = held is null ? "needed" : "held",
            HeldOn = held,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.InterventionMeetings.AddRange(
            Meeting(a, a1, 3, new LocalDate(2017, 5, 1), new LocalDate(2017, 4, 30)),
            Meeting(a, a2, 5, new LocalDate(2017, 5, 15), new LocalDate(2017, 5, 20)),
            Meeting(b, b1, 3, new LocalDate(2017, 6, 1), null));

        // Referrals: A's decided on the fifth working day (R2 over Easter 2017), B's decided late and one overdue; one of
        // A's decided before the date was recorded (left out). R1 closes with reduced risk, R3 without.
        Referral Referral(Child child, string reference, LocalDate received, LocalDate? decided, string? workType = null) => new()
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            Reference = $"KPI-{reference}-{Guid.NewGuid():N}"[..16],
            TemplateVersion = 1,
            Answers = "{}",
            ExploitationTypes = "CCE",
            ReferrerName = "Test Referrer",
            ReferrerAgency = "School",
            ReceivedOn = received,
            DecidedOn = decided,
            WorkType = workType ?? (decided is null ? null : "DIRECT_WORK"),
            Status = Features.Exploitation.Referral.Open,
            Level = RiskLevel.Medium,
            ScoredLevel = RiskLevel.Medium,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var r1 = Referral(a, "R1", new LocalDate(2017, 4, 3), new LocalDate(2017, 4, 10));
        (r1.Status, r1.ClosedOn, r1.ClosingLevel, r1.ClosureReason) = (Features.Exploitation.Referral.Closed, new LocalDate(2017, 9, 1), RiskLevel.Low, nameof(ClosureReason.RiskReduced));
        var r3 = Referral(b, "R3", new LocalDate(2017, 4, 11), new LocalDate(2017, 4, 21));
        (r3.Status, r3.ClosedOn, r3.ClosingLevel, r3.ClosureReason) = (Features.Exploitation.Referral.Closed, new LocalDate(2017, 6, 1), RiskLevel.Medium, nameof(ClosureReason.MovedAway));
        db.Referrals.AddRange(r1, Referral(a, "R2", new LocalDate(2017, 4, 11), new LocalDate(2017, 4, 20)), r3,
            Referral(b, "R4", new LocalDate(2017, 5, 2), null), Referral(a, "R5", new LocalDate(2017, 5, 2), null, "CONSULTATION"));

        // A mentor active from 1 May 2017, mentoring A.
        var mentor = new Mentor { Id = Guid.NewGuid(), Name = "Kpi Mentor", Kind = Mentor.Volunteer, Status = MentorStatus.Active, CreatedAt = Utc(2017, 4, 20), UpdatedAt = now };
        db.Add(mentor);
        db.Add(new MentorStatusChange { Id = Guid.NewGuid(), MentorId = mentor.Id, Status = MentorStatus.Active, ChangedOn = new LocalDate(2017, 5, 1), RecordedBy = "test", RecordedAt = now });
        db.Add(new MentorMatch { Id = Guid.NewGuid(), MentorId = mentor.Id, ChildId = a.Id, StartedOn = new LocalDate(2017, 5, 1), ChildAgreedOn = new LocalDate(2017, 5, 1), Goals = "Goals", CreatedBy = "test", CreatedAt = now });

        // 2018: sixty random notifications in both councils, every state.
        var random = new Random(2018);
        var states = new[] { RhiStatus.Completed, RhiStatus.Offered, RhiStatus.NotOffered, RhiStatus.AwaitingOffer, RhiStatus.Declined };
        var children = Enumerable.Range(0, 6).Select(i => NewChild($"C{i}", i % 2 == 0 ? Stafford : Stoke)).ToList();
        db.Children.AddRange(children);
        for (var i = 0; i < 60; i++)
        {
            var child = children[random.Next(children.Count)];
            With(child, Utc(2018, 4, 1) + Duration.FromHours(random.Next(24 * 360)), random.Next(6) == 0 ? null : states[random.Next(states.Length)], random.Next(120));
        }

        return await db.SaveChangesAsync();
    }

    /// <summary>Runs <paramref name="work"/> with a service of the app, acting as the system.</summary>
    protected async Task<T> With<TService, T>(Func<TService, Task<T>> work)
        where TService : notnull
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Web.Infrastructure.Security.CurrentActor>().UseSystem("test");
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected Task<IReadOnlyList<KpiRow>> KpisAsync(int year, string? council = null) => With<KpiReport, IReadOnlyList<KpiRow>>(k => k.ComputeAsync(year, council));

    private static decimal? Value(IEnumerable<KpiRow> rows, KpiIndicator indicator, string period, string council) =>
        rows.Single(r => r.Indicator == indicator.Id && r.Period == period && r.Council == council).Value;

    [Fact]
    public async Task The_known_figures_of_2017_are_computed_per_council_period_and_whole_area()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        var rows = await KpisAsync(2017);
        Assert.Equal(50.0m, Value(rows, Kpis.RhiOfferedWithin72h, "Q1", "LA-860"));
        Assert.Equal(100.0m, Value(rows, Kpis.RhiOfferedWithin72h, "Q1", "LA-861"));
        Assert.Equal(66.7m, Value(rows, Kpis.RhiOfferedWithin72h, "Q1", KpiReport.Whole));
        Assert.Equal(100.0m, Value(rows, Kpis.RhiCompletedOfOffered, "2017-04", KpiReport.Whole));
        Assert.Equal(66.7m, Value(rows, Kpis.RhiCompletedOfOffered, "Q1", KpiReport.Whole));
        Assert.Null(Value(rows, Kpis.RhiOfferedWithin72h, "Q2", "LA-860")); // nothing offered: no data
        Assert.Equal(66.7m, Value(rows, Kpis.NotificationsOffered, "YTD", "LA-860"));
        Assert.Equal(62.0m, Value(rows, Kpis.MedianHoursToOffer, "Q1", "LA-860"));
        Assert.Equal(48.0m, Value(rows, Kpis.MedianHoursToOffer, "Q1", KpiReport.Whole));
        Assert.Equal(50.0m, Value(rows, Kpis.RepeatMeetingsOnTime, "Q1", "LA-860"));
        Assert.Equal(0.0m, Value(rows, Kpis.RepeatMeetingsOnTime, "Q1", "LA-861"));
        Assert.Equal(33.3m, Value(rows, Kpis.RepeatMeetingsOnTime, "YTD", KpiReport.Whole));
        Assert.Equal(100.0m, Value(rows, Kpis.ReferralsDecidedInTime, "2017-04", "LA-860")); // R2: the fifth working day over Easter
        Assert.Equal(0.0m, Value(rows, Kpis.ReferralsDecidedInTime, "Q1", "LA-861"));
        Assert.Equal(50.0m, Value(rows, Kpis.ReferralsDecidedInTime, "Q1", KpiReport.Whole)); // R5, decided with no date, left out
        Assert.Equal(100.0m, Value(rows, Kpis.ClosuresWithReducedRisk, "Q2", "LA-860"));
        Assert.Equal(50.0m, Value(rows, Kpis.ClosuresWithReducedRisk, "YTD", KpiReport.Whole));
        Assert.Equal(0m, Value(rows, Kpis.ActiveMentors, "2017-04", KpiReport.Whole));
        Assert.Equal(1m, Value(rows, Kpis.ActiveMentors, "2017-05", "LA-860"));
        Assert.Equal(0m, Value(rows, Kpis.ActiveMentors, "2017-05", "LA-861"));
        Assert.DoesNotContain(rows, r => r.Indicator == Kpis.OutcomeImprovement.Id && r.Period != "YTD");
        Assert.All(rows.Where(r => r.Council == "LA-861"), r => Assert.Null(r.Rag)); // no targets for the city
        Assert.Equal(rows.Where(r => r.Council == "LA-861"), await KpisAsync(2017, "LA-861"));
    }

    [Fact]
    public async Task The_interview_kpis_agree_with_the_missing_return_and_closures_with_the_outcomes_report()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        var rows = await KpisAsync(2018);
        foreach (var (period, kpiPeriods) in new[] { ("quarterly", new[] { "Q1", "Q2", "Q3", "Q4" }), ("monthly", Enumerable.Range(0, 12).Select(m => new LocalDate(2018, 4, 1).PlusMonths(m).ToString("yyyy-MM", null)).ToArray()), ("annual", ["YTD"]) })
        {
            var returned = await With<MissingReturn, IReadOnlyList<ReturnRow>>(m => m.BuildAsync(2018, period));
            for (var i = 0; i < kpiPeriods.Length; i++)
            {
                foreach (var (area, council) in new[] { ("All areas", KpiReport.Whole), ("Stoke-on-Trent", "LA-861") })
                {
                    var row = returned.Where(r => r.Area == area).ElementAt(i);
                    Assert.Equal((decimal?)row["offered_within_72h_percent"], Value(rows, Kpis.RhiOfferedWithin72h, kpiPeriods[i], council));
                    Assert.Equal((decimal?)row["completed_of_offered_percent"], Value(rows, Kpis.RhiCompletedOfOffered, kpiPeriods[i], council));
                }
            }
        }

        var outcomes = await With<OutcomeReport, OutcomeReportResult>(o => o.BuildAsync(2017));
        var whole = outcomes.Summaries.Single(s => s.Area == OutcomeReport.WholeArea);
        var kpis2017 = await KpisAsync(2017);
        Assert.Equal(whole.ReducedRiskPercent, Value(kpis2017, Kpis.ClosuresWithReducedRisk, "YTD", KpiReport.Whole));
        Assert.Equal(whole.AreasImprovedPerChild, Value(kpis2017, Kpis.OutcomeImprovement, "YTD", KpiReport.Whole));
    }

    [Fact]
    public async Task A_target_gives_a_rating_the_latest_version_is_in_force_and_the_whole_area_has_none()
    {
        App.SkipIfUnavailable();
        await SeedAsync();
        await App.WithDb(async db =>
        {
            var county = await db.Organisations.Where(o => o.Code == "LA-860").Select(o => o.Id).SingleAsync();
            KpiTarget Target(int version, long green) => new()
            {
                Id = Guid.NewGuid(), Indicator = Kpis.RhiOfferedWithin72h.Id, FinancialYear = 2017, OrganisationId = county, Version = version,
                TargetMilli = green, GreenMilli = green, AmberMilli = 40_000, SetBy = "test", SetAt = SystemClock.Instance.GetCurrentInstant(),
            };
            db.AddRange(Target(1, 50_000), Target(2, 60_000));
            db.Add(new KpiTarget
            {
                Id = Guid.NewGuid(), Indicator = Kpis.MedianHoursToOffer.Id, FinancialYear = 2017, OrganisationId = county, Version = 1,
                TargetMilli = 48_000, GreenMilli = 48_000, AmberMilli = 62_000, SetBy = "test", SetAt = SystemClock.Instance.GetCurrentInstant(),
            });
            return await db.SaveChangesAsync();
        });
        var rows = await KpisAsync(2017);
        var q1 = rows.Single(r => r.Indicator == Kpis.RhiOfferedWithin72h.Id && r.Period == "Q1" && r.Council == "LA-860");
        Assert.Equal((50.0m, 60m, Rag.Amber), (q1.Value, q1.Target, q1.Rag)); // 50.0 against green 60 (version 2), amber 40
        Assert.Equal(Rag.Amber, rows.Single(r => r.Indicator == Kpis.MedianHoursToOffer.Id && r.Period == "Q1" && r.Council == "LA-860").Rag); // 62.0 hours: at the amber edge, lower is better
        Assert.Null(rows.Single(r => r.Indicator == Kpis.RhiOfferedWithin72h.Id && r.Period == "Q2" && r.Council == "LA-860").Rag); // no data, no rating
        Assert.Null(rows.Single(r => r.Indicator == Kpis.RhiOfferedWithin72h.Id && r.Period == "Q1" && r.Council == KpiReport.Whole).Rag);
    }
}

public sealed class SqliteKpiTests(SqliteApp app) : KpiTests<SqliteApp>(app);

public sealed class PostgresKpiTests(PostgresApp app) : KpiTests<PostgresApp>(app);
