using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

/// <summary>
/// Records the work of MACE panels (issue #5 §2–3): meetings, per-child decisions, disruption actions, adults and
/// locations of concern, associations and partner flags. Every method validates all its input first and changes
/// nothing when any of it is wrong; every change is audited by the save (panel and child records alike). Callers are
/// panel roles (the pages' policy); the database filter hides panel records from anyone else.
/// </summary>
public sealed partial class MaceWork(BeaconDbContext db, IClock clock, Infrastructure.Auditing.AuditLog audit)
{
    // The parts of this class (one file per use case) share these.
    private readonly BeaconDbContext db = db;
    private readonly IClock clock = clock;
    private readonly Infrastructure.Auditing.AuditLog audit = audit;

    private LocalDate Today => ChildAge.DateOf(clock.GetCurrentInstant());

    private string Who => db.Actor.UserName;

    public Task<bool> PanelExistsAsync(string panel, CancellationToken cancellationToken = default) => db.MacePanels.AnyAsync(p => p.Name == panel, cancellationToken);

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
