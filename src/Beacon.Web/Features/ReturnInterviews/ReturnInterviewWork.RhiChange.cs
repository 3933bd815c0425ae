using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>The result of a change: the problems (field → message) if it was refused, else none.</summary>
public sealed record WorkResult(IReadOnlyList<FieldError> Errors, bool NotFound = false, bool Conflict = false)
{
    public static readonly WorkResult Ok = new([]);

    public bool Succeeded => Errors.Count == 0 && !NotFound && !Conflict;

    public static WorkResult Fail(string field, string message) => new([new FieldError(field, message)]);
}

// The one load-check-save step every change goes through.
public sealed partial class ReturnInterviewWork
{
    /// <summary>Loads the RHI through the access filter, applies a change and saves it (audited); a stale version is a conflict.</summary>
    private async Task<WorkResult> ChangeAsync(Guid id, int? version, Func<ReturnInterview, WorkResult> change, CancellationToken cancellationToken)
    {
        var interview = await db.ReturnInterviews.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (interview is null)
        {
            return new WorkResult([], NotFound: true);
        }

        if (version is { } expected && expected != interview.Version)
        {
            return new WorkResult([new FieldError("Version", "Someone else changed this return interview while you were editing it. Your changes were not saved: reload the page to see theirs.")], Conflict: true);
        }

        var result = change(interview);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new WorkResult([new FieldError("Version", "Someone else changed this return interview at the same time. Your changes were not saved: reload the page.")], Conflict: true);
        }

        return WorkResult.Ok;
    }
}
