using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Alerts;

/// <summary>The signed-in user's alerts and alert choices. The database filter already limits alerts to their owner;
/// these queries also say so, so the intent is plain.</summary>
public sealed class AlertCentre(BeaconDbContext db, CurrentActor actor, AuditLog audit, IClock clock)
{
    private Guid Me => actor.UserId ?? throw new InvalidOperationException("Alerts need a signed-in user");

    public Task<int> UnreadCountAsync(CancellationToken cancellationToken = default) => actor.UserId is { } me
        ? db.Alerts.CountAsync(a => a.UserId == me && a.ReadAt == null, cancellationToken)
        : Task.FromResult(0);

    /// <summary>The alerts list's sort keys (issue #17 §2): unread first, then newest, unless asked otherwise.</summary>
    public static readonly Infrastructure.Lists.SortKeys<Alert> Sorts = new Infrastructure.Lists.SortKeys<Alert>("status", false, q => q.ThenByDescending(a => a.CreatedAt).ThenBy(a => a.Id))
        .Add("status", a => a.ReadAt == null ? 0 : 1)
        .Add("alert", a => a.Title)
        .Add("raised", a => a.CreatedAt, descendingFirst: true);

    /// <summary>One page of the user's alerts, sorted as asked.</summary>
    public Task<Infrastructure.Lists.ListPage<Alert>> PageAsync(bool unreadOnly, Infrastructure.Lists.ListRequest list, int pageSize, CancellationToken cancellationToken = default)
    {
        var me = Me;
        var query = db.Alerts.AsNoTracking().Where(a => a.UserId == me && (!unreadOnly || a.ReadAt == null));
        return Sorts.PageAsync(query, list, pageSize, cancellationToken);
    }

    /// <summary>Who each alert is about, where the user may see the child.</summary>
    public Task<IReadOnlyDictionary<Guid, AlertSubjects.Subject>> SubjectsAsync(IEnumerable<Alert> alerts, CancellationToken cancellationToken = default) =>
        AlertSubjects.ForAsync(db, alerts, cancellationToken);

    /// <summary>Unread first, then newest; at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<Alert>> ListAsync(bool unreadOnly, int limit = 200, CancellationToken cancellationToken = default)
    {
        var me = Me;
        var query = db.Alerts.AsNoTracking().Where(a => a.UserId == me);
        if (unreadOnly)
        {
            query = query.Where(a => a.ReadAt == null);
        }

        return await query.OrderBy(a => a.ReadAt == null ? 0 : 1).ThenByDescending(a => a.CreatedAt).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Marks one alert read and returns its link; null when it is not this user's.</summary>
    public async Task<string?> MarkReadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var me = Me;
        var alert = await db.Alerts.SingleOrDefaultAsync(a => a.Id == id && a.UserId == me, cancellationToken);
        if (alert is null)
        {
            return null;
        }

        alert.ReadAt ??= clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        return alert.Link;
    }

    public async Task<int> MarkAllReadAsync(CancellationToken cancellationToken = default)
    {
        var me = Me;
        var now = clock.GetCurrentInstant();
        return await db.Alerts.Where(a => a.UserId == me && a.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReadAt, now), cancellationToken);
    }

    public async Task<(string? Locality, IReadOnlyList<string> EmailKinds)> PreferencesAsync(CancellationToken cancellationToken = default)
    {
        var me = Me;
        var locality = await db.Users.Where(u => u.Id == me).Select(u => u.Locality).SingleAsync(cancellationToken);
        var kinds = await db.AlertEmailPreferences.Where(p => p.UserId == me).Select(p => p.Kind).ToListAsync(cancellationToken);
        return (locality, kinds);
    }

    /// <summary>Saves the team area and the kinds wanted by email; unknown values change nothing.</summary>
    public async Task<IReadOnlyList<FieldError>> SavePreferencesAsync(string? locality, IReadOnlyCollection<string> emailKinds, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        locality = string.IsNullOrWhiteSpace(locality) ? null : locality.Trim();
        if (locality is not null && !await db.Areas.AnyAsync(a => a.Locality == locality, cancellationToken))
        {
            errors.Add(new FieldError("Locality", "Choose one of the localities listed"));
        }

        if (emailKinds.Any(k => !AlertKinds.IsKnown(k)))
        {
            errors.Add(new FieldError("EmailKinds", "Choose from the alerts listed"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var me = Me;
        var user = await db.Users.SingleAsync(u => u.Id == me, cancellationToken);
        user.Locality = locality;
        var current = await db.AlertEmailPreferences.Where(p => p.UserId == me).ToListAsync(cancellationToken);
        db.AlertEmailPreferences.RemoveRange(current.Where(p => !emailKinds.Contains(p.Kind)));
        db.AlertEmailPreferences.AddRange(emailKinds.Distinct().Where(k => current.All(p => p.Kind != k)).Select(k => new AlertEmailPreference { UserId = me, Kind = k }));
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("alert-preferences", "User", me.ToString(), details: $"locality: {locality ?? "none"}; email: {string.Join(",", emailKinds.Order())}", cancellationToken: cancellationToken);
        return [];
    }
}
