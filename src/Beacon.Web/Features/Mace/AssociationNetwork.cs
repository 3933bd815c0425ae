using Beacon.Domain.Exploitation;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

public sealed record NetworkNode(string Id, string Kind, string Label, string? Href, int Degree, double Betweenness);

public sealed record NetworkEdge(string Id, string Source, string Target, string Type, LocalDate ObservedOn, string InformationSource, string Grading);

/// <summary>Children linked to the same adult or place (issue #5 §3: "highlight children who share adults or places").</summary>
public sealed record SharedConnection(string Id, string Label, IReadOnlyList<string> Children);

public sealed record Network(IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges, IReadOnlyList<SharedConnection> Shared);

/// <summary>What the map shows: around one subject, or around every child on a panel's agenda; links seen on or after
/// <see cref="From"/>, of the given types (all when empty).</summary>
public sealed record NetworkFilter(Subject? Focus, string? Panel, LocalDate? From, IReadOnlyCollection<string> Types);

/// <summary>
/// Builds the association map (issue #5 §3) two links out from its starting points, through the same database filters
/// as every page: panel records for panel roles only, children only when the user may see them — a child outside the
/// user's access stays in the map (the shape matters to the panel) as "a child not visible to you", never with a name
/// or id (nor a token that could be matched to an id), and so are the links that reach it.
/// </summary>
public sealed class AssociationNetwork(BeaconDbContext db)
{
    public const int Hops = 2;
    public const int MaxLinks = 2000;

    public async Task<Network> BuildAsync(NetworkFilter filter, CancellationToken cancellationToken = default)
    {
        var seeds = new HashSet<string>();
        if (filter.Focus is { } focus)
        {
            seeds.Add(focus.ToString());
        }

        if (filter.Panel is { } panel)
        {
            var children = await db.Referrals.AsNoTracking()
                .Where(r => r.Status == Referral.Open && r.Pathway == Pathway.MacePanel && r.Panel == panel).Select(r => r.ChildId).Distinct().ToListAsync(cancellationToken);
            seeds.UnionWith(children.Select(c => new Subject("child", c).ToString()));
        }

        var links = new Dictionary<Guid, Association>();
        var reached = new HashSet<string>(seeds);
        var frontier = seeds.ToList();
        for (var hop = 0; hop < Hops && frontier.Count > 0 && links.Count < MaxLinks; hop++)
        {
            var query = db.Associations.AsNoTracking().Where(a => frontier.Contains(a.FromSubject) || frontier.Contains(a.ToSubject));
            if (filter.From is { } from)
            {
                query = query.Where(a => a.ObservedOn >= from);
            }

            if (filter.Types.Count > 0)
            {
                query = query.Where(a => filter.Types.Contains(a.LinkType));
            }

            var found = await query.OrderBy(a => a.ObservedOn).Take(MaxLinks).ToListAsync(cancellationToken);
            frontier = [];
            foreach (var link in found.Where(l => links.TryAdd(l.Id, l)))
            {
                foreach (var end in new[] { link.FromSubject, link.ToSubject }.Where(reached.Add))
                {
                    frontier.Add(end);
                }
            }
        }

        var labels = await LabelsAsync(reached, cancellationToken);
        var salt = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        var edges = links.Values.Select(l => new NetworkEdge(Edge(l), Node(l.FromSubject), Node(l.ToSubject), l.LinkType, l.ObservedOn, l.Source, l.Grading)).ToList();
        var nodeIds = reached.Select(Node).ToList();
        var degree = NetworkMetrics.Degree(nodeIds, edges.Select(e => (e.Source, e.Target)));
        var betweenness = NetworkMetrics.Betweenness(nodeIds, edges.Select(e => (e.Source, e.Target)));
        var nodes = reached.Select(s => labels.TryGetValue(s, out var label)
                ? new NetworkNode(s, label.Kind, label.Text, label.Href, degree[s], Math.Round(betweenness[s], 2))
                : new NetworkNode(Node(s), s.Split(':')[0], "A child not visible to you", null, degree[Node(s)], Math.Round(betweenness[Node(s)], 2)))
            .OrderByDescending(n => n.Degree).ThenBy(n => n.Label, StringComparer.Ordinal).ToList();
        var shared = nodes.Where(n => n.Kind is "adult" or "location")
            .Select(n => new SharedConnection(n.Id, n.Label, [.. edges.Where(e => e.Source == n.Id || e.Target == n.Id).Select(e => e.Source == n.Id ? e.Target : e.Source)
                .Where(other => other.StartsWith("child:", StringComparison.Ordinal) || other.StartsWith("hidden:", StringComparison.Ordinal)).Distinct()]))
            .Where(s => s.Children.Count >= 2).ToList();
        return new Network(nodes, edges, shared);

        // A child the user may not see is named by a meaningless token, the same throughout this map but salted afresh
        // for each one, so it cannot be matched against an id the user knows from elsewhere.
        string Node(string subject) => labels.ContainsKey(subject) ? subject : Token(subject);

        // A link to such a child is named the same way (issue #16 §6): its stored id would follow the child across maps,
        // and would name the link for removal.
        string Edge(Association link) => labels.ContainsKey(link.FromSubject) && labels.ContainsKey(link.ToSubject) ? link.Id.ToString() : Token("link:" + link.Id);

        string Token(string value) => "hidden:" + Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(salt, System.Text.Encoding.UTF8.GetBytes(value)))[..12];
    }

    private async Task<Dictionary<string, (string Kind, string Text, string? Href)>> LabelsAsync(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken)
    {
        var ids = subjects.Select(s => Subject.TryParse(s, out var subject) ? subject : default).Where(s => s.Kind is not null).ToList();
        var childIds = ids.Where(s => s.Kind == "child").Select(s => s.Id).ToList();
        var adultIds = ids.Where(s => s.Kind == "adult").Select(s => s.Id).ToList();
        var locationIds = ids.Where(s => s.Kind == "location").Select(s => s.Id).ToList();
        var result = new Dictionary<string, (string, string, string?)>();
        foreach (var c in await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id)).Select(c => new { c.Id, c.GivenName, c.FamilyName, c.Reference }).ToListAsync(cancellationToken))
        {
            result[$"child:{c.Id}"] = ("child", $"{c.GivenName} {c.FamilyName} ({c.Reference})", $"/mace/children/{c.Id}");
        }

        foreach (var a in await db.AdultsOfConcern.AsNoTracking().Where(a => adultIds.Contains(a.Id)).Select(a => new { a.Id, a.Name, a.Reference }).ToListAsync(cancellationToken))
        {
            result[$"adult:{a.Id}"] = ("adult", $"{a.Name} ({a.Reference})", $"/mace/adults/{a.Id}");
        }

        foreach (var l in await db.LocationsOfConcern.AsNoTracking().Where(l => locationIds.Contains(l.Id)).Select(l => new { l.Id, l.Name, l.Reference }).ToListAsync(cancellationToken))
        {
            result[$"location:{l.Id}"] = ("location", $"{l.Name} ({l.Reference})", $"/mace/locations/{l.Id}");
        }

        return result;
    }
}
