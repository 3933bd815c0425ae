using Beacon.Domain.Missing;
using Beacon.Domain.Outcomes;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.SupportPlans;

/// <summary>An agreed action as entered: what, the owner organisation's code, due and done dates (d/m/yyyy or yyyy-mm-dd).</summary>
public sealed record PlanActionInput(string? Action, string? Owner, string? DueOn, string? DoneOn);

/// <summary>A safety plan as entered, one item a line in each list. <c>BasedOn</c> is the version the edit started
/// from (0 for the first): a save based on an older version is refused, so nobody overwrites a change unseen.</summary>
public sealed record SafetyPlanInput(string? Risks, string? KeepsMeSafe, string? TrustedAdults, string? PlacesToAvoid, string? ReviewOn, IReadOnlyList<PlanActionInput>? Actions, int? BasedOn);

public sealed record PlanActionView(string Action, string OwnerCode, string Owner, LocalDate DueOn, LocalDate? DoneOn, bool Overdue);

/// <summary>One version of a child's safety and support plan, as read.</summary>
public sealed record SafetyPlanView(int Version, bool IsCurrent, IReadOnlyList<string> Risks, IReadOnlyList<string> KeepsMeSafe, IReadOnlyList<string> TrustedAdults,
    IReadOnlyList<string> PlacesToAvoid, LocalDate? ReviewOn, bool ReviewDue, string SavedBy, Instant SavedAt, IReadOnlyList<PlanActionView> Actions);

public sealed record PlanVersionItem(int Version, bool IsCurrent, string SavedBy, Instant SavedAt);

/// <summary>A child's plan as a page shows it: the child, the version asked for (null when there is none) and every version.</summary>
public sealed record SafetyPlanRecord(Guid ChildId, string ChildName, string ChildReference, string ResponsibleAuthority, SafetyPlanView? Plan, IReadOnlyList<PlanVersionItem> Versions);

/// <summary>
/// A child's safety and support plan (issue #19 §2; docs/decisions/0023): written by the provider's caseworkers, every
/// save a new version; read by anyone who may see the child — the responsible council included, by the rule that
/// shares RHI summaries (the access filter through <see cref="IChildRecord"/>). Reads are audited as <c>SafetyPlan</c>
/// views; a child the user may not see is "not found" and audited as denied.
/// </summary>
public sealed class SafetyPlans(BeaconDbContext db, AuditLog audit, IClock clock)
{
    public const int MaxList = 4000;
    public const int MaxAction = 1000;
    public const int MaxActions = 30;

    private LocalDate Today => ChildAge.DateOf(clock.GetCurrentInstant());

    /// <summary>The organisations an action may be owned by (the partnership's active organisations), code → name.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> OwnersAsync(CancellationToken cancellationToken = default) =>
        [.. (await db.Organisations.AsNoTracking().Where(o => o.IsActive).OrderBy(o => o.Name).Select(o => new { o.Code, o.Name }).ToListAsync(cancellationToken))
            .Select(o => new KeyValuePair<string, string>(o.Code, o.Name))];

    /// <summary>The child's plan at <paramref name="version"/> (the current one when null), with every version; null
    /// when the user may not see the child. Audited.</summary>
    public async Task<SafetyPlanRecord?> OpenAsync(Guid childId, int? version, string via, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().Where(c => c.Id == childId)
            .Select(c => new { c.Id, c.GivenName, c.FamilyName, c.Reference, Responsible = db.Organisations.Where(o => o.Id == c.ResponsibleAuthorityId).Select(o => o.Name).FirstOrDefault() })
            .SingleOrDefaultAsync(cancellationToken);
        var shownAs = version is { } v ? $"{childId}/safety-plan/v{v}" : $"{childId}/safety-plan";
        await audit.RecordAsync("view", "SafetyPlan", shownAs, child is null ? await audit.MissingOutcomeAsync<Child>(childId, cancellationToken) : AuditOutcome.Allowed, $"via: {via}", cancellationToken);
        if (child is null)
        {
            return null;
        }

        var plans = db.Set<SafetyPlan>().AsNoTracking().Where(p => p.ChildId == childId);
        var versions = await plans.OrderByDescending(p => p.Version).Select(p => new PlanVersionItem(p.Version, p.IsCurrent, p.SavedBy, p.SavedAt)).ToListAsync(cancellationToken);
        var plan = await (version is { } n ? plans.Where(p => p.Version == n) : plans.Where(p => p.IsCurrent)).SingleOrDefaultAsync(cancellationToken);
        return new SafetyPlanRecord(child.Id, $"{child.GivenName} {child.FamilyName}", child.Reference, child.Responsible ?? "Not known",
            plan is null ? null : await ViewAsync(plan, cancellationToken), versions);
    }

    private async Task<SafetyPlanView> ViewAsync(SafetyPlan plan, CancellationToken cancellationToken)
    {
        var today = Today;
        var actions = await db.Set<SafetyPlanAction>().AsNoTracking().Where(a => a.PlanId == plan.Id).OrderBy(a => a.Position)
            .Join(db.Organisations, a => a.OwnerOrganisationId, o => o.Id, (a, o) => new { a.Action, o.Code, o.Name, a.DueOn, a.DoneOn }).ToListAsync(cancellationToken);
        return new SafetyPlanView(plan.Version, plan.IsCurrent, Lines(plan.Risks), Lines(plan.KeepsMeSafe), Lines(plan.TrustedAdults), Lines(plan.PlacesToAvoid),
            plan.ReviewOn, plan.IsCurrent && SupportPlanRules.IsReviewDue(plan.ReviewOn, today), plan.SavedBy, plan.SavedAt,
            [.. actions.Select(a => new PlanActionView(a.Action, a.Code, a.Name, a.DueOn, a.DoneOn, plan.IsCurrent && SupportPlanRules.IsOverdue(a.DueOn, a.DoneOn, today)))]);
    }

    public static IReadOnlyList<string> Lines(string? text) =>
        text is null ? [] : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>Saves the plan as a new version. Errors name the field; <c>child</c> means not found and
    /// <c>BasedOn</c> that someone else saved a version meanwhile (nothing is saved).</summary>
    public async Task<IReadOnlyList<FieldError>> SaveAsync(Guid childId, SafetyPlanInput input, CancellationToken cancellationToken = default)
    {
        if (!await db.Children.AnyAsync(c => c.Id == childId && c.MergedIntoId == null, cancellationToken))
        {
            return [new FieldError("child", "The child was not found.")];
        }

        var errors = new List<FieldError>();
        string? List(string field, string label, string? text)
        {
            var lines = Lines(text?.Replace("\r", "", StringComparison.Ordinal));
            var joined = string.Join('\n', lines);
            if (joined.Length > MaxList || lines.Any(l => l.Any(c => char.IsControl(c) && c != '\t')))
            {
                errors.Add(new FieldError(field, $"Enter {label} in {MaxList} characters or fewer"));
            }

            return lines.Count == 0 ? null : joined;
        }

        var risks = List("Risks", "the risks", input.Risks);
        var safe = List("KeepsMeSafe", "what keeps the child safe", input.KeepsMeSafe);
        var adults = List("TrustedAdults", "the trusted adults", input.TrustedAdults);
        var places = List("PlacesToAvoid", "the places to avoid", input.PlacesToAvoid);
        LocalDate? review = null;
        if (!string.IsNullOrWhiteSpace(input.ReviewOn))
        {
            review = FormDates.Parse(input.ReviewOn);
            if (review is null)
            {
                errors.Add(new FieldError("ReviewOn", "Enter the review date as a real date, like 21/11/2026"));
            }
        }

        var owners = await db.Organisations.AsNoTracking().Where(o => o.IsActive).ToDictionaryAsync(o => o.Code, o => o.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var actions = new List<SafetyPlanAction>();
        var given = input.Actions ?? [];
        if (given.Count > MaxActions)
        {
            errors.Add(new FieldError("Actions", $"A plan has at most {MaxActions} actions"));
            given = [];
        }

        for (var i = 0; i < given.Count; i++)
        {
            var a = given[i] ?? new PlanActionInput(null, null, null, null);
            if (string.IsNullOrWhiteSpace(a.Action) && string.IsNullOrWhiteSpace(a.Owner) && string.IsNullOrWhiteSpace(a.DueOn) && string.IsNullOrWhiteSpace(a.DoneOn))
            {
                continue; // an empty row of the form
            }

            var n = i + 1;
            var text = a.Action?.Trim();
            if (string.IsNullOrEmpty(text) || text.Length > MaxAction || text.Any(char.IsControl))
            {
                errors.Add(new FieldError($"Actions[{i}].Action", $"Action {n}: describe the action in {MaxAction} characters or fewer"));
            }

            if (a.Owner is null || !owners.TryGetValue(a.Owner.Trim(), out var owner))
            {
                errors.Add(new FieldError($"Actions[{i}].Owner", $"Action {n}: choose the agency that owns it"));
                owner = Guid.Empty;
            }

            var due = FormDates.Parse(a.DueOn);
            if (due is null)
            {
                errors.Add(new FieldError($"Actions[{i}].DueOn", $"Action {n}: enter the date it is due, like 21/11/2026"));
            }

            var done = string.IsNullOrWhiteSpace(a.DoneOn) ? null : FormDates.Parse(a.DoneOn);
            if (!string.IsNullOrWhiteSpace(a.DoneOn) && (done is null || done > Today))
            {
                errors.Add(new FieldError($"Actions[{i}].DoneOn", $"Action {n}: enter the date it was done, like 21/11/2026, not in the future, or leave it blank"));
            }

            actions.Add(new SafetyPlanAction { Id = Guid.CreateVersion7(), ChildId = childId, Position = actions.Count + 1, Action = text ?? "", OwnerOrganisationId = owner, DueOn = due ?? default, DoneOn = done, IsCurrent = true });
        }

        if (errors.Count == 0 && risks is null && safe is null && adults is null && places is null && actions.Count == 0)
        {
            errors.Add(new FieldError("Risks", "Write at least one part of the plan"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var current = await db.Set<SafetyPlan>().SingleOrDefaultAsync(p => p.ChildId == childId && p.IsCurrent, cancellationToken);
        if ((current?.Version ?? 0) != (input.BasedOn ?? 0))
        {
            return [new FieldError("BasedOn", "Someone else saved a new version of this plan while you were editing. Your change was not saved: check the current version and try again.")];
        }

        if (current is not null)
        {
            current.IsCurrent = false;
            await db.Set<SafetyPlanAction>().Where(a => a.PlanId == current.Id).ForEachAsync(a => a.IsCurrent = false, cancellationToken);
        }

        var plan = new SafetyPlan
        {
            Id = Guid.CreateVersion7(),
            ChildId = childId,
            Version = (current?.Version ?? 0) + 1,
            IsCurrent = true,
            Risks = risks,
            KeepsMeSafe = safe,
            TrustedAdults = adults,
            PlacesToAvoid = places,
            ReviewOn = review,
            SavedBy = db.Actor.UserName,
            SavedAt = clock.GetCurrentInstant(),
        };
        db.Set<SafetyPlan>().Add(plan);
        foreach (var action in actions)
        {
            action.PlanId = plan.Id;
            db.Set<SafetyPlanAction>().Add(action);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return [];
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // two saves at once: the unique (child, version) lets only one in
            return [new FieldError("BasedOn", "Someone else saved a new version of this plan while you were editing. Your change was not saved: check the current version and try again.")];
        }
    }
}
