using Beacon.Domain.Missing;
using Beacon.Domain.Outcomes;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Features.KeyWork;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>A dated progress entry towards a family goal: a score or achieved / not achieved.</summary>
public sealed record ProgressView(LocalDate RecordedOn, int? Score, bool? Achieved, string? Note, string RecordedBy)
{
    public string Text => Score is { } s ? $"{s} out of 10" : Achieved == true ? "Achieved" : "Not achieved";
}

/// <summary>A goal the family set together, its measure and its progress, oldest first.</summary>
public sealed record FamilyGoalView(Guid Id, string Goal, string Status, string Measure, IReadOnlyList<ProgressView> Progress)
{
    public ProgressView? Latest => Progress.Count > 0 ? Progress[^1] : null;
}

/// <summary>A dated key-work session and the family members who took part.</summary>
public sealed record SessionInvolvement(Guid SessionId, LocalDate HeldOn, string WorkType, IReadOnlyList<string> Members);

/// <summary>The family plan around a child: its members, goals with progress, and involvement in sessions.</summary>
public sealed record FamilyPlanView(Guid ChildId, string ChildName, string ChildReference, IReadOnlyList<FamilyMember> Members, IReadOnlyList<FamilyGoalView> Goals, IReadOnlyList<SessionInvolvement> Sessions);

/// <summary>
/// The family plan (issue #19 §4; docs/decisions/0023): the goals the child's family set together (the existing family
/// goals, now with a measure), dated progress towards each, and which family members took part in which key-work
/// session. Written by the provider's caseworkers; read — on the child's record too — by anyone who may see the child
/// (the access filter through <see cref="IChildRecord"/>); reads audited as <c>FamilyPlan</c>.
/// </summary>
public sealed class FamilyPlans(BeaconDbContext db, AuditLog audit, IClock clock)
{
    public const int MaxNote = 1000;

    private LocalDate Today => ChildAge.DateOf(clock.GetCurrentInstant());

    /// <summary>The family plan of a child the user may see (null otherwise); audited.</summary>
    public async Task<FamilyPlanView?> OpenAsync(Guid childId, string via, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().Where(c => c.Id == childId).Select(c => new { c.Id, c.GivenName, c.FamilyName, c.Reference }).SingleOrDefaultAsync(cancellationToken);
        await audit.RecordAsync("view", "FamilyPlan", $"{childId}/family-plan", child is null ? await audit.MissingOutcomeAsync<Child>(childId, cancellationToken) : AuditOutcome.Allowed, $"via: {via}", cancellationToken);
        return child is null ? null : await LoadAsync(child.Id, $"{child.GivenName} {child.FamilyName}", child.Reference, cancellationToken);
    }

    /// <summary>The family plan of a child the caller has already opened and audited (the child's record page audits
    /// one view of the record it shows, the family's progress included).</summary>
    public async Task<FamilyPlanView> LoadAsync(Guid childId, string childName, string childReference, CancellationToken cancellationToken = default)
    {
        var members = await db.Set<FamilyMember>().AsNoTracking().Where(m => m.ChildId == childId).OrderBy(m => m.CreatedAt).ToListAsync(cancellationToken);
        var goals = await GoalsAsync(childId, cancellationToken);
        var sessions = await db.Set<KeyWorkSession>().AsNoTracking().Where(s => s.ChildId == childId).OrderByDescending(s => s.HeldOn).Select(s => new { s.Id, s.HeldOn, s.WorkType }).ToListAsync(cancellationToken);
        var names = members.ToDictionary(m => m.Id, m => $"{m.Name} ({m.Relationship})");
        var took = (await db.Set<FamilySessionMember>().AsNoTracking().Where(m => m.ChildId == childId).ToListAsync(cancellationToken)).ToLookup(m => m.SessionId);
        return new FamilyPlanView(childId, childName, childReference, members,
            goals,
            [.. sessions.Select(s => new SessionInvolvement(s.Id, s.HeldOn, Codes.KeyWorkType.Label(s.WorkType), [.. took[s.Id].Select(m => names.GetValueOrDefault(m.FamilyMemberId, "A family member")).Order(StringComparer.Ordinal)]))]);
    }

    /// <summary>The family's goals with their progress over time, of a child the caller has already opened and audited
    /// (the child's record page shows only these).</summary>
    public async Task<IReadOnlyList<FamilyGoalView>> GoalsAsync(Guid childId, CancellationToken cancellationToken = default)
    {
        var goals = await db.Set<FamilyGoal>().AsNoTracking().Where(g => g.ChildId == childId).OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken);
        var progress = (await db.Set<FamilyGoalProgress>().AsNoTracking().Where(p => p.ChildId == childId).OrderBy(p => p.RecordedOn).ToListAsync(cancellationToken)).ToLookup(p => p.GoalId);
        return [.. goals.Select(g => new FamilyGoalView(g.Id, g.Goal, g.Status, g.Measure, [.. progress[g.Id].Select(p => new ProgressView(p.RecordedOn, p.Score, p.Achieved, p.Note, p.RecordedBy))]))];
    }

    public async Task<IReadOnlyList<FieldError>> AddGoalAsync(Guid childId, string? goal, string? measure, CancellationToken cancellationToken = default)
    {
        if (!await db.Children.AnyAsync(c => c.Id == childId && c.MergedIntoId == null, cancellationToken))
        {
            return [new FieldError("child", "The child was not found.")];
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(goal) || goal.Trim().Length > 1000 || goal.Any(char.IsControl))
        {
            errors.Add(new FieldError("Goal", "Enter the goal the family set, in 1000 characters or fewer"));
        }

        var code = Codes.FamilyGoalMeasure.Parse(measure);
        if (code is null)
        {
            errors.Add(new FieldError("Measure", "Choose how progress is recorded"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetCurrentInstant();
        db.Set<FamilyGoal>().Add(new FamilyGoal { Id = Guid.NewGuid(), ChildId = childId, Goal = goal!.Trim(), Status = FamilyGoal.Open, Measure = code!, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>Records progress towards a goal on a date: a score 1–10 for a scored goal, "yes"/"no" for achieved.</summary>
    public async Task<IReadOnlyList<FieldError>> RecordProgressAsync(Guid childId, Guid goalId, string? on, string? value, string? note, CancellationToken cancellationToken = default)
    {
        var goal = await db.Set<FamilyGoal>().AsNoTracking().SingleOrDefaultAsync(g => g.Id == goalId && g.ChildId == childId, cancellationToken);
        if (goal is null)
        {
            return await db.Children.AnyAsync(c => c.Id == childId, cancellationToken) ? [new FieldError("GoalId", "Choose one of the family's goals")] : [new FieldError("child", "The child was not found.")];
        }

        var errors = new List<FieldError>();
        var date = FormDates.Parse(on);
        if (date is null || date > Today)
        {
            errors.Add(new FieldError("ProgressOn", "Enter the date of the progress, like 21/11/2026, not in the future"));
        }

        int? score = null;
        bool? achieved = null;
        if (goal.Measure == "ACHIEVED")
        {
            achieved = value?.Trim().ToLowerInvariant() switch { "yes" => true, "no" => false, _ => null };
            if (achieved is null)
            {
                errors.Add(new FieldError("Progress", "Choose achieved or not achieved"));
            }
        }
        else if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && SupportPlanRules.IsProgressScore(n))
        {
            score = n;
        }
        else
        {
            errors.Add(new FieldError("Progress", "Choose a score from 1 to 10"));
        }

        if (note?.Trim().Length > MaxNote)
        {
            errors.Add(new FieldError("ProgressNote", $"Enter the note in {MaxNote} characters or fewer"));
        }

        if (errors.Count == 0 && await db.Set<FamilyGoalProgress>().AnyAsync(p => p.GoalId == goalId && p.RecordedOn == date, cancellationToken))
        {
            errors.Add(new FieldError("ProgressOn", "Progress towards this goal was already recorded on this date"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.Set<FamilyGoalProgress>().Add(new FamilyGoalProgress
        {
            Id = Guid.NewGuid(),
            GoalId = goalId,
            ChildId = childId,
            RecordedOn = date!.Value,
            Score = score,
            Achieved = achieved,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            RecordedBy = db.Actor.UserName,
            RecordedAt = clock.GetCurrentInstant(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return [];
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return [new FieldError("ProgressOn", "Progress towards this goal was already recorded on this date")];
        }
    }

    /// <summary>Sets which of the child's family members took part in one of the child's key-work sessions.</summary>
    public async Task<IReadOnlyList<FieldError>> SetInvolvementAsync(Guid childId, Guid sessionId, IReadOnlyCollection<Guid> memberIds, CancellationToken cancellationToken = default)
    {
        if (!await db.Set<KeyWorkSession>().AnyAsync(s => s.Id == sessionId && s.ChildId == childId, cancellationToken))
        {
            return await db.Children.AnyAsync(c => c.Id == childId, cancellationToken) ? [new FieldError("SessionId", "Choose one of the child's sessions")] : [new FieldError("child", "The child was not found.")];
        }

        var members = await db.Set<FamilyMember>().Where(m => m.ChildId == childId).Select(m => m.Id).ToListAsync(cancellationToken);
        if (memberIds.Any(id => !members.Contains(id)))
        {
            return [new FieldError("MemberIds", "Choose members of the child's family")];
        }

        var existing = await db.Set<FamilySessionMember>().Where(m => m.SessionId == sessionId).ToListAsync(cancellationToken);
        db.Set<FamilySessionMember>().RemoveRange(existing.Where(e => !memberIds.Contains(e.FamilyMemberId)));
        foreach (var id in memberIds.Distinct().Where(id => existing.All(e => e.FamilyMemberId != id)))
        {
            db.Set<FamilySessionMember>().Add(new FamilySessionMember { Id = Guid.NewGuid(), SessionId = sessionId, FamilyMemberId = id, ChildId = childId });
        }

        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
