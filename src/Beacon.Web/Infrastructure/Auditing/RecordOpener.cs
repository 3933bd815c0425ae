using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>The outcomes an audit entry records.</summary>
public static class AuditOutcome
{
    public const string Allowed = "allowed";

    public const string Denied = "denied";

    public const string NotFound = "not-found";
}

/// <summary>
/// The one way a page opens a record by id (docs/decisions/0004, 0007, 0016): load it through the access filter, audit
/// the view — allowed under the id it is shown as, <c>denied</c> when it exists but the user may not see it,
/// <c>not-found</c> when it does not exist — and let the page answer 404 for both, so a hidden record is not revealed.
/// </summary>
public sealed class RecordOpener(AuditLog audit)
{
    /// <summary>Opens the record <paramref name="id"/> from <paramref name="visible"/> (a query through the access
    /// filter, with any Include it needs) and audits the view; null when it is absent or hidden.</summary>
    public async Task<T?> OpenAsync<T>(IQueryable<T> visible, Guid id, string recordType, Func<T, string> shownAs, CancellationToken cancellationToken = default)
        where T : class
    {
        var record = await visible.SingleOrDefaultAsync(e => EF.Property<Guid>(e, "Id") == id, cancellationToken);
        await AuditViewAsync<T>(id, recordType, record is null ? null : shownAs(record), cancellationToken);
        return record;
    }

    /// <summary>Audits the view of the <typeparamref name="TStored"/> <paramref name="id"/> that a page loaded its own
    /// way: allowed as <paramref name="shownAs"/>, or (when null) denied or not-found by whether it exists at all;
    /// <paramref name="details"/> (e.g. which page or API read it) goes with either.</summary>
    public async Task AuditViewAsync<TStored>(Guid id, string recordType, string? shownAs, CancellationToken cancellationToken = default, string? details = null)
        where TStored : class
    {
        if (shownAs is not null)
        {
            await audit.RecordAsync("view", recordType, shownAs, AuditOutcome.Allowed, details, cancellationToken);
            return;
        }

        await audit.RecordAsync("view", recordType, id.ToString(), await audit.MissingOutcomeAsync<TStored>(id, cancellationToken), details, cancellationToken);
    }
}
