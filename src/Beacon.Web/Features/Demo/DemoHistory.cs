using System.Globalization;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Infrastructure;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Demo;

/// <summary>
/// Demo history (issue #17 §8): <c>Beacon:Demo:Years</c> financial years (April to March, ending with the current one)
/// of a service's work, so every return, the KPIs, the committee pack and the contract pages show trends, not zeros.
/// Played back month by month through the real services on a <see cref="DemoClock"/> set to each day: police
/// notifications through <see cref="NotificationIntake"/> (children created and matched, RHIs opened, repeat-missing
/// meetings raised, all audited), then the RHIs closed and the meetings held as a service would have (as the demo's
/// recent quarter is), then exploitation referrals, key work, MACE panels, outcome readings and onward referrals
/// (<c>DemoHistory.Exploitation.cs</c>). Every district and cohort (home, council care, placed by another council) has
/// children in every year; volumes follow the seasons (a summer peak, a December dip) and grow a little each year, and
/// offers in time improve. Fixed seeds, invented names (Bogus), police references <c>HIST-…</c>. Once only.
/// </summary>
public sealed partial class DemoHistory(BeaconDbContext db, AuditLog audit, IClock clock, IOptions<BeaconOptions> options, IOptions<RepeatMissingOptions> repeatMissing,
    Exploitation.RfmTemplates templates, Outcomes.OutcomeFrameworks frameworks, IOptions<Outcomes.OutcomeOptions> outcomeOptions, ILogger<DemoHistory> logger)
{
    public const string Prefix = "HIST-";

    /// <summary>Relative volume by month, April first: more in the summer and the autumn term, fewest in December.</summary>
    private static readonly double[] Season = [1.0, 1.1, 1.15, 1.25, 1.3, 1.0, 1.05, 0.9, 0.7, 0.85, 0.9, 1.0];

    private static readonly string[] Situations = ["HOME", "LA_CARE", "PLACED_BY_OTHER_LA"];

    private static readonly int[] PlacingDfe = [330, 893];

    private DemoClock playback = null!;

    private int firstYear;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Demo;
        if (settings.Years <= 0 || settings.EpisodesPerYear <= 0 || await db.Episodes.IgnoreQueryFilters().AnyAsync(e => e.PoliceReference.StartsWith(Prefix), cancellationToken))
        {
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var now = Instant.FromUnixTimeSeconds(clock.GetCurrentInstant().ToUnixTimeSeconds());
        var today = ChildAge.DateOf(now);
        firstYear = FinancialYear.Of(today) - Math.Min(settings.Years, 10) + 1;
        playback = new DemoClock(now);
        var episodes = await NotifyAsync(FinancialYear.Year(firstYear).Start, today.PlusDays(-16), settings.EpisodesPerYear, cancellationToken);
        var notified = started.Elapsed.TotalSeconds;
        var closed = await CloseInterviewsAsync(now, cancellationToken);
        var held = await HoldMeetingsAsync(today, cancellationToken);
        var missing = started.Elapsed.TotalSeconds;
        var referrals = await ExploitationAsync(today, settings.EpisodesPerYear, cancellationToken);
        logger.LogInformation("Seeded {Years} years of demo history in {Seconds:N1} s: {Episodes} episodes ({Notified:N1} s), {Closed} closed RHIs and {Held} repeat-missing meetings held ({Missing:N1} s), {Referrals} exploitation referrals ({Exploitation:N1} s)",
            settings.Years, started.Elapsed.TotalSeconds, episodes, notified, closed, held, missing - notified, referrals, started.Elapsed.TotalSeconds - missing);
    }

    private int YearIndex(LocalDate date) => FinancialYear.Of(date) - firstYear;

    private static Instant At(LocalDate date, int minuteOfDay) => date.At(LocalTime.FromMinutesSinceMidnight(minuteOfDay % 1440)).InZoneLeniently(UkTime.Zone).ToInstant();

    /// <summary>A day between <paramref name="from"/> and <paramref name="to"/> (exclusive), months weighted by season and
    /// year (a little more each year).</summary>
    private LocalDate PickDay(Random random, LocalDate from, LocalDate to)
    {
        var days = new List<(LocalDate Day, double Weight)>();
        for (var d = from; d < to; d = d.PlusDays(1))
        {
            days.Add((d, Season[(d.Month + 8) % 12] * (1 + (0.12 * YearIndex(d)))));
        }

        var pick = random.NextDouble() * days.Sum(d => d.Weight);
        foreach (var (day, weight) in days)
        {
            pick -= weight;
            if (pick <= 0)
            {
                return day;
            }
        }

        return days[^1].Day;
    }

    /// <summary>Invents the children and their episodes, and notifies them month by month through the intake.</summary>
    private async Task<int> NotifyAsync(LocalDate start, LocalDate end, int perYear, CancellationToken cancellationToken)
    {
        var districts = await db.Areas.AsNoTracking().Where(a => a.Kind != "county").OrderBy(a => a.GssCode).ToListAsync(cancellationToken);
        var dfe = await db.Organisations.AsNoTracking().Where(o => o.DfeLaNumber != null).ToDictionaryAsync(o => o.Id, o => o.DfeLaNumber!.Value, cancellationToken);
        var police = await db.Organisations.AsNoTracking().Where(o => o.Kind == OrganisationKind.Police && o.Code != DemoSeeder.NeighbouringForceCode)
            .OrderBy(o => o.Code).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        if (districts.Count == 0 || end <= start)
        {
            return 0;
        }

        var years = YearIndex(end) + 1;
        var faker = new Faker("en_GB") { Random = new Randomizer(20260401) };
        var random = new Random(20260401);
        var covering = districts.Count * Situations.Length;
        var childCount = Math.Max(covering * years, perYear * years * 10 / 27);
        var inputs = new List<NotificationInput>();
        for (var k = 0; k < childCount; k++)
        {
            // Every district and cohort first; then Stoke-on-Trent, the city, has about a third of the area's episodes.
            var district = k < covering * years ? districts[k % districts.Count]
                : random.Next(100) < 30 && districts.Find(d => d.Kind == "unitary") is { } city ? city : districts[random.Next(districts.Count)];
            var situation = k < covering * years ? Situations[k / districts.Count % Situations.Length] : Situations[random.Next(100) switch { < 55 => 0, < 80 => 1, _ => 2 }];
            // The first children cover every district and cohort in every year; the rest fall where the seasons put them.
            var first = k < covering * years
                ? PickDay(random, LocalDate.Max(start, FinancialYear.Year(firstYear + (k / covering)).Start), LocalDate.Min(end, FinancialYear.Year(firstYear + (k / covering)).EndExclusive))
                : PickDay(random, start.PlusDays(-60), end); // some began before the history: its first month is not a ramp
            var roll = random.Next(100);
            var count = roll switch { < 45 => 1, < 65 => 2, < 85 => random.Next(3, 5), < 97 => random.Next(5, 9), _ => random.Next(9, 13) };
            var female = random.NextDouble() < 0.55;
            var born = first.PlusDays(-random.Next(11 * 365, (16 * 365) + 180));
            var given = faker.Name.FirstName(female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male);
            var family = faker.Name.LastName();
            var ethnicity = faker.PickRandom("WBRI", "WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "APKN", "BCRB", "NOBT", "WIRT");
            var responsible = situation == "PLACED_BY_OTHER_LA" ? PlacingDfe[k % PlacingDfe.Length] : dfe.GetValueOrDefault(district.AuthorityId);
            var day = first;
            for (var n = 1; n <= count && day < end; n++)
            {
                if (day < start)
                {
                    day = day.PlusDays(random.Next(4, 26));
                    continue;
                }

                var reported = At(day, random.Next(8 * 60, 23 * 60));
                var returned = reported + Duration.FromMinutes(random.Next(3 * 60, 50 * 60));
                inputs.Add(new NotificationInput
                {
                    PoliceReference = $"{Prefix}{k + 1:D5}-{n}",
                    PolicePersonId = $"DEMO-HP-{k + 1:D5}",
                    GivenName = given,
                    FamilyName = family,
                    DateOfBirth = born.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
                    Gender = female ? "female" : "male",
                    Ethnicity = ethnicity,
                    DistrictCode = district.GssCode,
                    LivingSituation = situation,
                    ResponsibleAuthority = responsible.ToString(CultureInfo.InvariantCulture),
                    ReportedMissingAt = Iso(reported),
                    ReturnedAt = Iso(returned),
                    MissingOrAbsent = random.Next(100) < 78 ? "M" : "A",
                    PoliceRisk = random.Next(100) switch { < 10 => "HIGH", < 55 => "MEDIUM", < 90 => "LOW", _ => "NO_APPARENT_RISK" },
                    PreventionInterviewAt = Iso(returned + Duration.FromHours(2)),
                    NotifiedAt = Iso(returned + Duration.FromHours(2) + Duration.FromMinutes(random.Next(15, 6 * 60))), // after the prevention interview, as police notify
                    Circumstances = "Synthetic demo episode.",
                });
                day = day.PlusDays(count >= 3 ? random.Next(4, 26) : random.Next(10, 120));
            }
        }

        var reference = await NotificationReferenceData.LoadAsync(db, cancellationToken);
        var intake = new NotificationIntake(db, new RepeatMissingEvaluator(db, repeatMissing), audit, playback, options);
        var notified = 0;
        db.InsertInBulk = true; // as an import: the same intake and audit, new rows written in bulk
        foreach (var month in inputs.OrderBy(i => i.NotifiedAt, StringComparer.Ordinal).GroupBy(i => Quarter(UkTime.ParseIso(i.NotifiedAt)!.Value)))
        {
            // A quarter at a time, received as it was: the clock at its last notification, so the intake's rules judge it
            // then (a repeat-missing meeting is dated back to its notification's day when it is held, as it would be live).
            playback.Now = UkTime.ParseIso(month.Max(i => i.NotifiedAt))!.Value + Duration.FromMinutes(1);
            var commands = new List<NotificationCommand>();
            foreach (var input in month)
            {
                var (command, errors) = NotificationValidator.Validate(input, reference, playback.Now);
                if (command is null)
                {
                    logger.LogWarning("Demo history notification {Reference} not valid: {Errors}", input.PoliceReference, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
                    continue;
                }

                commands.Add(command);
            }

            await intake.ReceiveAsync(commands, "demo", police, cancellationToken);
            db.ClearTracked();
            notified += commands.Count;
        }

        db.InsertInBulk = false;

        return notified;
    }

    private static int Quarter(Instant at) => (FinancialYear.Of(ChildAge.DateOf(at)) * 10) + FinancialYear.QuarterOf(ChildAge.DateOf(at));

    private static string Iso(Instant at) => NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Format(at.WithOffset(Offset.Zero));
}
