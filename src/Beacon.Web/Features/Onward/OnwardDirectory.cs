using System.Security.Claims;
using Beacon.Domain.Organisations;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Onward;

/// <summary>A directory entry as entered on the form (strings, as typed).</summary>
public sealed record ResourceInput(string? Name, string? Kind, IReadOnlyList<string> Districts, string? MinAge, string? MaxAge, string? Contact, string? ReferralRoute);

/// <summary>A directory entry as shown and sent: the districts as GSS codes with their names.</summary>
public sealed record ResourceView(Guid Id, string Name, string Kind, string KindLabel, IReadOnlyList<string> Districts, string DistrictNames, int? MinAge, int? MaxAge, string? Contact, string? ReferralRoute)
{
    public string Ages => (MinAge, MaxAge) switch
    {
        (null, null) => "Any age",
        ({ } min, null) => $"{min} and over",
        (null, { } max) => $"Up to {max}",
        ({ } min, { } max) => $"{min} to {max}",
    };
}

/// <summary>
/// The provider's directory of community resources and services (issue #19 §3): every signed-in user reads it (it holds
/// nothing about children); the provider's staff keep it. Listed by name, filtered by kind and by district served (an
/// entry with no districts serves the whole area).
/// </summary>
public sealed class OnwardDirectory(BeaconDbContext db, IClock clock)
{
    /// <summary>Who keeps the directory: the provider's caseworkers and managers, mentor coordinators and administrators.</summary>
    public static bool MayKeep(ClaimsPrincipal user) =>
        Policies.IsProviderCaseworker(user) || Policies.IsProviderUserWith(user, Roles.MentorCoordinator) || Policies.IsProviderUserWith(user, Roles.SystemAdministrator);

    /// <summary>The districts (GSS code, name) resources can serve: the reference data's districts and unitaries.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> DistrictsAsync(CancellationToken cancellationToken = default) =>
        [.. (await db.Areas.AsNoTracking().Where(a => a.Kind != "county").ToListAsync(cancellationToken)).OrderBy(a => a.Name).Select(a => KeyValuePair.Create(a.GssCode, a.Name))];

    public async Task<IReadOnlyList<ResourceView>> ListAsync(string? kind = null, string? district = null, CancellationToken cancellationToken = default)
    {
        var names = (await DistrictsAsync(cancellationToken)).ToDictionary(d => d.Key, d => d.Value);
        var all = await db.Set<CommunityResource>().AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        return [.. all.Where(r => string.IsNullOrEmpty(kind) || r.Kind == kind)
            .Where(r => string.IsNullOrEmpty(district) || Codes.Split(r.Districts).Count == 0 || Codes.Split(r.Districts).Contains(district))
            .Select(r => View(r, names))];
    }

    public async Task<ResourceView?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var resource = await db.Set<CommunityResource>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return resource is null ? null : View(resource, (await DistrictsAsync(cancellationToken)).ToDictionary(d => d.Key, d => d.Value));
    }

    /// <summary>Adds an entry (<paramref name="id"/> null) or changes one; the errors by field, or none when saved.</summary>
    public async Task<(IReadOnlyList<FieldError> Errors, Guid? Id)> SaveAsync(Guid? id, ResourceInput input, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors.Add(new FieldError("Name", "Enter the name of the resource, in 200 characters or fewer"));
        }

        if (input.Kind is null || !Codes.ResourceKind.ContainsKey(input.Kind))
        {
            errors.Add(new FieldError("Kind", "Select the kind of resource"));
        }

        var known = (await DistrictsAsync(cancellationToken)).Select(d => d.Key).ToHashSet();
        var districts = input.Districts.Where(d => !string.IsNullOrWhiteSpace(d)).Distinct().ToList();
        if (districts.Any(d => !known.Contains(d)))
        {
            errors.Add(new FieldError("Districts", "Select districts from the list"));
        }

        var min = Age(input.MinAge, "MinAge", "youngest", errors);
        var max = Age(input.MaxAge, "MaxAge", "oldest", errors);
        if (min > max)
        {
            errors.Add(new FieldError("MaxAge", "The oldest age must be the same as or more than the youngest"));
        }

        foreach (var (field, text, limit) in new[] { ("Contact", input.Contact, 1000), ("ReferralRoute", input.ReferralRoute, 2000) })
        {
            if (text?.Trim().Length > limit)
            {
                errors.Add(new FieldError(field, $"Enter {limit} characters or fewer"));
            }
        }

        if (errors.Count == 0 && await db.Set<CommunityResource>().AnyAsync(r => r.Name == name && r.Id != id, cancellationToken))
        {
            errors.Add(new FieldError("Name", "The directory already has a resource with this name"));
        }

        var resource = id is { } existing ? await db.Set<CommunityResource>().SingleOrDefaultAsync(r => r.Id == existing, cancellationToken) : null;
        if (id is not null && resource is null)
        {
            return ([new FieldError("resource", "Not found")], null);
        }

        if (errors.Count > 0)
        {
            return (errors, null);
        }

        var now = clock.GetCurrentInstant();
        if (resource is null)
        {
            resource = new CommunityResource { Id = Guid.CreateVersion7(), Name = name!, Kind = input.Kind!, CreatedAt = now, UpdatedBy = db.Actor.UserName };
            db.Set<CommunityResource>().Add(resource);
        }

        resource.Name = name!;
        resource.Kind = input.Kind!;
        resource.Districts = districts.Count == 0 ? null : string.Join(",", districts.Order(StringComparer.Ordinal));
        resource.MinAge = min;
        resource.MaxAge = max;
        resource.Contact = string.IsNullOrWhiteSpace(input.Contact) ? null : input.Contact.Trim();
        resource.ReferralRoute = string.IsNullOrWhiteSpace(input.ReferralRoute) ? null : input.ReferralRoute.Trim();
        resource.UpdatedAt = now;
        resource.UpdatedBy = db.Actor.UserName;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return ([new FieldError("Name", "The directory already has a resource with this name")], null);
        }

        return ([], resource.Id);
    }

    public static ResourceView View(CommunityResource r, IReadOnlyDictionary<string, string> districtNames)
    {
        var districts = Codes.Split(r.Districts);
        var names = districts.Count == 0 ? "Whole area" : string.Join(", ", districts.Select(d => districtNames.GetValueOrDefault(d, d)));
        return new ResourceView(r.Id, r.Name, r.Kind, Codes.ResourceKind.GetValueOrDefault(r.Kind, r.Kind), districts, names, r.MinAge, r.MaxAge, r.Contact, r.ReferralRoute);
    }

    private static int? Age(string? text, string field, string which, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var age) && age is >= 0 and <= 25)
        {
            return age;
        }

        errors.Add(new FieldError(field, $"Enter the {which} age as a whole number from 0 to 25, or leave it blank"));
        return null;
    }
}
