using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.Organisations;

/// <summary>Configuration section <c>Beacon:Partnership</c>: who the partnership's organisations are.</summary>
public sealed class PartnershipOptions
{
    public const string Section = "Beacon:Partnership";

    /// <summary>CSV of areas (columns as shared/reference/areas.csv, plus an optional <c>mace_panel</c>). Empty: the built-in
    /// Staffordshire and Stoke-on-Trent file.</summary>
    public string? AreasFile { get; set; }

    public OrganisationSetting Provider { get; set; } = new() { Code = "PROVIDER", Name = "Service provider (lead charity)" };

    /// <summary>Police forces; default: the first deployment's force.</summary>
    public List<OrganisationSetting>? PoliceForces { get; set; }

    /// <summary>Commissioning bodies other than the councils; default: the police, fire and crime commissioner's office.</summary>
    public List<OrganisationSetting>? Commissioners { get; set; }

    public IEnumerable<OrganisationSetting> EffectivePoliceForces => PoliceForces ?? [new() { Code = "POLICE-STAFFS", Name = "Staffordshire Police" }];

    public IEnumerable<OrganisationSetting> EffectiveCommissioners => Commissioners ?? [new() { Code = "OPCC", Name = "Office of the Police, Fire and Crime Commissioner" }];

    public sealed class OrganisationSetting
    {
        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;
    }
}

/// <summary>
/// Makes the reference data match configuration at start-up (idempotent): the councils and areas of the partnership
/// from the areas file, its police forces, commissioners and provider. Other councils (placing authorities) are added
/// by administrators (<c>beacon organisations add-authority</c>) or on first use.
/// </summary>
public sealed class ReferenceDataSeeder(BeaconDbContext db, IOptions<PartnershipOptions> options)
{
    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var rows = ReadAreas(settings.AreasFile);

        var existing = await db.Organisations.ToDictionaryAsync(o => o.Code, cancellationToken);
        Organisation Upsert(string code, string name, OrganisationKind kind, int? dfe = null, string? gss = null)
        {
            if (!existing.TryGetValue(code, out var organisation))
            {
                organisation = new Organisation { Id = Guid.NewGuid(), Code = code, Name = name, Kind = kind };
                db.Organisations.Add(organisation);
                existing[code] = organisation;
            }

            organisation.Name = name;
            organisation.Kind = kind;
            organisation.DfeLaNumber = dfe;
            organisation.GssCode = gss;
            return organisation;
        }

        Upsert(settings.Provider.Code, settings.Provider.Name, OrganisationKind.Provider);
        foreach (var police in settings.EffectivePoliceForces)
        {
            Upsert(police.Code, police.Name, OrganisationKind.Police);
        }

        foreach (var commissioner in settings.EffectiveCommissioners)
        {
            Upsert(commissioner.Code, commissioner.Name, OrganisationKind.Commissioner);
        }

        var authorityByGss = new Dictionary<string, Organisation>();
        foreach (var row in rows.Where(r => r.DfeLaNumber is not null))
        {
            authorityByGss[row.GssCode] = Upsert(AuthorityCode(row.DfeLaNumber!.Value), row.Name, OrganisationKind.LocalAuthority, row.DfeLaNumber, row.GssCode);
        }

        var areas = await db.Areas.ToDictionaryAsync(a => a.GssCode, cancellationToken);
        foreach (var row in rows)
        {
            var authorityGss = row.DfeLaNumber is not null ? row.GssCode : row.ParentGss ?? throw new InvalidDataException($"Area {row.GssCode} has neither a DfE number nor a parent authority.");
            if (!authorityByGss.TryGetValue(authorityGss, out var authority))
            {
                throw new InvalidDataException($"Area {row.GssCode}: parent authority {authorityGss} is not in the areas file.");
            }

            if (!areas.TryGetValue(row.GssCode, out var area))
            {
                area = new Area { GssCode = row.GssCode, Name = row.Name, Kind = row.Kind };
                db.Areas.Add(area);
            }

            area.Name = row.Name;
            area.Kind = row.Kind;
            area.ParentGssCode = row.ParentGss;
            area.Locality = row.Locality;
            area.MacePanel = row.MacePanel;
            area.AuthorityId = authority.Id;
        }

        // Every panel named in the reference data exists (chair and members are kept on the panel's page).
        var panels = await db.MacePanels.Select(p => p.Name).ToListAsync(cancellationToken);
        foreach (var name in rows.Select(r => r.MacePanel).OfType<string>().Distinct().Except(panels))
        {
            db.MacePanels.Add(new Mace.MacePanel { Name = name });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public static string AuthorityCode(int dfeLaNumber) => $"LA-{dfeLaNumber}";

    private sealed record AreaRow(string GssCode, string Name, string Kind, string? ParentGss, int? DfeLaNumber, string? Locality, string? MacePanel);

    private static List<AreaRow> ReadAreas(string? path)
    {
        string text;
        if (string.IsNullOrWhiteSpace(path))
        {
            using var stream = typeof(ReferenceDataSeeder).Assembly.GetManifestResourceStream("Beacon.Web.Features.Organisations.areas.csv")!;
            text = new StreamReader(stream).ReadToEnd();
        }
        else
        {
            text = File.ReadAllText(path);
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"Areas file lacks the column '{name}'.");
        var (gss, name, kind, parent, dfe, locality) = (Column("gss_code"), Column("name"), Column("kind"), Column("parent_authority_gss"), Column("dfe_la_number"), Column("locality"));
        var panel = Array.IndexOf(header, "mace_panel"); // optional: without it, Medium/High referrals wait for a panel to be named
        static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        return lines.Skip(1).Select(line => line.Split(',')).Select(f => new AreaRow(
            f[gss].Trim(), f[name].Trim(), f[kind].Trim(), Blank(f[parent]),
            Blank(f[dfe]) is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : null, Blank(f[locality]),
            panel >= 0 && panel < f.Length ? Blank(f[panel]) : null)).ToList();
    }
}
