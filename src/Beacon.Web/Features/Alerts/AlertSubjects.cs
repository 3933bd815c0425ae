using System.Text.RegularExpressions;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Alerts;

/// <summary>Who an alert is about (issue #17 §2): the child behind its link (an interview, referral, meeting, action or the
/// child), named only when the reader may see that child (the access filter decides).</summary>
public static partial class AlertSubjects
{
    public sealed record Subject(Guid ChildId, string Name, string Reference);

    public static async Task<IReadOnlyDictionary<Guid, Subject>> ForAsync(BeaconDbContext db, IEnumerable<Alert> alerts, CancellationToken cancellationToken = default)
    {
        var links = alerts.Select(a => (a.Id, Match: LinkPattern().Match(a.Link))).Where(x => x.Match.Success)
            .Select(x => (x.Id, Kind: x.Match.Groups[1].Value, Target: Guid.Parse(x.Match.Groups[2].Value))).ToList();
        List<Guid> Of(string kind) => [.. links.Where(l => l.Kind == kind).Select(l => l.Target).Distinct()];
        var rhis = Of("return-interviews");
        var referrals = Of("referrals");
        var meetings = Of("repeat-missing");
        var actions = Of("repeat-missing/actions");
        var childOf = new Dictionary<Guid, Guid>();
        foreach (var row in await db.ReturnInterviews.AsNoTracking().Where(r => rhis.Contains(r.Id)).Select(r => new { r.Id, r.ChildId }).ToListAsync(cancellationToken))
        {
            childOf[row.Id] = row.ChildId;
        }

        foreach (var row in await db.Referrals.AsNoTracking().Where(r => referrals.Contains(r.Id)).Select(r => new { r.Id, r.ChildId }).ToListAsync(cancellationToken))
        {
            childOf[row.Id] = row.ChildId;
        }

        foreach (var row in await db.InterventionMeetings.AsNoTracking().Where(m => meetings.Contains(m.Id)).Select(m => new { m.Id, m.ChildId }).ToListAsync(cancellationToken))
        {
            childOf[row.Id] = row.ChildId;
        }

        foreach (var row in await db.MeetingActions.AsNoTracking().Where(a => actions.Contains(a.Id)).Select(a => new { a.Id, a.ChildId }).ToListAsync(cancellationToken))
        {
            childOf[row.Id] = row.ChildId;
        }

        foreach (var child in Of("children"))
        {
            childOf[child] = child;
        }

        var childIds = childOf.Values.Distinct().ToList();
        var children = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id))
            .Select(c => new Subject(c.Id, c.GivenName + " " + c.FamilyName, c.Reference)).ToDictionaryAsync(c => c.ChildId, cancellationToken);
        return links.Where(l => childOf.TryGetValue(l.Target, out var c) && children.ContainsKey(c))
            .ToDictionary(l => l.Id, l => children[childOf[l.Target]]);
    }

    [GeneratedRegex("^/(children|referrals|repeat-missing/actions|repeat-missing|return-interviews)/([0-9a-fA-F-]{36})(?:$|[/?#])")]
    private static partial Regex LinkPattern();
}
