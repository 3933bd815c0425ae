using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Participation;

/// <summary>What a member of staff records about a participation event (issue #20 §5). <see cref="Facilitators"/> are
/// <see cref="Deliverer"/> keys; <see cref="ChildReferences"/> the Beacon references of attending children, separated by
/// commas, spaces or new lines.</summary>
public sealed record NewParticipationEvent(string? Kind, LocalDate? HeldOn, string? Place, IReadOnlyCollection<string> Facilitators,
    string? ChildReferences, int? OtherAttendees, string? CoProduced, string? YouSaidWeDid);

/// <summary>An event as its page shows it: the attending children the viewer may see by reference and name, and how
/// many others attended — children Beacon knows whom the viewer may not see, and young people Beacon does not know.</summary>
public sealed record ParticipationEventView(ParticipationEvent Event, IReadOnlyList<Deliverer> Facilitators,
    IReadOnlyList<(Guid Id, string Reference, string Name)> Children, int HiddenChildren);

/// <summary>An event in the list: the number of young people attending (children Beacon knows and others).</summary>
public sealed record ParticipationEventRow(Guid Id, string Kind, LocalDate HeldOn, string Place, int Attending, string CoProduced);

/// <summary>
/// Participation and co-production events (issue #20 §5): recording one, the list and one event. Attendance by a child
/// Beacon knows is part of the child's record: the recorder can name only children they may see, and the page shows a
/// viewer only the children they may see, the rest as a count. Creating and opening are audited.
/// </summary>
public sealed class ParticipationWork(BeaconDbContext db, ParticipationPeople people, AuditLog audit, RecordOpener opener, CurrentActor actor, IClock clock)
{
    public LocalDate Today => clock.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    public async Task<(ParticipationEvent? Event, IReadOnlyList<FieldError> Errors)> RecordAsync(NewParticipationEvent input, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        var kind = Codes.ParticipationKind.Parse(input.Kind);
        if (kind is null)
        {
            errors.Add(new("Kind", "Choose the kind of event"));
        }

        if (input.HeldOn is null || input.HeldOn > Today)
        {
            errors.Add(new("HeldOn", "Enter the date of the event, today or earlier"));
        }

        if (string.IsNullOrWhiteSpace(input.Place) || input.Place.Trim().Length > 200)
        {
            errors.Add(new("Place", "Enter where it was held, in 200 characters or fewer"));
        }

        var (facilitators, facilitatorError) = ParticipationPeople.Chosen(input.Facilitators, await people.ChoicesAsync(cancellationToken), "facilitated it");
        if (facilitatorError is not null)
        {
            errors.Add(new("Facilitators", facilitatorError));
        }

        var references = (input.ChildReferences ?? string.Empty).Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(r => r.ToUpperInvariant()).Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => references.Contains(c.Reference) && c.MergedIntoId == null)
            .Select(c => new { c.Id, c.Reference }).ToListAsync(cancellationToken);
        var unknown = references.Where(r => children.All(c => c.Reference != r)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new("ChildReferences", $"No child you can see has the Beacon reference {string.Join(", ", unknown.Take(5))}"));
        }

        if (input.OtherAttendees is null or < 0 or > 10_000)
        {
            errors.Add(new("OtherAttendees", "Enter how many other young people attended, as a number (0 if none)"));
        }
        else if (children.Count + input.OtherAttendees == 0)
        {
            errors.Add(new("OtherAttendees", "Enter the young people who attended: children Beacon knows, others, or both"));
        }

        if (string.IsNullOrWhiteSpace(input.CoProduced) || input.CoProduced.Trim().Length > 4000)
        {
            errors.Add(new("CoProduced", "Enter what was co-produced, in 4,000 characters or fewer"));
        }

        if (input.YouSaidWeDid?.Trim().Length > 4000)
        {
            errors.Add(new("YouSaidWeDid", "Enter what changed in 4,000 characters or fewer"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var item = new ParticipationEvent
        {
            Id = Guid.NewGuid(),
            Kind = kind!,
            HeldOn = input.HeldOn!.Value,
            Place = input.Place!.Trim(),
            CoProduced = input.CoProduced!.Trim(),
            YouSaidWeDid = string.IsNullOrWhiteSpace(input.YouSaidWeDid) ? null : input.YouSaidWeDid.Trim(),
            OtherAttendees = input.OtherAttendees!.Value,
            RecordedBy = actor.UserName,
            RecordedAt = clock.GetCurrentInstant(),
        };
        db.Set<ParticipationEvent>().Add(item);
        db.Set<ParticipationFacilitator>().AddRange(facilitators.Select(f => new ParticipationFacilitator { Id = Guid.NewGuid(), EventId = item.Id, UserId = f.UserId, MentorId = f.MentorId }));
        db.Set<ParticipationAttendance>().AddRange(children.Select(c => new ParticipationAttendance { Id = Guid.NewGuid(), EventId = item.Id, ChildId = c.Id }));
        await audit.RecordAsync("create", nameof(ParticipationEvent), item.Id.ToString(), details: $"{children.Count} children known to Beacon, {item.OtherAttendees} others", cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (item, []);
    }

    /// <summary>Events, latest first, with how many attended (a count, whoever the children are).</summary>
    public async Task<IReadOnlyList<ParticipationEventRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var events = await db.Set<ParticipationEvent>().AsNoTracking().OrderByDescending(e => e.HeldOn).ThenByDescending(e => e.RecordedAt).Take(500).ToListAsync(cancellationToken);
        var ids = events.Select(e => e.Id).ToList();
        var known = (await db.Set<ParticipationAttendance>().IgnoreQueryFilters().AsNoTracking().Where(a => ids.Contains(a.EventId)).Select(a => a.EventId).ToListAsync(cancellationToken))
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        return [.. events.Select(e => new ParticipationEventRow(e.Id, e.Kind, e.HeldOn, e.Place, known.GetValueOrDefault(e.Id) + e.OtherAttendees, e.CoProduced))];
    }

    /// <summary>One event, its opening audited, with the attending children the viewer may see (their listing audited
    /// too) and the rest as a count; null when there is no such event.</summary>
    public async Task<ParticipationEventView?> OpenAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var item = await opener.OpenAsync(db.Set<ParticipationEvent>().AsNoTracking(), id, nameof(ParticipationEvent), e => e.Id.ToString(), cancellationToken);
        if (item is null)
        {
            return null;
        }

        var visible = await db.Set<ParticipationAttendance>().AsNoTracking().Where(a => a.EventId == id)
            .Select(a => new { a.Child!.Id, a.Child.Reference, a.Child.GivenName, a.Child.FamilyName }).OrderBy(c => c.Reference).ToListAsync(cancellationToken);
        var all = await db.Set<ParticipationAttendance>().IgnoreQueryFilters().CountAsync(a => a.EventId == id, cancellationToken);
        await audit.RecordListAsync(nameof(Child), $"participation event {id}", visible.Select(c => c.Id.ToString()), cancellationToken);
        var facilitators = await db.Set<ParticipationFacilitator>().AsNoTracking().Where(f => f.EventId == id).Select(f => new { f.UserId, f.MentorId }).ToListAsync(cancellationToken);
        return new ParticipationEventView(item, await people.NamesAsync([.. facilitators.Select(f => (f.UserId, f.MentorId))], cancellationToken),
            [.. visible.Select(c => (c.Id, c.Reference, $"{c.GivenName} {c.FamilyName}"))], all - visible.Count);
    }
}
