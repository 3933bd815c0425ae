using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>Synthetic onward-referral demo data (issue #19 §3): a directory of fifteen invented resources across the
/// districts, and a few referrals of the first demo children at different steps (one waiting for CAMHS). Idempotent.</summary>
public sealed class DemoOnward(BeaconDbContext db, IClock clock)
{
    private static readonly (string Name, string Kind, string? Districts, int? Min, int? Max)[] Resources =
    [
        ("Hanley Boxing Academy (demo)", "SPORT", "E06000021", 11, 18),
        ("Potteries Youth Hub (demo)", "YOUTH_CLUB", "E06000021", 10, 19),
        ("Trentside Street Dance (demo)", "ARTS", "E06000021,E07000195", 10, 17),
        ("North Staffs CAMHS (demo)", "CAMHS", "E06000021,E07000195,E07000197,E07000198", null, 17),
        ("South Staffs CAMHS (demo)", "CAMHS", "E07000192,E07000193,E07000194,E07000196,E07000199", null, 17),
        ("Change Grow Young (demo)", "SUBSTANCE_MISUSE", null, 10, 18),
        ("Moorlands Outdoor Challenge (demo)", "DIVERSIONARY", "E07000198", 12, 18),
        ("Cannock Chase Bike Project (demo)", "DIVERSIONARY", "E07000192,E07000196", 11, 18),
        ("Burton Football in the Community (demo)", "SPORT", "E07000193", 8, 18),
        ("Lichfield Young Musicians (demo)", "ARTS", "E07000194,E07000199", 11, 19),
        ("Tamworth Youth Club (demo)", "YOUTH_CLUB", "E07000199", 10, 18),
        ("Stafford Skills and Training Centre (demo)", "EDUCATION_TRAINING", "E07000197", 16, 19),
        ("Newcastle Learning Pathways (demo)", "EDUCATION_TRAINING", "E07000195", 14, 19),
        ("Young Persons Housing Advice (demo)", "HOUSING", null, 16, 21),
        ("Family Mediation Service (demo)", "OTHER", null, null, null),
    ];

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<CommunityResource>().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetCurrentInstant();
        var today = ChildAge.DateOf(now);
        var entries = Resources.Select(r => new CommunityResource
        {
            Id = Guid.NewGuid(),
            Name = r.Name,
            Kind = r.Kind,
            Districts = r.Districts,
            MinAge = r.Min,
            MaxAge = r.Max,
            Contact = "01632 960 000 (demo number)",
            ReferralRoute = "Email the referral form to referrals@service.example (demo)",
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = "demo",
        }).ToList();
        db.Set<CommunityResource>().AddRange(entries);

        // A few referrals of the first demo children: waiting for CAMHS, started sport, declined, just made.
        var children = await db.Children.Where(c => c.Reference.StartsWith("DEMO-")).OrderBy(c => c.Reference).Take(4).Select(c => c.Id).ToListAsync(cancellationToken);
        var plans = new (string Resource, int MadeDaysAgo, (string Status, int DaysAgo)[] Steps)[]
        {
            ("North Staffs CAMHS (demo)", 70, [("ACCEPTED", 60), ("WAITING", 60)]),
            ("Hanley Boxing Academy (demo)", 40, [("ACCEPTED", 35), ("STARTED", 28)]),
            ("Change Grow Young (demo)", 30, [("DECLINED", 20)]),
            ("Potteries Youth Hub (demo)", 3, []),
        };
        foreach (var (childId, plan) in children.Zip(plans))
        {
            var resource = entries.Single(e => e.Name == plan.Resource);
            var (referral, step) = OnwardReferrals.New(childId, resource.Id, "FAMILY", null, today.PlusDays(-plan.MadeDaysAgo), "Synthetic demo referral.", "demo", now);
            db.Set<OnwardReferral>().Add(referral);
            db.Set<OnwardReferralStep>().Add(step);
            foreach (var (status, daysAgo) in plan.Steps)
            {
                referral.Status = status;
                referral.StatusOn = today.PlusDays(-daysAgo);
                db.Set<OnwardReferralStep>().Add(new OnwardReferralStep
                {
                    Id = Guid.NewGuid(),
                    OnwardReferralId = referral.Id,
                    ChildId = childId,
                    Status = status,
                    On = referral.StatusOn,
                    RecordedBy = "demo",
                    RecordedAt = now,
                });
            }

            referral.Version = 1 + plan.Steps.Length;
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
