using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

public sealed record AdultInput(string? Name, string? Aliases, string? Description, string? Vehicles, string? PhoneNumbers, string? Area);

public sealed record LocationInput(string? Name, string? Kind, string? Address, string? DistrictCode, string? Description);

// Adults and locations of concern (issue #5 §3).
public sealed partial class MaceWork
{
    public async Task<(AdultOfConcern? Adult, IReadOnlyList<FieldError> Errors)> CreateAdultAsync(AdultInput input, CancellationToken cancellationToken = default)
    {
        var errors = AdultErrors(input);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetCurrentInstant();
        var adult = new AdultOfConcern
        {
            Id = Guid.NewGuid(),
            Reference = RecordReferences.New("AOC"),
            Name = input.Name!.Trim(),
            Aliases = Blank(input.Aliases),
            Description = Blank(input.Description),
            Vehicles = Blank(input.Vehicles),
            PhoneNumbers = Blank(input.PhoneNumbers),
            Area = Blank(input.Area),
            RecordedBy = Who,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.AdultsOfConcern.Add(adult);
        await db.SaveChangesAsync(cancellationToken);
        return (adult, []);
    }

    /// <summary>Updates an adult of concern's details (a new alias, vehicle or number); a stale form is refused.</summary>
    public async Task<IReadOnlyList<FieldError>> UpdateAdultAsync(Guid id, AdultInput input, int version, CancellationToken cancellationToken = default)
    {
        var adult = await db.AdultsOfConcern.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (adult is null)
        {
            return [new FieldError("adult", "The adult was not found.")];
        }

        var errors = AdultErrors(input);
        if (errors.Count > 0)
        {
            return errors;
        }

        (adult.Name, adult.Aliases, adult.Description, adult.Vehicles, adult.PhoneNumbers, adult.Area) =
            (input.Name!.Trim(), Blank(input.Aliases), Blank(input.Description), Blank(input.Vehicles), Blank(input.PhoneNumbers), Blank(input.Area));
        db.Entry(adult).Property(a => a.Version).OriginalValue = version;
        return await SaveAsync("Name", cancellationToken);
    }

    public async Task<(LocationOfConcern? Location, IReadOnlyList<FieldError> Errors)> CreateLocationAsync(LocationInput input, CancellationToken cancellationToken = default)
    {
        var errors = await LocationErrorsAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetCurrentInstant();
        var location = new LocationOfConcern
        {
            Id = Guid.NewGuid(),
            Reference = RecordReferences.New("LOC"),
            Name = input.Name!.Trim(),
            Kind = input.Kind!,
            Address = Blank(input.Address),
            DistrictCode = Blank(input.DistrictCode),
            Description = Blank(input.Description),
            RecordedBy = Who,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.LocationsOfConcern.Add(location);
        await db.SaveChangesAsync(cancellationToken);
        return (location, []);
    }

    /// <summary>Updates a location of concern's details; a stale form is refused.</summary>
    public async Task<IReadOnlyList<FieldError>> UpdateLocationAsync(Guid id, LocationInput input, int version, CancellationToken cancellationToken = default)
    {
        var location = await db.LocationsOfConcern.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (location is null)
        {
            return [new FieldError("location", "The location was not found.")];
        }

        var errors = await LocationErrorsAsync(input, cancellationToken);
        if (errors.Count > 0)
        {
            return errors;
        }

        (location.Name, location.Kind, location.Address, location.DistrictCode, location.Description) =
            (input.Name!.Trim(), input.Kind!, Blank(input.Address), Blank(input.DistrictCode), Blank(input.Description));
        db.Entry(location).Property(l => l.Version).OriginalValue = version;
        return await SaveAsync("Name", cancellationToken);
    }

    /// <summary>Adults and locations of concern to choose from (by name), the first 500 of each.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ConcernChoicesAsync(CancellationToken cancellationToken = default)
    {
        var adults = await db.AdultsOfConcern.AsNoTracking().OrderBy(a => a.Name).Take(500).Select(a => new { a.Id, a.Name, a.Reference }).ToListAsync(cancellationToken);
        var locations = await db.LocationsOfConcern.AsNoTracking().OrderBy(l => l.Name).Take(500).Select(l => new { l.Id, l.Name, l.Reference }).ToListAsync(cancellationToken);
        return [.. adults.Select(a => new KeyValuePair<string, string>($"adult:{a.Id}", $"Adult: {a.Name} ({a.Reference})")),
            .. locations.Select(l => new KeyValuePair<string, string>($"location:{l.Id}", $"Location: {l.Name} ({l.Reference})"))];
    }

    private static List<FieldError> AdultErrors(AdultInput input)
    {
        var errors = new List<FieldError>();
        Text(errors, "Name", input.Name, 200, "the adult's name or a description if not known", required: true);
        Text(errors, "Aliases", input.Aliases, 1000, "aliases", required: false);
        Text(errors, "Description", input.Description, 4000, "a description", required: false);
        Text(errors, "Vehicles", input.Vehicles, 1000, "vehicles", required: false);
        Text(errors, "PhoneNumbers", input.PhoneNumbers, 1000, "phone numbers", required: false);
        Text(errors, "Area", input.Area, 200, "the area", required: false);
        return errors;
    }

    private async Task<List<FieldError>> LocationErrorsAsync(LocationInput input, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        Text(errors, "Name", input.Name, 200, "the location's name", required: true);
        Text(errors, "Address", input.Address, 500, "the address or area", required: false);
        Text(errors, "Description", input.Description, 4000, "a description", required: false);
        if (input.Kind is null || !MaceVocabulary.LocationKinds.ContainsKey(input.Kind))
        {
            errors.Add(new FieldError("Kind", "Select the kind of location"));
        }

        if (!string.IsNullOrWhiteSpace(input.DistrictCode) && !await db.Areas.AnyAsync(a => a.GssCode == input.DistrictCode, cancellationToken))
        {
            errors.Add(new FieldError("DistrictCode", "Select a district of the area, or leave it blank"));
        }

        return errors;
    }
}
