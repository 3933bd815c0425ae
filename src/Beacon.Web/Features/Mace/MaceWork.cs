using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

public sealed record AdultInput(string? Name, string? Aliases, string? Description, string? Vehicles, string? PhoneNumbers, string? Area);

public sealed record LocationInput(string? Name, string? Kind, string? Address, string? DistrictCode, string? Description);

public sealed record ActionInput(string? Target, string? OwnerAgency, string? Description, string? DueOn);

/// <summary>A new link from <see cref="From"/> to <see cref="To"/> (a subject) or, when that is blank, to the child with
/// Beacon reference <see cref="ToChildReference"/>.</summary>
public sealed record AssociationInput(string? From, string? To, string? ToChildReference, string? LinkType, string? ObservedOn, string? Source, string? Grading, string? Notes);

public sealed record FlagInput(string? Kind, string? Detail, string? SourceAgency, string? RecordedOn);

/// <summary>
/// Records the work of MACE panels (issue #5 §2–3): meetings, per-child decisions, disruption actions, adults and
/// locations of concern, associations and partner flags. Every method validates all its input first and changes
/// nothing when any of it is wrong; every change is audited by the save (panel and child records alike). Callers are
/// panel roles (the pages' policy); the database filter hides panel records from anyone else.
/// </summary>
public sealed class MaceWork(BeaconDbContext db, IClock clock, Infrastructure.Auditing.AuditLog audit)
{
    private LocalDate Today => ChildAge.DateOf(clock.GetCurrentInstant());

    private string Who => db.Actor.UserName;

    public async Task<(PanelMeeting? Meeting, IReadOnlyList<FieldError> Errors)> ScheduleMeetingAsync(string panel, string? meetingOn, CancellationToken cancellationToken = default)
    {
        if (!await db.MacePanels.AnyAsync(p => p.Name == panel, cancellationToken))
        {
            return (null, [new FieldError("panel", "The panel was not found.")]);
        }

        var date = FormDates.Parse(meetingOn);
        if (date is null || date < Today.PlusYears(-1) || date > Today.PlusYears(1))
        {
            return (null, [new FieldError("MeetingOn", "Enter the date of the meeting, like 27/3/2027, within a year of today")]);
        }

        var now = clock.GetCurrentInstant();
        var meeting = new PanelMeeting { Id = Guid.NewGuid(), Panel = panel, MeetingOn = date.Value, Status = PanelMeeting.Scheduled, CreatedAt = now, UpdatedAt = now };
        db.PanelMeetings.Add(meeting);
        await db.SaveChangesAsync(cancellationToken);
        return (meeting, []);
    }

    public async Task<IReadOnlyList<FieldError>> UpdatePanelAsync(string panel, string? chairName, string? coreMembers, int version, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        Text(errors, "ChairName", chairName, 200, "the chair's name", required: true);
        Text(errors, "CoreMembers", coreMembers, 4000, "the core members", required: false);
        var item = await db.MacePanels.SingleOrDefaultAsync(p => p.Name == panel, cancellationToken);
        if (item is null)
        {
            return [new FieldError("panel", "The panel was not found.")];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        item.ChairName = chairName!.Trim();
        item.CoreMembers = coreMembers?.Trim() ?? "";
        db.Entry(item).Property(p => p.Version).OriginalValue = version;
        return await SaveAsync("ChairName", cancellationToken);
    }

    public async Task<IReadOnlyList<FieldError>> RecordDiscussionAsync(Guid meetingId, Guid childId, string? decision, string? sinceLastTime, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        Text(errors, "Decision", decision, 4000, "what the panel decided", required: true);
        Text(errors, "SinceLastTime", sinceLastTime, 4000, "what happened since the last meeting", required: false);
        if (!await db.PanelMeetings.AnyAsync(m => m.Id == meetingId, cancellationToken) || !await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
        {
            return [new FieldError("meeting", "The meeting or child was not found.")];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.PanelDiscussions.Add(new PanelDiscussion
        {
            Id = Guid.NewGuid(),
            MeetingId = meetingId,
            ChildId = childId,
            Decision = decision!.Trim(),
            SinceLastTime = Blank(sinceLastTime),
            RecordedBy = Who,
            RecordedAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>Puts an adult or location on a meeting's agenda (once).</summary>
    public async Task<IReadOnlyList<FieldError>> AddToAgendaAsync(Guid meetingId, string? subject, CancellationToken cancellationToken = default)
    {
        if (!await db.PanelMeetings.AnyAsync(m => m.Id == meetingId, cancellationToken))
        {
            return [new FieldError("meeting", "The meeting was not found.")];
        }

        if (!Subject.TryParse(subject, out var parsed) || parsed.Kind == "child" || !await ExistsAsync(parsed, cancellationToken))
        {
            return [new FieldError("AgendaSubject", "Select the adult or location to discuss")];
        }

        var key = parsed.ToString();
        if (!await db.PanelAgendaItems.AnyAsync(i => i.MeetingId == meetingId && i.Subject == key, cancellationToken))
        {
            db.PanelAgendaItems.Add(new PanelAgendaItem { Id = Guid.NewGuid(), MeetingId = meetingId, Subject = key, AddedBy = Who, AddedAt = clock.GetCurrentInstant() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return [];
    }

    public async Task<IReadOnlyList<FieldError>> AddActionAsync(Guid meetingId, ActionInput input, CancellationToken cancellationToken = default)
    {
        var meeting = await db.PanelMeetings.AsNoTracking().SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return [new FieldError("meeting", "The meeting was not found.")];
        }

        var errors = new List<FieldError>();
        Text(errors, "OwnerAgency", input.OwnerAgency, 200, "the agency that owns the action", required: true);
        Text(errors, "Description", input.Description, 2000, "what the action is", required: true);
        var due = FormDates.Parse(input.DueOn);
        if (due is null || due < meeting.MeetingOn || due > meeting.MeetingOn.PlusYears(1))
        {
            errors.Add(new FieldError("DueOn", "Enter the date the action is due, like 27/3/2027, on or after the meeting and within a year"));
        }

        if (!Subject.TryParse(input.Target, out var target) || !await ExistsAsync(target, cancellationToken))
        {
            errors.Add(new FieldError("Target", "Select who or what the action targets"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var now = clock.GetCurrentInstant();
        db.DisruptionActions.Add(new DisruptionAction
        {
            Id = Guid.NewGuid(),
            MeetingId = meetingId,
            Panel = meeting.Panel,
            OwnerAgency = input.OwnerAgency!.Trim(),
            Description = input.Description!.Trim(),
            DueOn = due!.Value,
            Status = DisruptionAction.Open,
            CreatedAt = now,
            UpdatedAt = now,
            ChildId = target.Kind == "child" ? target.Id : null,
            AdultId = target.Kind == "adult" ? target.Id : null,
            LocationId = target.Kind == "location" ? target.Id : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> UpdateActionAsync(Guid actionId, string? status, string? outcome, int version, CancellationToken cancellationToken = default)
    {
        var action = await db.DisruptionActions.SingleOrDefaultAsync(a => a.Id == actionId, cancellationToken);
        if (action is null)
        {
            return [new FieldError("action", "The action was not found.")];
        }

        if (!await SeesChildAsync(action.ChildId, cancellationToken))
        {
            await audit.RecordAsync("update", nameof(DisruptionAction), actionId.ToString(), "denied", "its child is not visible to the user", cancellationToken);
            return [new FieldError("action", "The action was not found.")];
        }

        var errors = new List<FieldError>();
        if (status is null || !MaceVocabulary.ActionStatuses.ContainsKey(status))
        {
            errors.Add(new FieldError("Status", "Select the action's status"));
        }

        Text(errors, "Outcome", outcome, 2000, "the outcome", required: status is DisruptionAction.Completed or DisruptionAction.NotAchieved);
        if (errors.Count > 0)
        {
            return errors;
        }

        action.Status = status!;
        action.Outcome = Blank(outcome);
        db.Entry(action).Property(a => a.Version).OriginalValue = version;
        return await SaveAsync("Status", cancellationToken);
    }

    public async Task<IReadOnlyList<FieldError>> SaveMinutesAsync(Guid meetingId, string? minutes, bool held, int version, CancellationToken cancellationToken = default)
    {
        var meeting = await db.PanelMeetings.SingleOrDefaultAsync(m => m.Id == meetingId, cancellationToken);
        if (meeting is null)
        {
            return [new FieldError("meeting", "The meeting was not found.")];
        }

        var errors = new List<FieldError>();
        Text(errors, "Minutes", minutes, 20000, "the minutes", required: held);
        if (held && meeting.MeetingOn > Today)
        {
            errors.Add(new FieldError("Minutes", "A meeting cannot be marked as held before its date"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        meeting.Minutes = Blank(minutes);
        meeting.Status = held ? PanelMeeting.Held : meeting.Status;
        db.Entry(meeting).Property(m => m.Version).OriginalValue = version;
        return await SaveAsync("Minutes", cancellationToken);
    }

    public async Task<(AdultOfConcern? Adult, IReadOnlyList<FieldError> Errors)> CreateAdultAsync(AdultInput input, CancellationToken cancellationToken = default)
    {
        var errors = AdultErrors(input);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetCurrentInstant();
        var adult = new AdultOfConcern
        {
            Id = Guid.NewGuid(),
            Reference = RecordReferences.New("AOC"),
            Name = input.Name!.Trim(),
            Aliases = Blank(input.Aliases),
            Description = Blank(input.Description),
            Vehicles = Blank(input.Vehicles),
            PhoneNumbers = Blank(input.PhoneNumbers),
            Area = Blank(input.Area),
            RecordedBy = Who,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.AdultsOfConcern.Add(adult);
        await db.SaveChangesAsync(cancellationToken);
        return (adult, []);
    }

    /// <summary>Updates an adult of concern's details (a new alias, vehicle or number); a stale form is refused.</summary>
    public async Task<IReadOnlyList<FieldError>> UpdateAdultAsync(Guid id, AdultInput input, int version, CancellationToken cancellationToken = default)
    {
        var adult = await db.AdultsOfConcern.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (adult is null)
        {
            return [new FieldError("adult", "The adult was not found.")];
        }

        var errors = AdultErrors(input);
        if (errors.Count > 0)
        {
            return errors;
        }

        (adult.Name, adult.Aliases, adult.Description, adult.Vehicles, adult.PhoneNumbers, adult.Area) =
            (input.Name!.Trim(), Blank(input.Aliases), Blank(input.Description), Blank(input.Vehicles), Blank(input.PhoneNumbers), Blank(input.Area));
        db.Entry(adult).Property(a => a.Version).OriginalValue = version;
        return await SaveAsync("Name", cancellationToken);
    }

    /// <summary>Updates a location of concern's details; a stale form is refused.</summary>
    public async Task<IReadOnlyList<FieldError>> UpdateLocationAsync(Guid id, LocationInput input, int version, CancellationToken cancellationToken = default)
    {
        var location = await db.LocationsOfConcern.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (location is null)
        {
            return [new FieldError("location", "The location was not found.")];
        }

        var errors = await LocationErrorsAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        (location.Name, location.Kind, location.Address, location.DistrictCode, location.Description) =
            (input.Name!.Trim(), input.Kind!, Blank(input.Address), Blank(input.DistrictCode), Blank(input.Description));
        db.Entry(location).Property(l => l.Version).OriginalValue = version;
        return await SaveAsync("Name", cancellationToken);
    }

    /// <summary>Removes a link recorded in error (audited as a deletion of the association, with who removed it). A link
    /// to a child the user may not see is not theirs to remove (issue #16 §6): refused like a missing one, audited as denied.</summary>
    public async Task<bool> RemoveAssociationAsync(Guid id, Subject from, CancellationToken cancellationToken = default)
    {
        var key = from.ToString();
        var link = await db.Associations.SingleOrDefaultAsync(a => a.Id == id && (a.FromSubject == key || a.ToSubject == key), cancellationToken);
        if (link is null)
        {
            return false;
        }

        if (!await SeesEndsAsync(link, cancellationToken))
        {
            await audit.RecordAsync("delete", nameof(Association), id.ToString(), "denied", "a linked child is not visible to the user", cancellationToken);
            return false;
        }

        db.Associations.Remove(link);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<(LocationOfConcern? Location, IReadOnlyList<FieldError> Errors)> CreateLocationAsync(LocationInput input, CancellationToken cancellationToken = default)
    {
        var errors = await LocationErrorsAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetCurrentInstant();
        var location = new LocationOfConcern
        {
            Id = Guid.NewGuid(),
            Reference = RecordReferences.New("LOC"),
            Name = input.Name!.Trim(),
            Kind = input.Kind!,
            Address = Blank(input.Address),
            DistrictCode = Blank(input.DistrictCode),
            Description = Blank(input.Description),
            RecordedBy = Who,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.LocationsOfConcern.Add(location);
        await db.SaveChangesAsync(cancellationToken);
        return (location, []);
    }

    public async Task<IReadOnlyList<FieldError>> AddAssociationAsync(AssociationInput input, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        if (!Subject.TryParse(input.From, out var from) || !await ExistsAsync(from, cancellationToken))
        {
            return [new FieldError("From", "The record to link from was not found.")];
        }

        var toText = input.To;
        if (string.IsNullOrWhiteSpace(toText) && !string.IsNullOrWhiteSpace(input.ToChildReference))
        {
            var reference = input.ToChildReference.Trim().ToUpperInvariant();
            var child = await db.Children.Where(c => c.Reference == reference && c.MergedIntoId == null).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken);
            toText = child is null ? null : new Subject("child", child.Value).ToString();
        }

        if (!Subject.TryParse(toText, out var to) || to == from || !await ExistsAsync(to, cancellationToken))
        {
            errors.Add(new FieldError("To", "Select an adult or location, or enter the Beacon reference of a child you can see"));
        }

        if (input.LinkType is null || !MaceVocabulary.LinkTypes.ContainsKey(input.LinkType))
        {
            errors.Add(new FieldError("LinkType", "Select the kind of link"));
        }

        var observed = FormDates.Parse(input.ObservedOn);
        if (observed is null || observed > Today || observed < Today.PlusYears(-30))
        {
            errors.Add(new FieldError("ObservedOn", "Enter the date the link was seen or reported, like 21/11/2026, not in the future"));
        }

        if (input.Source is null || !MaceVocabulary.Sources.ContainsKey(input.Source))
        {
            errors.Add(new FieldError("Source", "Select where the information came from"));
        }

        if (input.Grading is null || !MaceVocabulary.Gradings.Contains(input.Grading))
        {
            errors.Add(new FieldError("Grading", "Select the grading: source reliability A to E and information 1 to 5"));
        }

        Text(errors, "Notes", input.Notes, 2000, "notes", required: false);
        if (errors.Count > 0)
        {
            return errors;
        }

        db.Associations.Add(new Association
        {
            Id = Guid.NewGuid(),
            FromSubject = from.ToString(),
            ToSubject = to.ToString(),
            LinkType = input.LinkType!,
            ObservedOn = observed!.Value,
            Source = input.Source!,
            Grading = input.Grading!,
            Notes = Blank(input.Notes),
            RecordedBy = Who,
            RecordedAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> AddFlagAsync(Guid childId, FlagInput input, CancellationToken cancellationToken = default)
    {
        if (!await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
        {
            return [new FieldError("child", "The child was not found.")];
        }

        var errors = new List<FieldError>();
        if (input.Kind is null || !MaceVocabulary.FlagKinds.ContainsKey(input.Kind))
        {
            errors.Add(new FieldError("Kind", "Select what the partner holds"));
        }

        Text(errors, "SourceAgency", input.SourceAgency, 200, "the agency that holds it", required: true);
        Text(errors, "Detail", input.Detail, 1000, "details", required: false);
        var recorded = FormDates.Parse(input.RecordedOn);
        if (recorded is null || recorded > Today || recorded < Today.PlusYears(-25))
        {
            errors.Add(new FieldError("RecordedOn", "Enter the date the partner recorded it, like 21/11/2026, not in the future"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.ChildFlags.Add(new ChildFlag
        {
            Id = Guid.NewGuid(),
            ChildId = childId,
            Kind = input.Kind!,
            Detail = Blank(input.Detail),
            SourceAgency = input.SourceAgency!.Trim(),
            RecordedOn = recorded!.Value,
            RecordedBy = Who,
            CreatedAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    /// <summary>Adults and locations of concern to choose from (by name), the first 500 of each.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ConcernChoicesAsync(CancellationToken cancellationToken = default)
    {
        var adults = await db.AdultsOfConcern.AsNoTracking().OrderBy(a => a.Name).Take(500).Select(a => new { a.Id, a.Name, a.Reference }).ToListAsync(cancellationToken);
        var locations = await db.LocationsOfConcern.AsNoTracking().OrderBy(l => l.Name).Take(500).Select(l => new { l.Id, l.Name, l.Reference }).ToListAsync(cancellationToken);
        return [.. adults.Select(a => new KeyValuePair<string, string>($"adult:{a.Id}", $"Adult: {a.Name} ({a.Reference})")),
            .. locations.Select(l => new KeyValuePair<string, string>($"location:{l.Id}", $"Location: {l.Name} ({l.Reference})"))];
    }

    public Task<bool> PanelExistsAsync(string panel, CancellationToken cancellationToken = default) => db.MacePanels.AnyAsync(p => p.Name == panel, cancellationToken);

    public const string HiddenActionText = "An action about a child not visible to you";

    /// <summary>Disruption actions (read without tracking) about a child the user may not see keep their owner, dates and
    /// status but lose their words, which may come from the child's record (issue #16 §6); returns their ids.</summary>
    public async Task<HashSet<Guid>> HideTextOfHiddenChildrenAsync(IReadOnlyCollection<DisruptionAction> actions, CancellationToken cancellationToken = default)
    {
        var childIds = actions.Where(a => a.ChildId is not null).Select(a => a.ChildId!.Value).Distinct().ToList();
        var visible = childIds.Count == 0 ? [] : await db.Children.Where(c => childIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        var hidden = new HashSet<Guid>();
        foreach (var action in actions.Where(a => a.ChildId is { } child && !visible.Contains(child)))
        {
            (action.Description, action.Outcome) = (HiddenActionText, null);
            hidden.Add(action.Id);
        }

        return hidden;
    }

    /// <summary>Whether the user may see every child at the ends of <paramref name="link"/>.</summary>
    public async Task<bool> SeesEndsAsync(Association link, CancellationToken cancellationToken = default)
    {
        foreach (var end in new[] { link.FromSubject, link.ToSubject })
        {
            if (Subject.TryParse(end, out var subject) && subject.Kind == "child" && !await SeesChildAsync(subject.Id, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> SeesChildAsync(Guid? childId, CancellationToken cancellationToken) =>
        childId is not { } id || await db.Children.AnyAsync(c => c.Id == id, cancellationToken);

    /// <summary>Whether the subject exists and the current user may see it (through the same filters as everything else).</summary>
    public async Task<bool> ExistsAsync(Subject subject, CancellationToken cancellationToken = default) => subject.Kind switch
    {
        "child" => await db.Children.AnyAsync(c => c.Id == subject.Id && c.MergedIntoId == null, cancellationToken),
        "adult" => await db.AdultsOfConcern.AnyAsync(a => a.Id == subject.Id, cancellationToken),
        "location" => await db.LocationsOfConcern.AnyAsync(l => l.Id == subject.Id, cancellationToken),
        _ => false,
    };

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

    private static List<FieldError> AdultErrors(AdultInput input)
    {
        var errors = new List<FieldError>();
        Text(errors, "Name", input.Name, 200, "the adult's name or a description if not known", required: true);
        Text(errors, "Aliases", input.Aliases, 1000, "aliases", required: false);
        Text(errors, "Description", input.Description, 4000, "a description", required: false);
        Text(errors, "Vehicles", input.Vehicles, 1000, "vehicles", required: false);
        Text(errors, "PhoneNumbers", input.PhoneNumbers, 1000, "phone numbers", required: false);
        Text(errors, "Area", input.Area, 200, "the area", required: false);
        return errors;
    }

    private async Task<List<FieldError>> LocationErrorsAsync(LocationInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        Text(errors, "Name", input.Name, 200, "the location's name", required: true);
        Text(errors, "Address", input.Address, 500, "the address or area", required: false);
        Text(errors, "Description", input.Description, 4000, "a description", required: false);
        if (input.Kind is null || !MaceVocabulary.LocationKinds.ContainsKey(input.Kind))
        {
            errors.Add(new FieldError("Kind", "Select the kind of location"));
        }

        if (!string.IsNullOrWhiteSpace(input.DistrictCode) && !await db.Areas.AnyAsync(a => a.GssCode == input.DistrictCode, cancellationToken))
        {
            errors.Add(new FieldError("DistrictCode", "Select a district of the area, or leave it blank"));
        }

        return errors;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Text(List<FieldError> errors, string field, string? value, int max, string what, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, $"Enter {what}"));
        }
        else if (value is not null && value.Trim().Length > max)
        {
            errors.Add(new FieldError(field, $"Enter {what} in {max} characters or fewer"));
        }
    }
}
