using Beacon.Domain.Vocabulary;
using Beacon.Domain.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Demo;

/// <summary>
/// Closes the older RHIs of a synthetic load or benchmark dataset the way a real service's would be closed (issue #4's
/// benchmark and issue #6 §4: "children, episodes, RHIs, referrals"): an imported notification file leaves every RHI
/// waiting for an offer, so without this the return's breakdowns (declines, methods, reasons, 72-hour offers) would be
/// empty and the benchmark would measure less than a real return. RHIs due more than 14 days ago are closed: about 55%
/// completed (method, venue, reasons), 15% declined, 10% no contact after attempts, 10% not offered, the rest left
/// open; most offers within 72 hours. Saved in batches through the normal change tracking, so each change is audited
/// as any other. Seeded per RHI, so running it again leaves the same RHIs open and changes nothing.
/// </summary>
public sealed class SyntheticOutcomes(BeaconDbContext db, IClock clock)
{
    public const int BatchSize = 2000;

    public async Task<int> CloseAsync(int seed, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var before = now - Duration.FromDays(14);
        string[] methods = [.. Codes.InterviewMethod.Keys];
        string[] venues = [.. Codes.Venue.Keys];
        string[] decliners = [.. Codes.DeclinedBy.Keys];
        string[] notOffered = [.. Codes.NotOfferedReason.Keys];
        string[] reasons = [.. Codes.Reason.Keys];
        var closed = 0;
        var after = Guid.Empty;
        while (true)
        {
            var batch = await db.ReturnInterviews.IgnoreQueryFilters()
                .Where(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt < before && r.Id.CompareTo(after) > 0)
                .OrderBy(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return closed;
            }

            after = batch[^1].Id;
            foreach (var rhi in batch)
            {
                // Each RHI's fate follows from the seed and its id alone, so a second run changes nothing.
                var random = new Random(seed ^ rhi.Id.GetHashCode());
                var roll = random.Next(100);
                if (roll >= 90)
                {
                    continue; // still open: some old RHIs are never closed on time
                }

                var offered = rhi.FirstReturnedAt + Duration.FromHours(random.Next(100) < 85 ? random.Next(2, 72) : random.Next(73, 240));
                var closedAt = offered + Duration.FromHours(random.Next(1, 240));
                rhi.ClosedAt = closedAt;
                rhi.UpdatedAt = now;
                rhi.OutcomeNote = "Synthetic outcome.";
                if (roll < 55)
                {
                    rhi.Status = RhiStatus.Completed;
                    rhi.OfferedAt = offered;
                    rhi.InterviewedAt = closedAt;
                    rhi.SubmittedAt = closedAt;
                    rhi.Method = methods[random.Next(methods.Length)];
                    rhi.Venue = venues[random.Next(venues.Length)];
                    rhi.PrimaryReason = reasons[random.Next(reasons.Length)];
                    rhi.Reasons = string.Join(',', new[] { rhi.PrimaryReason, reasons[random.Next(reasons.Length)] }.Distinct());
                    rhi.ChildsWords = "Synthetic answer.";
                }
                else if (roll < 70)
                {
                    rhi.Status = RhiStatus.Declined;
                    rhi.OfferedAt = offered;
                    rhi.DeclinedBy = decliners[random.Next(decliners.Length)];
                }
                else if (roll < 80)
                {
                    rhi.Status = RhiStatus.NoContact;
                    rhi.OfferedAt = offered;
                }
                else
                {
                    rhi.Status = RhiStatus.NotOffered;
                    rhi.NotOfferedReason = notOffered[random.Next(notOffered.Length)];
                }

                closed++;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(closed);
        }
    }
}
