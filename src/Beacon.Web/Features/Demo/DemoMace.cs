using Beacon.Domain.Exploitation;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Mace;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Demo;

/// <summary>
/// Demo data for the exploitation pathway, so a newcomer signing in as the panel chair finds something to look at:
/// four demo children referred at medium or high risk, two invented adults and two invented places of concern linked
/// to them, and a Stafford panel meeting next week. Every name is invented and marked "(demo)". Idempotent.
/// </summary>
public sealed class DemoMace(BeaconDbContext db, IClock clock)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        if (await db.AdultsOfConcern.IgnoreQueryFilters().AnyAsync(a => a.Reference.StartsWith("AOC-DEMO"), cancellationToken))
        {
            return;
        }

        var stafford = await db.Areas.AsNoTracking().Where(a => a.MacePanel == "Stafford").Select(a => a.GssCode).ToListAsync(cancellationToken);
        var children = await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => c.Reference.StartsWith("DEMO-") && stafford.Contains(c.HostDistrictCode))
            .OrderBy(c => c.Reference).Take(4).ToListAsync(cancellationToken);
        var template = await db.RfmTemplates.AsNoTracking().Where(t => t.Version > 0).MaxAsync(t => (int?)t.Version, cancellationToken);
        if (children.Count < 2 || template is null)
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        var today = Beacon.Domain.Missing.ChildAge.DateOf(now);
        foreach (var (child, i) in children.Select((c, i) => (c, i)))
        {
            var high = i % 2 == 0;
            db.Referrals.Add(new Referral
            {
                Id = Guid.NewGuid(),
                ChildId = child.Id,
                Reference = RecordReferences.New("EXP"),
                TemplateVersion = template.Value,
                Answers = high ? "{\"WEAPON\":\"Known\"}" : "{\"DRUG_DEBT\":\"Known\"}",
                Points = 6,
                ScoredLevel = high ? RiskLevel.High : RiskLevel.Medium,
                Level = high ? RiskLevel.High : RiskLevel.Medium,
                ExploitationTypes = high ? "CCE,COUNTY_LINES" : "CSE",
                ReferrerName = "Demo Referrer (demo)",
                ReferrerAgency = "School",
                ReceivedOn = today.PlusDays(-14 + i),
                Status = Referral.Open,
                Pathway = Pathway.MacePanel,
                Panel = "Stafford",
                ReassessmentDueOn = today.PlusDays(-14 + i).PlusWeeks(6),
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        AdultOfConcern Adult(string n, string name, string vehicles) => new()
        {
            Id = Guid.NewGuid(),
            Reference = $"AOC-DEMO{n}",
            Name = name,
            Vehicles = vehicles,
            Area = "Stafford town centre",
            RecordedBy = "demo",
            CreatedAt = now,
            UpdatedAt = now,
        };
        LocationOfConcern Place(string n, string name, string kind) => new()
        {
            Id = Guid.NewGuid(),
            Reference = $"LOC-DEMO{n}",
            Name = name,
            Kind = kind,
            DistrictCode = stafford[0],
            RecordedBy = "demo",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var adults = new[] { Adult("1", "Rook Invented (demo)", "Grey hatchback (demo)"), Adult("2", "Tally Madeup (demo)", "None known") };
        var places = new[] { Place("1", "Canal towpath bench (demo)", "public-space"), Place("2", "Takeaway on an invented street (demo)", "venue") };
        db.AdultsOfConcern.AddRange(adults);
        db.LocationsOfConcern.AddRange(places);

        void Link(string from, string to, string type, int daysAgo) => db.Associations.Add(new Association
        {
            Id = Guid.NewGuid(),
            FromSubject = from,
            ToSubject = to,
            LinkType = type,
            ObservedOn = today.PlusDays(-daysAgo),
            Source = "POLICE_INTELLIGENCE",
            Grading = "B2",
            RecordedBy = "demo",
            RecordedAt = now,
        });
        string C(int i) => new Subject("child", children[i % children.Count].Id).ToString();
        string A(int i) => new Subject("adult", adults[i].Id).ToString();
        string L(int i) => new Subject("location", places[i].Id).ToString();
        Link(C(0), A(0), "exploited-by", 20);
        Link(C(1), A(0), "associates-with", 12);
        Link(C(1), L(0), "seen-at", 10);
        Link(A(0), L(0), "seen-at", 9);
        Link(A(0), A(1), "associates-with", 30);
        Link(A(1), L(1), "seen-at", 15);
        Link(C(2), L(1), "seen-at", 5);

        var meeting = new PanelMeeting { Id = Guid.NewGuid(), Panel = "Stafford", MeetingOn = today.PlusDays(7), Status = PanelMeeting.Scheduled, CreatedAt = now, UpdatedAt = now };
        db.PanelMeetings.Add(meeting);
        db.DisruptionActions.Add(new DisruptionAction
        {
            Id = Guid.NewGuid(),
            MeetingId = meeting.Id,
            Panel = "Stafford",
            AdultId = adults[0].Id,
            OwnerAgency = "Police",
            Description = "Vehicle stop checks near the canal (demo)",
            DueOn = today.PlusDays(21),
            Status = DisruptionAction.Open,
            CreatedAt = now,
            UpdatedAt = now,
        });
        var panel = await db.MacePanels.SingleAsync(p => p.Name == "Stafford", cancellationToken);
        panel.ChairName ??= "Parker Chair (demo)";
        if (string.IsNullOrEmpty(panel.CoreMembers))
        {
            panel.CoreMembers = "Police – detective inspector (demo)\nCounty council children's services – team manager (demo)\nProvider – exploitation lead (demo)";
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
