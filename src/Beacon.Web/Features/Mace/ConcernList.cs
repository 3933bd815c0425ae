using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Mace;

/// <summary>One adult or location of concern in the list, with how many links the panel has recorded to it.</summary>
public sealed class ConcernItem
{
    public Guid Id { get; init; }

    public string Reference { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string? Detail { get; init; }

    public int Links { get; init; }
}

/// <summary>Adults and locations of concern (issue #5 §2, issue #17 §2) as sortable, paged lists, searchable by name,
/// alias, vehicle or phone number (adults) or name or address (locations).</summary>
public static class ConcernList
{
    public const int PageSize = 50;

    public static readonly SortKeys<ConcernItem> Sorts = new SortKeys<ConcernItem>("name", false, q => q.ThenBy(c => c.Id))
        .Add("name", c => c.Name)
        .Add("reference", c => c.Reference)
        .Add("detail", c => c.Detail)
        .Add("links", c => c.Links, descendingFirst: true);

    /// <summary>Adults (<paramref name="adults"/>) or locations matching <paramref name="search"/> (lower case; null for all).
    /// A link's ends are written "kind:id" with the id in lower case, as .NET formats it; SQLite keeps ids in upper
    /// case, so the id is lowered before it is compared.</summary>
    public static IQueryable<ConcernItem> Query(BeaconDbContext db, bool adults, string? search)
    {
        var links = db.Associations.AsNoTracking();
        if (adults)
        {
            var query = db.AdultsOfConcern.AsNoTracking();
            if (search is not null)
            {
                query = query.Where(a => a.Name.ToLower().Contains(search) || (a.Aliases != null && a.Aliases.ToLower().Contains(search))
                    || (a.Vehicles != null && a.Vehicles.ToLower().Contains(search)) || (a.PhoneNumbers != null && a.PhoneNumbers.Contains(search)));
            }

            return query.Select(a => new ConcernItem
            {
                Id = a.Id,
                Reference = a.Reference,
                Name = a.Name,
                Detail = a.Aliases,
                Links = links.Count(l => l.FromSubject == "adult:" + a.Id.ToString().ToLower() || l.ToSubject == "adult:" + a.Id.ToString().ToLower()),
            });
        }

        var places = db.LocationsOfConcern.AsNoTracking();
        if (search is not null)
        {
            places = places.Where(l => l.Name.ToLower().Contains(search) || (l.Address != null && l.Address.ToLower().Contains(search)));
        }

        return places.Select(p => new ConcernItem
        {
            Id = p.Id,
            Reference = p.Reference,
            Name = p.Name,
            Detail = p.Address,
            Links = links.Count(l => l.FromSubject == "location:" + p.Id.ToString().ToLower() || l.ToSubject == "location:" + p.Id.ToString().ToLower()),
        });
    }
}
