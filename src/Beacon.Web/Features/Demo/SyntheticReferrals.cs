using Beacon.Domain.Vocabulary;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Demo;

/// <summary>
/// Synthetic exploitation referrals for a load or demo dataset (issue #6 §4: "children, episodes, RHIs, referrals"):
/// random children of at least ten, answered on the current Risk Factor Matrix (mostly "no", some suspected, a few
/// known), through <see cref="ReferralWork"/> so scoring, routing and audit are the real ones. Seeded, so a run can be
/// repeated.
/// </summary>
public sealed class SyntheticReferrals(BeaconDbContext db, ReferralWork work, RfmTemplates templates, IClock clock)
{
    private static readonly string[] Agencies = ["School", "Police", "Health", "Children's social care", "Youth service", "Voluntary sector"];

    public async Task<int> CreateAsync(int count, int seed, CancellationToken cancellationToken = default)
    {
        var random = new Random(seed);
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var oldest = today.PlusYears(-10);
        var children = await db.Children.AsNoTracking().Where(c => c.MergedIntoId == null && c.DateOfBirth <= oldest)
            .OrderBy(c => EF.Functions.Random()).Take(count).Select(c => new { c.Id, c.DateOfBirth }).ToListAsync(cancellationToken);
        var template = await templates.CurrentAsync(cancellationToken);
        var types = Codes.ExploitationType.Keys.ToArray();
        var created = 0;
        foreach (var child in children)
        {
            var answers = template.Indicators.ToDictionary(i => i.Code, _ => random.Next(100) switch
            {
                < 8 => nameof(IndicatorAnswer.Known),
                < 22 => nameof(IndicatorAnswer.Suspected),
                _ => nameof(IndicatorAnswer.No),
            });
            var earliest = LocalDate.Max(child.DateOfBirth.PlusYears(10), today.PlusYears(-3));
            var received = earliest.PlusDays(random.Next(Math.Max(1, Period.Between(earliest, today, PeriodUnits.Days).Days)));
            var input = new ReferralInput($"Referrer {random.Next(1000, 9999)} (synthetic)", Agencies[random.Next(Agencies.Length)],
                received.ToString("d/M/yyyy", System.Globalization.CultureInfo.InvariantCulture),
                [.. types.OrderBy(_ => random.Next()).Take(random.Next(1, 3))], answers);
            var (referral, _) = await work.CreateAsync(child.Id, input, cancellationToken);
            created += referral is null ? 0 : 1;
            db.ChangeTracker.Clear();
        }

        return created;
    }
}
