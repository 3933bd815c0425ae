using Beacon.Domain.Vocabulary;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.KeyWork;

public sealed record PlanInput(string? KeyWorkerId, string? WorkType, string? PlanGoals, int Version);

public sealed record SessionInput(string? HeldOn, string? WorkType, string? Minutes, string? Notes);

public sealed record ClosureInput(string? Reason, string? ClosingLevel, string? Note, string? TransitionPlan, int Version);

/// <summary>
/// Key work with a referred child (issue #5 §4): the key worker, kind of work and plan goals; sessions against the
/// plan; closure only with recorded risk reduction or another reason, and a transition plan for a young person of 18
/// or over (<see cref="KeyWorkClosure"/>); the family's members and goals. Changes are audited through the child.
/// </summary>
public sealed class KeyWorkService(BeaconDbContext db, IClock clock)
{
    private LocalDate Today => ChildAge.DateOf(clock.GetCurrentInstant());

    /// <summary>The provider's caseworkers who can hold a key-work case.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> KeyWorkersAsync(CancellationToken cancellationToken = default)
    {
        var provider = await db.Organisations.Where(o => o.Kind == OrganisationKind.Provider).Select(o => o.Id).ToListAsync(cancellationToken);
        var roles = await db.Roles.Where(r => r.Name == Roles.Practitioner || r.Name == Roles.TeamManager).Select(r => r.Id).ToListAsync(cancellationToken);
        var users = await db.Users.Where(u => provider.Contains(u.OrganisationId) && db.UserRoles.Any(ur => ur.UserId == u.Id && roles.Contains(ur.RoleId)))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        return [.. users.Select(u => new KeyValuePair<string, string>(u.Id.ToString(), u.DisplayName))];
    }

    public async Task<IReadOnlyList<FieldError>> SavePlanAsync(Guid referralId, PlanInput input, CancellationToken cancellationToken = default)
    {
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return [new FieldError("referral", "The referral was not found.")];
        }

        var errors = new List<FieldError>();
        if (referral.Status != Referral.Open)
        {
            errors.Add(new FieldError("PlanGoals", "Key work has closed on this referral"));
        }

        Guid? worker = null;
        if (!string.IsNullOrEmpty(input.KeyWorkerId))
        {
            var workers = await KeyWorkersAsync(cancellationToken);
            if (!Guid.TryParse(input.KeyWorkerId, out var id) || workers.All(w => w.Key != input.KeyWorkerId))
            {
                errors.Add(new FieldError("KeyWorkerId", "Select a key worker from the provider's practitioners"));
            }
            else
            {
                worker = id;
            }
        }

        if (!string.IsNullOrEmpty(input.WorkType) && !Codes.KeyWorkType.ContainsKey(input.WorkType))
        {
            errors.Add(new FieldError("WorkType", "Select the kind of work"));
        }

        if (input.PlanGoals?.Trim().Length > 4000)
        {
            errors.Add(new FieldError("PlanGoals", "Enter the plan's goals in 4000 characters or fewer"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        referral.KeyWorkerId = worker;
        referral.WorkType = string.IsNullOrEmpty(input.WorkType) ? null : input.WorkType;
        referral.DecidedOn ??= referral.WorkType is null ? null : Today;
        referral.PlanGoals = string.IsNullOrWhiteSpace(input.PlanGoals) ? null : input.PlanGoals.Trim();
        db.Entry(referral).Property(r => r.Version).OriginalValue = input.Version;
        return await SaveAsync("PlanGoals", cancellationToken);
    }

    public async Task<IReadOnlyList<FieldError>> RecordSessionAsync(Guid referralId, SessionInput input, CancellationToken cancellationToken = default)
    {
        var referral = await db.Referrals.AsNoTracking().Include(r => r.Child).SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return [new FieldError("referral", "The referral was not found.")];
        }

        var errors = new List<FieldError>();
        var held = FormDates.Parse(input.HeldOn);
        if (held is null || held > Today || held < referral.ReceivedOn)
        {
            errors.Add(new FieldError("HeldOn", "Enter the date of the session, like 21/11/2026, between the referral and today"));
        }

        if (input.WorkType is null || !Codes.KeyWorkType.ContainsKey(input.WorkType))
        {
            errors.Add(new FieldError("SessionWorkType", "Select the kind of work"));
        }

        if (!int.TryParse(input.Minutes, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > 600)
        {
            errors.Add(new FieldError("Minutes", "Enter how long the session was, in minutes (1 to 600)"));
        }

        if (string.IsNullOrWhiteSpace(input.Notes) || input.Notes.Trim().Length > 4000)
        {
            errors.Add(new FieldError("Notes", "Enter what was done and how it worked towards the plan, in 4000 characters or fewer"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.KeyWorkSessions.Add(new KeyWorkSession
        {
            Id = Guid.NewGuid(),
            ReferralId = referralId,
            ChildId = referral.ChildId,
            HeldOn = held!.Value,
            WorkType = input.WorkType!,
            Minutes = minutes,
            Notes = input.Notes!.Trim(),
            RecordedBy = db.Actor.UserName,
            RecordedAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> CloseAsync(Guid referralId, ClosureInput input, CancellationToken cancellationToken = default)
    {
        var referral = await db.Referrals.Include(r => r.Child).SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return [new FieldError("referral", "The referral was not found.")];
        }

        if (referral.Status != Referral.Open)
        {
            return [new FieldError("Reason", "Key work has already closed on this referral")];
        }

        ClosureReason? reason = Enum.TryParse<ClosureReason>(input.Reason, out var r) && Enum.IsDefined(r) ? r : null;
        RiskLevel? level = Enum.TryParse<RiskLevel>(input.ClosingLevel, out var l) && Enum.IsDefined(l) ? l : null;
        var problems = KeyWorkClosure.Problems(referral.Level, level, reason, input.Note, input.TransitionPlan, referral.Child!.DateOfBirth, Today);
        var errors = problems.Select(p => new FieldError(
            p.Contains("transition", StringComparison.Ordinal) ? "TransitionPlan" : p.Contains("Explain", StringComparison.Ordinal) ? "Note" : p.Contains("level", StringComparison.Ordinal) ? "ClosingLevel" : "Reason", p)).ToList();
        if (input.Note?.Trim().Length > 2000 || input.TransitionPlan?.Trim().Length > 4000)
        {
            errors.Add(new FieldError("Note", "The note must be 2000 characters or fewer and the transition plan 4000"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        referral.Status = Referral.Closed;
        referral.ClosedOn = Today;
        referral.ClosureReason = reason!.Value.ToString();
        referral.ClosingLevel = level;
        referral.ClosureNote = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
        referral.TransitionPlan = string.IsNullOrWhiteSpace(input.TransitionPlan) ? null : input.TransitionPlan.Trim();
        referral.ReassessmentDueOn = null;
        db.Entry(referral).Property(x => x.Version).OriginalValue = input.Version;
        return await SaveAsync("Reason", cancellationToken);
    }

    public async Task<IReadOnlyList<FieldError>> AddFamilyMemberAsync(Guid childId, string? name, string? relationship, string? notes, CancellationToken cancellationToken = default)
    {
        if (!await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
        {
            return [new FieldError("child", "The child was not found.")];
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors.Add(new FieldError("MemberName", "Enter the family member's name, in 200 characters or fewer"));
        }

        if (string.IsNullOrWhiteSpace(relationship) || relationship.Trim().Length > 100)
        {
            errors.Add(new FieldError("Relationship", "Enter their relationship to the child, in 100 characters or fewer"));
        }

        if (notes?.Trim().Length > 1000)
        {
            errors.Add(new FieldError("MemberNotes", "Enter notes in 1000 characters or fewer"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.FamilyMembers.Add(new FamilyMember { Id = Guid.NewGuid(), ChildId = childId, Name = name!.Trim(), Relationship = relationship!.Trim(), Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(), CreatedAt = clock.GetCurrentInstant() });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> AddFamilyGoalAsync(Guid childId, string? goal, CancellationToken cancellationToken = default)
    {
        if (!await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
        {
            return [new FieldError("child", "The child was not found.")];
        }

        if (string.IsNullOrWhiteSpace(goal) || goal.Trim().Length > 1000)
        {
            return [new FieldError("Goal", "Enter the family's goal, in 1000 characters or fewer")];
        }

        var now = clock.GetCurrentInstant();
        db.FamilyGoals.Add(new FamilyGoal { Id = Guid.NewGuid(), ChildId = childId, Goal = goal.Trim(), Status = FamilyGoal.Open, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> SetGoalStatusAsync(Guid childId, Guid goalId, string? status, int version, CancellationToken cancellationToken = default)
    {
        var goal = await db.FamilyGoals.SingleOrDefaultAsync(g => g.Id == goalId && g.ChildId == childId, cancellationToken);
        if (goal is null)
        {
            return [new FieldError("child", "The goal was not found.")];
        }

        if (status is not (FamilyGoal.Open or FamilyGoal.Achieved or FamilyGoal.Dropped))
        {
            return [new FieldError("Goal", "Choose open, achieved or dropped")];
        }

        goal.Status = status;
        db.Entry(goal).Property(g => g.Version).OriginalValue = version;
        return await SaveAsync("Goal", cancellationToken);
    }

    private async Task<IReadOnlyList<FieldError>> SaveAsync(string field, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return [];
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return [new FieldError(field, "Someone else changed this while you were editing. Your change was not saved: check the current version and try again.")];
        }
    }
}
