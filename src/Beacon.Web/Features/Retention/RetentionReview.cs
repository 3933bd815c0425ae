using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Domain.Retention;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Retention;

/// <summary>Configuration section <c>Beacon:Retention</c> (<see cref="RetentionRules"/>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Beacon:Retention";

    public int YearsAfterLastActivity { get; set; } = 6;

    public int MinimumAge { get; set; } = 25;
}

/// <summary>A child whose records are past retention: identifiers only (a review report carries no names).</summary>
public sealed record RetentionCandidate(Guid ChildId, string Reference, LocalDate LastActivity, LocalDate DeletableFrom, int Records);

/// <summary>
/// The retention policy (issue #6 §6): <see cref="ReviewAsync"/> lists, without changing anything, every child whose
/// records are past retention (<see cref="RetentionRules"/>); <see cref="DeleteAsync"/> deletes exactly those, each child
/// with all its records in one transaction, audited. Records merged into a child go with it. The audit log keeps its
/// entries (ids and actions, no personal details), so what was deleted and when stays accountable.
/// </summary>
public sealed class RetentionReview(BeaconDbContext db, AuditLog audit, IOptions<RetentionOptions> options, IClock clock)
{
    public async Task<IReadOnlyList<RetentionCandidate>> ReviewAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var today = ChildAge.DateOf(clock.GetCurrentInstant());

        // The youngest a child can be and still be due: born before today − minimum age. Cheap first cut in SQL.
        var bornBefore = today.PlusYears(-settings.MinimumAge).PlusDays(1);
        var children = await db.Children.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.MergedIntoId == null && c.DateOfBirth < bornBefore)
            .Select(c => new { c.Id, c.Reference, c.DateOfBirth, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        var candidates = new List<RetentionCandidate>();
        foreach (var chunk in children.Chunk(500))
        {
            var ids = chunk.Select(c => c.Id).ToList();
            var family = await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => c.MergedIntoId != null && ids.Contains(c.MergedIntoId.Value)).Select(c => new { c.Id, Into = c.MergedIntoId!.Value }).ToListAsync(cancellationToken);
            var all = ids.Concat(family.Select(f => f.Id)).ToList();
            var owner = family.ToDictionary(f => f.Id, f => f.Into);
            Guid Owner(Guid id) => owner.GetValueOrDefault(id, id);

            var activity = new Dictionary<Guid, Instant>();
            var records = new Dictionary<Guid, int>();
            var open = new HashSet<Guid>();
            void Seen(Guid child, Instant at, bool isOpen = false)
            {
                var o = Owner(child);
                activity[o] = activity.TryGetValue(o, out var t) && t > at ? t : at;
                records[o] = records.GetValueOrDefault(o) + 1;
                if (isOpen)
                {
                    open.Add(o);
                }
            }

            foreach (var e in await db.Episodes.IgnoreQueryFilters().AsNoTracking().Where(e => all.Contains(e.ChildId)).Select(e => new { e.ChildId, e.UpdatedAt }).ToListAsync(cancellationToken))
            {
                Seen(e.ChildId, e.UpdatedAt);
            }

            foreach (var r in await db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking().Where(r => all.Contains(r.ChildId)).Select(r => new { r.ChildId, r.UpdatedAt, r.Status }).ToListAsync(cancellationToken))
            {
                Seen(r.ChildId, r.UpdatedAt, r.Status is RhiStatus.AwaitingOffer or RhiStatus.Offered);
            }

            foreach (var m in await db.InterventionMeetings.IgnoreQueryFilters().AsNoTracking().Where(m => all.Contains(m.ChildId)).Select(m => new { m.ChildId, m.UpdatedAt, m.Status }).ToListAsync(cancellationToken))
            {
                Seen(m.ChildId, m.UpdatedAt, m.Status == "needed");
            }

            foreach (var r in await db.Referrals.IgnoreQueryFilters().AsNoTracking().Where(r => all.Contains(r.ChildId)).Select(r => new { r.ChildId, r.UpdatedAt, r.Status, r.Pathway }).ToListAsync(cancellationToken))
            {
                Seen(r.ChildId, r.UpdatedAt, r.Status == Referral.Open && r.Pathway != Pathway.NoFurtherAction);
            }

            foreach (var c in chunk)
            {
                var last = ChildAge.DateOf(activity.TryGetValue(c.Id, out var t) && t > c.UpdatedAt ? t : c.UpdatedAt);
                if (RetentionRules.IsDue(today, last, c.DateOfBirth, open.Contains(c.Id), settings.YearsAfterLastActivity, settings.MinimumAge))
                {
                    candidates.Add(new RetentionCandidate(c.Id, c.Reference, last, RetentionRules.DeletableFrom(last, c.DateOfBirth, settings.YearsAfterLastActivity, settings.MinimumAge), records.GetValueOrDefault(c.Id) + 1));
                }
            }
        }

        await audit.RecordAsync("retention-review", "Retention", null, details: $"{candidates.Count} children past retention", cancellationToken: cancellationToken);
        return candidates;
    }

    /// <summary>Deletes every child the review finds past retention (re-checked now), one child per transaction.</summary>
    public async Task<int> DeleteAsync(CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        foreach (var candidate in await ReviewAsync(cancellationToken))
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var ids = await db.Children.IgnoreQueryFilters().Where(c => c.Id == candidate.ChildId || c.MergedIntoId == candidate.ChildId).Select(c => c.Id).ToListAsync(cancellationToken);
                var subjects = ids.Select(i => new Mace.Subject("child", i).ToString()).ToList();
                await db.Associations.IgnoreQueryFilters().Where(a => subjects.Contains(a.FromSubject) || subjects.Contains(a.ToSubject)).ExecuteDeleteAsync(cancellationToken);
                await db.DisruptionActions.IgnoreQueryFilters().Where(a => a.ChildId != null && ids.Contains(a.ChildId.Value)).ExecuteUpdateAsync(u => u.SetProperty(a => a.ChildId, (Guid?)null), cancellationToken);
                await db.PanelDiscussions.IgnoreQueryFilters().Where(d => ids.Contains(d.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.ChildFlags.IgnoreQueryFilters().Where(f => ids.Contains(f.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await SupportPlans.SupportPlanServices.DeleteForChildrenAsync(db, ids, cancellationToken);
                await db.Set<Outcomes.OutcomeScore>().IgnoreQueryFilters().Where(s => ids.Contains(s.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Set<Outcomes.OutcomeReading>().IgnoreQueryFilters().Where(r => ids.Contains(r.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Set<Onward.OnwardReferralStep>().IgnoreQueryFilters().Where(s => ids.Contains(s.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Set<Onward.OnwardReferral>().IgnoreQueryFilters().Where(r => ids.Contains(r.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Set<Mentoring.MentorContact>().IgnoreQueryFilters().Where(c => ids.Contains(c.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Set<Mentoring.MentorMatch>().IgnoreQueryFilters().Where(m => ids.Contains(m.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.KeyWorkSessions.IgnoreQueryFilters().Where(k => ids.Contains(k.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.RiskReviews.IgnoreQueryFilters().Where(r => ids.Contains(r.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.FamilyMembers.IgnoreQueryFilters().Where(m => ids.Contains(m.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.FamilyGoals.IgnoreQueryFilters().Where(g => ids.Contains(g.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Set<Contract.HardshipPayment>().IgnoreQueryFilters().Where(p => ids.Contains(p.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Set<Participation.ParticipationAttendance>().IgnoreQueryFilters().Where(a => ids.Contains(a.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.MeetingActions.IgnoreQueryFilters().Where(a => ids.Contains(a.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.InterventionMeetings.IgnoreQueryFilters().Where(m => ids.Contains(m.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Referrals.IgnoreQueryFilters().Where(r => ids.Contains(r.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.RhiShares.IgnoreQueryFilters().Where(s => ids.Contains(s.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.RhiAttempts.IgnoreQueryFilters().Where(a => ids.Contains(a.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.MatchProposals.IgnoreQueryFilters().Where(m => ids.Contains(m.ChildId) || ids.Contains(m.CandidateChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Episodes.IgnoreQueryFilters().Where(e => ids.Contains(e.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.ReturnInterviews.IgnoreQueryFilters().Where(r => ids.Contains(r.ChildId)).ExecuteDeleteAsync(cancellationToken);
                await db.Children.IgnoreQueryFilters().Where(c => c.MergedIntoId == candidate.ChildId).ExecuteDeleteAsync(cancellationToken);
                await db.Children.IgnoreQueryFilters().Where(c => c.Id == candidate.ChildId).ExecuteDeleteAsync(cancellationToken);
                await audit.RecordAsync("delete", "Child", candidate.ChildId.ToString(), details: $"retention: last activity {candidate.LastActivity:yyyy-MM-dd}, due {candidate.DeletableFrom:yyyy-MM-dd}, {candidate.Records} records", cancellationToken: cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            });
            deleted++;
        }

        return deleted;
    }
}
