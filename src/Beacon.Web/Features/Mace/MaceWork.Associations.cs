using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

/// <summary>A new link from <see cref="From"/> to <see cref="To"/> (a subject) or, when that is blank, to the child with
/// Beacon reference <see cref="ToChildReference"/>.</summary>
public sealed record AssociationInput(string? From, string? To, string? ToChildReference, string? LinkType, string? ObservedOn, string? Source, string? Grading, string? Notes);

// The association map: links between children, adults and locations (issue #5 §3).
public sealed partial class MaceWork
{
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
}
