using Beacon.Domain.Missing;
using Beacon.Domain.Outcomes;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>One dated step of a referral's history, as shown and sent.</summary>
public sealed record OnwardStepView(string Status, string StatusLabel, LocalDate On, string? Note, string RecordedBy);

/// <summary>An onward referral with its resource and history; <see cref="WaitDays"/> is made → started, once started.</summary>
public sealed record OnwardReferralView(Guid Id, Guid ChildId, string ChildName, Guid ResourceId, string ResourceName, string Kind, string KindLabel, string Source, string SourceLabel,
    Guid? SourceId, LocalDate MadeOn, string Status, string StatusLabel, LocalDate StatusOn, int? WaitDays, string? Notes, string MadeBy, int Version, IReadOnlyList<OnwardStepView> Steps)
{
    /// <summary>The statuses it may move to next.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> Next => OnwardReferralRules.Next(Status);
}

/// <summary>
/// Onward referrals (issue #19 §3): made by the provider's caseworkers from a return interview, a key-work plan or the
/// family page, for a child they may see; each status change is a dated step. Reading them is for anyone who may see the
/// child (the access filter applies through <see cref="IChildRecord"/>), audited; a hidden child's are "not found".
/// </summary>
public sealed class OnwardReferrals(BeaconDbContext db, AuditLog audit, IClock clock)
{
    /// <summary>A child's onward referrals, newest first (the view audited); null when the child is not visible.</summary>
    public async Task<IReadOnlyList<OnwardReferralView>?> ForChildAsync(Guid childId, string via, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().Where(c => c.Id == childId).Select(c => new { c.Id }).SingleOrDefaultAsync(cancellationToken);
        await audit.RecordAsync("view", "OnwardReferrals", $"{childId}/onward-referrals", child is null ? await audit.MissingOutcomeAsync<Child>(childId, cancellationToken) : AuditOutcome.Allowed, $"via: {via}", cancellationToken);
        return child is null ? null : await ViewsAsync(db.Set<OnwardReferral>().Where(r => r.ChildId == childId), cancellationToken);
    }

    /// <summary>One referral (the view audited); null when absent or its child is hidden.</summary>
    public async Task<OnwardReferralView?> OpenAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var view = (await ViewsAsync(db.Set<OnwardReferral>().Where(r => r.Id == id), cancellationToken)).SingleOrDefault();
        await audit.RecordAsync("view", "OnwardReferral", view is null ? id.ToString() : $"{view.ChildId}/{id}", view is null ? await audit.MissingOutcomeAsync<OnwardReferral>(id, cancellationToken) : AuditOutcome.Allowed, cancellationToken: cancellationToken);
        return view;
    }

    /// <summary>The referrals made from one return interview or key-work referral (no audit: the caller's page audits).</summary>
    public Task<IReadOnlyList<OnwardReferralView>> FromAsync(Guid sourceId, CancellationToken cancellationToken = default) =>
        ViewsAsync(db.Set<OnwardReferral>().Where(r => r.SourceId == sourceId), cancellationToken);

    /// <summary>Makes a referral of the child to the resource, from <paramref name="source"/> (<c>Codes.OnwardSource</c>);
    /// <paramref name="sourceId"/> must be that child's interview or exploitation referral. Errors by field; the id when made.</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, Guid? Id)> MakeAsync(Guid childId, string? resourceId, string? source, Guid? sourceId, string? madeOn, string? notes, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().Where(c => c.Id == childId && c.MergedIntoId == null).Select(c => new { c.DateOfBirth }).SingleOrDefaultAsync(cancellationToken);
        if (child is null)
        {
            return ([new FieldError("child", "The child was not found.")], null);
        }

        var errors = new List<FieldError>();
        var resource = Guid.TryParse(resourceId, out var rid) ? await db.Set<CommunityResource>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == rid, cancellationToken) : null;
        if (resource is null)
        {
            errors.Add(new FieldError("ResourceId", "Select the resource or service the child is referred to"));
        }

        if (source is null || !Codes.OnwardSource.ContainsKey(source) || !await SourceBelongsAsync(childId, source, sourceId, cancellationToken))
        {
            errors.Add(new FieldError("Source", "Say what the referral was made from"));
        }

        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var made = FormDates.Parse(madeOn);
        if (made is null || made > today || made < child.DateOfBirth)
        {
            errors.Add(new FieldError("MadeOn", "Enter the date the referral was made, like 21/11/2026, not in the future"));
        }

        if (notes?.Trim().Length > 2000)
        {
            errors.Add(new FieldError("Notes", "Enter the notes in 2000 characters or fewer"));
        }

        return errors.Count > 0 ? (errors, null) : (errors, await AddAsync(childId, resource!.Id, source!, sourceId, made!.Value, notes, cancellationToken));
    }

    /// <summary>Records the next status of a referral on a date. Errors by field (<c>referral</c> when not found).</summary>
    public async Task<IReadOnlyList<FieldError>> ChangeStatusAsync(Guid id, string? status, string? on, string? note, int? version, CancellationToken cancellationToken = default)
    {
        var referral = await db.Set<OnwardReferral>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (referral is null)
        {
            return [new FieldError("referral", "Not found")];
        }

        if (version is { } v && v != referral.Version)
        {
            return [new FieldError("Status", "Someone else changed this referral: check its status and try again")];
        }

        var date = FormDates.Parse(on);
        if (status is null || !Codes.OnwardStatus.ContainsKey(status))
        {
            return [new FieldError("Status", "Select the new status")];
        }

        if (date is null)
        {
            return [new FieldError("On", "Enter the date of the change, like 21/11/2026")];
        }

        if (OnwardReferralRules.Refuse(new OnwardStep(referral.Status, referral.StatusOn), status, date.Value, ChildAge.DateOf(clock.GetCurrentInstant())) is { } refusal)
        {
            return [new FieldError(refusal.Contains("date", StringComparison.OrdinalIgnoreCase) ? "On" : "Status", refusal)];
        }

        if (note?.Trim().Length > 2000)
        {
            return [new FieldError("Note", "Enter the note in 2000 characters or fewer")];
        }

        referral.Status = status;
        referral.StatusOn = date.Value;
        db.Set<OnwardReferralStep>().Add(Step(referral, status, date.Value, note, db.Actor.UserName, clock.GetCurrentInstant()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return [new FieldError("Status", "Someone else changed this referral: check its status and try again")];
        }

        return [];
    }

    /// <summary>Adds a referral in status <c>MADE</c> with its first step (checked by the caller), and saves.</summary>
    public async Task<Guid> AddAsync(Guid childId, Guid resourceId, string source, Guid? sourceId, LocalDate madeOn, string? notes, CancellationToken cancellationToken = default)
    {
        var (referral, step) = New(childId, resourceId, source, sourceId, madeOn, notes, db.Actor.UserName, clock.GetCurrentInstant());
        db.Set<OnwardReferral>().Add(referral);
        db.Set<OnwardReferralStep>().Add(step);
        await db.SaveChangesAsync(cancellationToken);
        return referral.Id;
    }

    /// <summary>A new referral in status <c>MADE</c> and its first step.</summary>
    public static (OnwardReferral Referral, OnwardReferralStep Step) New(Guid childId, Guid resourceId, string source, Guid? sourceId, LocalDate madeOn, string? notes, string by, Instant now)
    {
        var referral = new OnwardReferral
        {
            Id = Guid.CreateVersion7(),
            ChildId = childId,
            ResourceId = resourceId,
            Source = source,
            SourceId = sourceId,
            MadeOn = madeOn,
            Status = OnwardReferralRules.Made,
            StatusOn = madeOn,
            Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim(),
            MadeBy = by,
            RecordedAt = now,
            Version = 1,
        };
        return (referral, Step(referral, OnwardReferralRules.Made, madeOn, null, by, now));
    }

    private static OnwardReferralStep Step(OnwardReferral referral, string status, LocalDate on, string? note, string by, Instant now) => new()
    {
        Id = Guid.CreateVersion7(),
        OnwardReferralId = referral.Id,
        ChildId = referral.ChildId,
        Status = status,
        On = on,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        RecordedBy = by,
        RecordedAt = now,
    };

    private async Task<bool> SourceBelongsAsync(Guid childId, string source, Guid? sourceId, CancellationToken cancellationToken) => source switch
    {
        "RHI" => sourceId is { } i && await db.ReturnInterviews.AnyAsync(r => r.Id == i && r.ChildId == childId, cancellationToken),
        "KEY_WORK" => sourceId is { } k && await db.Referrals.AnyAsync(r => r.Id == k && r.ChildId == childId, cancellationToken),
        _ => sourceId is null,
    };

    private async Task<IReadOnlyList<OnwardReferralView>> ViewsAsync(IQueryable<OnwardReferral> query, CancellationToken cancellationToken)
    {
        var referrals = await query.AsNoTracking().Include(r => r.Resource).Include(r => r.Child).OrderByDescending(r => r.MadeOn).ThenByDescending(r => r.RecordedAt).ToListAsync(cancellationToken);
        var ids = referrals.Select(r => r.Id).ToList();
        var steps = (await db.Set<OnwardReferralStep>().AsNoTracking().Where(s => ids.Contains(s.OnwardReferralId)).ToListAsync(cancellationToken))
            .OrderBy(s => s.On).ThenBy(s => s.RecordedAt).ToLookup(s => s.OnwardReferralId);
        return [.. referrals.Select(r =>
        {
            var history = steps[r.Id].Select(s => new OnwardStepView(s.Status, Codes.OnwardStatus.GetValueOrDefault(s.Status, s.Status), s.On, s.Note, s.RecordedBy)).ToList();
            var started = OnwardReferralRules.StartedOn(history.Select(s => new OnwardStep(s.Status, s.On)));
            return new OnwardReferralView(r.Id, r.ChildId, $"{r.Child!.GivenName} {r.Child.FamilyName}", r.ResourceId, r.Resource!.Name, r.Resource.Kind, Codes.ResourceKind.GetValueOrDefault(r.Resource.Kind, r.Resource.Kind),
                r.Source, Codes.OnwardSource.GetValueOrDefault(r.Source, r.Source), r.SourceId, r.MadeOn, r.Status, Codes.OnwardStatus.GetValueOrDefault(r.Status, r.Status), r.StatusOn,
                started is { } s ? OnwardReferralRules.WaitDays(r.MadeOn, s) : null, r.Notes, r.MadeBy, r.Version, history);
        })];
    }
}
