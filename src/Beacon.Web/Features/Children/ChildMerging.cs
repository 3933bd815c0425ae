using System.Text.Json;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Children;

public sealed record MatchRow(Guid ProposalId, string Status, ChildBrief New, ChildBrief Existing, string Reason);

public sealed record ChildBrief(Guid Id, string Reference, string Name, LocalDate DateOfBirth, string District, int Episodes);

/// <summary>
/// Possible duplicate children (issue #3 §2): a person confirms a proposed match (merge) or rejects it. A merge moves
/// the newer record's episodes, RHIs, intervention meetings with their actions, exploitation referrals and casework
/// (MACE discussions, flags, disruption actions, map links, key-work sessions, family) and every other kind of child
/// record (<see cref="OtherKinds"/>) to the existing child and marks the newer record merged; it records exactly what moved, so it can be undone. Each decision
/// is audited. (The hourly repeat-missing scan then sees the combined episodes.)
/// </summary>
public sealed partial class ChildMerging(BeaconDbContext db, AuditLog audit, CurrentActor actor, IClock clock)
{
    /// <summary>What a merge moved, and the identifiers it copied onto the existing record (which had none). The later
    /// members are absent from merges recorded before they existed.</summary>
    private sealed record Moved(List<Guid> Episodes, List<Guid> Interviews, List<Guid>? Meetings = null, List<Guid>? Actions = null, List<Guid>? Referrals = null,
        Dictionary<string, List<Guid>>? Casework = null, string? CopiedPolicePersonId = null, string? CopiedNhsNumber = null);

    public async Task<IReadOnlyList<MatchRow>> ListAsync(bool open, CancellationToken cancellationToken = default)
    {
        var proposals = await db.MatchProposals.AsNoTracking().Where(m => open ? m.Status == "open" : m.Status != "open").OrderByDescending(m => m.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var ids = proposals.SelectMany(p => new[] { p.ChildId, p.CandidateChildId }).Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Join(db.Areas, c => c.HostDistrictCode, a => a.GssCode, (c, a) => new { c.Id, c.Reference, Name = c.GivenName + " " + c.FamilyName, c.DateOfBirth, District = a.Name, Episodes = db.Episodes.Count(e => e.ChildId == c.Id) })
            .ToDictionaryAsync(c => c.Id, c => new ChildBrief(c.Id, c.Reference, c.Name, c.DateOfBirth, c.District, c.Episodes), cancellationToken);
        var rows = proposals.Where(p => children.ContainsKey(p.ChildId) && children.ContainsKey(p.CandidateChildId))
            .Select(p => new MatchRow(p.Id, p.Status, children[p.ChildId], children[p.CandidateChildId], p.Reason)).ToList();
        await audit.RecordListAsync(nameof(MatchProposal), open ? "open possible matches" : "decided possible matches", rows.SelectMany(r => new[] { r.New.Id.ToString(), r.Existing.Id.ToString() }).Distinct(), cancellationToken);
        return rows;
    }

    public async Task<string?> MergeAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        var proposal = await db.MatchProposals.SingleOrDefaultAsync(m => m.Id == proposalId, cancellationToken);
        if (proposal is null || proposal.Status != "open")
        {
            return "This possible match has already been decided.";
        }

        var source = await db.Children.SingleOrDefaultAsync(c => c.Id == proposal.ChildId, cancellationToken);
        var target = await db.Children.SingleOrDefaultAsync(c => c.Id == proposal.CandidateChildId, cancellationToken);
        if (source is null || target is null || source.MergedIntoId is not null || target.MergedIntoId is not null)
        {
            return "One of these records has already been merged.";
        }

        if (await ConflictAsync(source.Id, target.Id, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var episodes = await db.Episodes.Where(e => e.ChildId == source.Id).ToListAsync(cancellationToken);
        var interviews = await db.ReturnInterviews.Where(r => r.ChildId == source.Id).ToListAsync(cancellationToken);
        await MoveAsync(source.Id, target.Id, episodes, interviews, cancellationToken);
        var others = await MoveOthersAsync(source.Id, target.Id, null, cancellationToken);
        var casework = await MoveCaseworkAsync(source.Id, target.Id, null, cancellationToken);
        var (copiedPersonId, copiedNhs) = (target.PolicePersonId is null ? source.PolicePersonId : null, target.NhsNumber is null ? source.NhsNumber : null);
        target.PolicePersonId ??= source.PolicePersonId;
        target.NhsNumber ??= source.NhsNumber;
        source.MergedIntoId = target.Id;
        proposal.Status = "merged";
        proposal.MovedEpisodeIds = JsonSerializer.Serialize(new Moved(episodes.Select(e => e.Id).ToList(), interviews.Select(r => r.Id).ToList(), others.Meetings, others.Actions, others.Referrals, casework,
            copiedPersonId, copiedNhs));
        proposal.DecidedById = actor.UserId;
        proposal.DecidedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("merge", nameof(Child), source.Id.ToString(), details: $"into: {target.Id}; episodes: {episodes.Count}; interviews: {interviews.Count}", cancellationToken: cancellationToken);
        return null;
    }

    public async Task<string?> RejectAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        var proposal = await db.MatchProposals.SingleOrDefaultAsync(m => m.Id == proposalId, cancellationToken);
        if (proposal is null || proposal.Status != "open")
        {
            return "This possible match has already been decided.";
        }

        proposal.Status = "rejected";
        proposal.DecidedById = actor.UserId;
        proposal.DecidedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Undoes a merge: exactly what moved moves back, and the newer record is a child of its own again.</summary>
    public async Task<string?> UnmergeAsync(Guid proposalId, CancellationToken cancellationToken = default)
    {
        var proposal = await db.MatchProposals.SingleOrDefaultAsync(m => m.Id == proposalId, cancellationToken);
        if (proposal is null || proposal.Status != "merged" || proposal.MovedEpisodeIds is null)
        {
            return "Only a merged record can be separated again.";
        }

        var moved = JsonSerializer.Deserialize<Moved>(proposal.MovedEpisodeIds)!;
        var source = await db.Children.SingleAsync(c => c.Id == proposal.ChildId, cancellationToken);
        var episodes = await db.Episodes.Where(e => moved.Episodes.Contains(e.Id)).ToListAsync(cancellationToken);
        var (interviews, problem) = await InterviewsToSeparateAsync(moved, episodes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await MoveAsync(proposal.CandidateChildId, source.Id, episodes, interviews, cancellationToken);
        await MoveOthersAsync(proposal.CandidateChildId, source.Id, moved, cancellationToken);
        await MoveCaseworkAsync(proposal.CandidateChildId, source.Id, moved.Casework ?? [], cancellationToken);
        if (await FollowBackAsync(proposal.CandidateChildId, source.Id, moved, interviews, cancellationToken) is { } split)
        {
            return split;
        }

        source.MergedIntoId = null;
        // Identifiers the merge copied go back to the separated record only: left on both, a later notification
        // carrying them could join either child.
        var target = await db.Children.SingleAsync(c => c.Id == proposal.CandidateChildId, cancellationToken);
        if (moved.CopiedPolicePersonId is not null && target.PolicePersonId == moved.CopiedPolicePersonId)
        {
            target.PolicePersonId = null;
        }

        if (moved.CopiedNhsNumber is not null && target.NhsNumber == moved.CopiedNhsNumber)
        {
            target.NhsNumber = null;
        }

        proposal.Status = "unmerged";
        proposal.DecidedById = actor.UserId;
        proposal.DecidedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("unmerge", nameof(Child), source.Id.ToString(), details: $"from: {proposal.CandidateChildId}", cancellationToken: cancellationToken);
        return null;
    }

    /// <summary>
    /// The RHIs that go back with the separated record. While merged, the records' episodes could share interviews (a
    /// later episode joined a moved RHI, or one RHI's episodes were moved to another), so the rule is by what each RHI
    /// covers now: an RHI covering only the separated record's episodes goes back (also one made since the merge); one
    /// covering only the other record's episodes stays; an RHI the merge moved that covers no episodes goes back; an RHI
    /// covering episodes of both refuses the separation, naming what to split first.
    /// </summary>
    private async Task<(List<Beacon.Web.Features.ReturnInterviews.ReturnInterview> Interviews, string? Problem)> InterviewsToSeparateAsync(Moved moved, List<Episode> episodes, CancellationToken cancellationToken)
    {
        var movedEpisodes = episodes.Select(e => e.Id).ToHashSet();
        var ids = moved.Interviews.Concat(episodes.Where(e => e.ReturnInterviewId is not null).Select(e => e.ReturnInterviewId!.Value)).Distinct().ToList();
        var interviews = await db.ReturnInterviews.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var covered = (await db.Episodes.Where(e => e.ReturnInterviewId != null && ids.Contains(e.ReturnInterviewId.Value)).Select(e => new { e.Id, e.PoliceReference, Rhi = e.ReturnInterviewId!.Value }).ToListAsync(cancellationToken))
            .ToLookup(e => e.Rhi);
        var back = new List<Beacon.Web.Features.ReturnInterviews.ReturnInterview>();
        foreach (var interview in interviews)
        {
            var mine = covered[interview.Id].Where(e => movedEpisodes.Contains(e.Id)).ToList();
            var theirs = covered[interview.Id].Where(e => !movedEpisodes.Contains(e.Id)).ToList();
            if (mine.Count > 0 && theirs.Count > 0)
            {
                return ([], $"Return interview {interview.Reference} now covers episodes of both records ({mine[0].PoliceReference} and {theirs[0].PoliceReference}). "
                    + "On the interview's page give one record's episodes an interview of their own first, then separate the records.");
            }

            if (mine.Count > 0 || (theirs.Count == 0 && moved.Interviews.Contains(interview.Id)))
            {
                back.Add(interview);
            }
        }

        return (back, null);
    }

    /// <summary>Moves meetings, their actions and referrals: all of <paramref name="from"/>'s, or (undoing a merge) exactly
    /// those the merge recorded.</summary>
    private async Task<(List<Guid> Meetings, List<Guid> Actions, List<Guid> Referrals)> MoveOthersAsync(Guid from, Guid to, Moved? only, CancellationToken cancellationToken)
    {
        var (meetingIds, actionIds, referralIds) = (only?.Meetings ?? [], only?.Actions ?? [], only?.Referrals ?? []);
        var meetings = await db.InterventionMeetings.Where(m => m.ChildId == from && (only == null || meetingIds.Contains(m.Id))).ToListAsync(cancellationToken);
        var actions = await db.MeetingActions.Where(a => a.ChildId == from && (only == null || actionIds.Contains(a.Id))).ToListAsync(cancellationToken);
        var referrals = await db.Referrals.Where(r => r.ChildId == from && (only == null || referralIds.Contains(r.Id))).ToListAsync(cancellationToken);
        meetings.ForEach(m => m.ChildId = to);
        actions.ForEach(a => a.ChildId = to);
        referrals.ForEach(r => r.ChildId = to);
        return ([.. meetings.Select(m => m.Id)], [.. actions.Select(a => a.Id)], [.. referrals.Select(r => r.Id)]);
    }

    /// <summary>
    /// Moves the exploitation casework (MACE discussions, partner flags, key-work sessions, family members and goals,
    /// disruption actions about the child and links on the association map): all of <paramref name="from"/>'s, or
    /// exactly those a merge recorded (<paramref name="only"/>). Panel-only records move whoever merges: they follow
    /// the child, and leaving them on the merged record would hide them from the panel.
    /// </summary>
    private async Task<Dictionary<string, List<Guid>>> MoveCaseworkAsync(Guid from, Guid to, Dictionary<string, List<Guid>>? only, CancellationToken cancellationToken)
    {
        var all = only is null;
        var moved = new Dictionary<string, List<Guid>>();
        var (discussionIds, flagIds, sessionIds, memberIds, goalIds, disruptionIds, linkIds) = (Ids("discussions"), Ids("flags"), Ids("sessions"), Ids("members"), Ids("goals"), Ids("disruption"), Ids("links"));
        var reviewIds = Ids("reviews");
        var reviews = await db.RiskReviews.Where(r => r.ChildId == from && (all || reviewIds.Contains(r.Id))).ToListAsync(cancellationToken);
        reviews.ForEach(r => r.ChildId = to);
        moved["reviews"] = [.. reviews.Select(r => r.Id)];
        var discussions = await db.PanelDiscussions.Where(d => d.ChildId == from && (all || discussionIds.Contains(d.Id))).ToListAsync(cancellationToken);
        discussions.ForEach(d => d.ChildId = to);
        moved["discussions"] = [.. discussions.Select(d => d.Id)];
        var flags = await db.ChildFlags.Where(f => f.ChildId == from && (all || flagIds.Contains(f.Id))).ToListAsync(cancellationToken);
        flags.ForEach(f => f.ChildId = to);
        moved["flags"] = [.. flags.Select(f => f.Id)];
        var sessions = await db.KeyWorkSessions.Where(k => k.ChildId == from && (all || sessionIds.Contains(k.Id))).ToListAsync(cancellationToken);
        sessions.ForEach(k => k.ChildId = to);
        moved["sessions"] = [.. sessions.Select(k => k.Id)];
        var members = await db.FamilyMembers.Where(m => m.ChildId == from && (all || memberIds.Contains(m.Id))).ToListAsync(cancellationToken);
        members.ForEach(m => m.ChildId = to);
        moved["members"] = [.. members.Select(m => m.Id)];
        var goals = await db.FamilyGoals.Where(g => g.ChildId == from && (all || goalIds.Contains(g.Id))).ToListAsync(cancellationToken);
        goals.ForEach(g => g.ChildId = to);
        moved["goals"] = [.. goals.Select(g => g.Id)];
        var actions = await db.DisruptionActions.IgnoreQueryFilters().Where(a => a.ChildId == from && (all || disruptionIds.Contains(a.Id))).ToListAsync(cancellationToken);
        actions.ForEach(a => a.ChildId = to);
        moved["disruption"] = [.. actions.Select(a => a.Id)];
        var (fromSubject, toSubject) = (new Mace.Subject("child", from).ToString(), new Mace.Subject("child", to).ToString());
        var links = await db.Associations.IgnoreQueryFilters().Where(a => (a.FromSubject == fromSubject || a.ToSubject == fromSubject) && (all || linkIds.Contains(a.Id))).ToListAsync(cancellationToken);
        foreach (var link in links)
        {
            link.FromSubject = link.FromSubject == fromSubject ? toSubject : link.FromSubject;
            link.ToSubject = link.ToSubject == fromSubject ? toSubject : link.ToSubject;
        }

        moved["links"] = [.. links.Select(a => a.Id)];
        await MoveOtherRecordsAsync(from, to, moved, only, cancellationToken);
        return moved;

        List<Guid> Ids(string kind) => only?.GetValueOrDefault(kind) ?? [];
    }

    private async Task MoveAsync(Guid from, Guid to, List<Episode> episodes, List<Beacon.Web.Features.ReturnInterviews.ReturnInterview> interviews, CancellationToken cancellationToken)
    {
        foreach (var episode in episodes)
        {
            episode.ChildId = to;
        }

        var interviewIds = interviews.Select(r => r.Id).ToList();
        foreach (var interview in interviews)
        {
            interview.ChildId = to;
        }

        foreach (var attempt in await db.RhiAttempts.Where(a => a.ChildId == from && interviewIds.Contains(a.ReturnInterviewId)).ToListAsync(cancellationToken))
        {
            attempt.ChildId = to;
        }

        foreach (var share in await db.RhiShares.Where(s => s.ChildId == from && interviewIds.Contains(s.ReturnInterviewId)).ToListAsync(cancellationToken))
        {
            share.ChildId = to;
        }
    }
}
