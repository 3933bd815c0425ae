using Beacon.Domain.Access;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Alerts;

/// <summary>A user who may receive alerts, with what decides which children's alerts they may get.</summary>
public sealed record AlertRecipient(Guid UserId, OrganisationKind OrganisationKind, Guid OrganisationId, string? Locality, IReadOnlyCollection<string> Roles)
{
    /// <summary>The same rule as opening the record: nobody is alerted about a child they could not see.</summary>
    public bool MaySee(ChildAccessFacts child) => ChildVisibility.CanSee(ChildVisibility.ScopeFor(OrganisationKind, OrganisationId, UserId, Roles), child);
}

/// <summary>An alert to store unless one with the same key exists.</summary>
public sealed record AlertDraft(Guid UserId, string Kind, string Key, string Title, string Link);

/// <summary>Stores alerts once each, with their email state decided by the user's choices.</summary>
public sealed class AlertWriter(BeaconDbContext db, IOptions<AlertOptions> options, IClock clock)
{
    /// <summary>Everyone who can sign in and is not a service account, with their organisation and roles.</summary>
    public async Task<IReadOnlyList<AlertRecipient>> RecipientsAsync(CancellationToken cancellationToken)
    {
        var users = await db.Users.AsNoTracking().Where(u => !u.IsServiceAccount)
            .Join(db.Organisations, u => u.OrganisationId, o => o.Id, (u, o) => new { u.Id, o.Kind, u.OrganisationId, u.Locality, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        var roles = await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.ToLookup(r => r.UserId, r => r.Name!);
        var disabled = clock.GetCurrentInstant().ToDateTimeOffset().AddYears(10);
        return [.. users.Where(u => u.LockoutEnd is null || u.LockoutEnd < disabled)
            .Select(u => new AlertRecipient(u.Id, u.Kind, u.OrganisationId, u.Locality, [.. byUser[u.Id]]))];
    }

    /// <summary>Whether an SMTP server is set up (alerts that must be emailed, e.g. a password reset, use it).</summary>
    public bool EmailConfigured => options.Value.EmailConfigured;

    /// <summary>Whether the user chose this kind by email (and email is set up).</summary>
    public async Task<bool> WantsEmailAsync(Guid userId, string kind, CancellationToken cancellationToken) =>
        options.Value.EmailConfigured && await db.AlertEmailPreferences.AnyAsync(p => p.UserId == userId && p.Kind == kind, cancellationToken);

    /// <summary>Adds one alert whose key is known to be new (e.g. it includes the record's version). Does not save, so it
    /// commits with the change it is about.</summary>
    public void Add(AlertDraft draft, bool byEmail) => db.Alerts.Add(new Alert
    {
        Id = Guid.NewGuid(),
        UserId = draft.UserId,
        Kind = draft.Kind,
        Key = draft.Key,
        Title = draft.Title,
        Link = draft.Link,
        CreatedAt = clock.GetCurrentInstant(),
        EmailState = byEmail ? AlertEmailState.Pending : AlertEmailState.None,
    });

    /// <summary>Adds the drafts whose keys are not stored yet (and not repeated in the batch). Does not save.</summary>
    public async Task<int> AddNewAsync(IEnumerable<AlertDraft> drafts, CancellationToken cancellationToken)
    {
        var pending = drafts.DistinctBy(d => d.Key).ToList();
        if (pending.Count == 0)
        {
            return 0;
        }

        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in pending.Select(d => d.Key).Chunk(500))
        {
            existing.UnionWith(await db.Alerts.AsNoTracking().Where(a => chunk.Contains(a.Key)).Select(a => a.Key).ToListAsync(cancellationToken));
        }

        var fresh = pending.Where(d => !existing.Contains(d.Key)).ToList();
        var users = fresh.Select(d => d.UserId).Distinct().ToList();
        var wanted = options.Value.EmailConfigured
            ? (await db.AlertEmailPreferences.AsNoTracking().Where(p => users.Contains(p.UserId)).Select(p => new { p.UserId, p.Kind }).ToListAsync(cancellationToken))
                .Select(p => (p.UserId, p.Kind)).ToHashSet()
            : [];
        foreach (var draft in fresh)
        {
            Add(draft, wanted.Contains((draft.UserId, draft.Kind)));
        }

        return fresh.Count;
    }
}
