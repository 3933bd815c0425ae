using Beacon.Domain.Organisations;
using Beacon.Web.Features.Admin;
using Beacon.Web.Features.Organisations;
using Beacon.Web.Infrastructure;
using Beacon.Web.Infrastructure.Data;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Demo;

/// <summary>A demo account listed in the README and printed at start-up.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string OrganisationCode, string Role, string? Team = null, string? Locality = null);

/// <summary>
/// Seeds clearly synthetic demo data (<c>beacon demo seed</c>, or start-up with demo mode on): two placing councils,
/// one user per role at the partner organisations, and a caseload of invented children. All names come from Bogus;
/// all email addresses use the reserved <c>.example</c> domain. Idempotent.
/// </summary>
public sealed class DemoSeeder(BeaconDbContext db, UserAdministration admin, IOptions<BeaconOptions> options, IClock clock, ILogger<DemoSeeder> logger, DemoMace mace)
{
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("practitioner@provider.beacon.example", "Pat Practitioner (demo)", "PROVIDER", Roles.Practitioner, "North RHI team", "North"),
        new("mentor@provider.beacon.example", "Morgan Mentor (demo)", "PROVIDER", Roles.Mentor),
        new("team.manager@provider.beacon.example", "Taylor Manager (demo)", "PROVIDER", Roles.TeamManager, "North RHI team", "North"),
        new("panel.chair@provider.beacon.example", "Parker Chair (demo)", "PROVIDER", Roles.PanelChair),
        new("service.manager@provider.beacon.example", "Sam Service-Manager (demo)", "PROVIDER", Roles.ServiceManager),
        new("admin@provider.beacon.example", "Ash Administrator (demo)", "PROVIDER", Roles.SystemAdministrator),
        new("analyst@commissioner.beacon.example", "Alex Analyst (demo)", "OPCC", Roles.Analyst),
        new("police.liaison@police.beacon.example", "Robin Police-Liaison (demo)", "POLICE-STAFFS", Roles.PoliceLiaison),
        new("panel.member@police.beacon.example", "Riley Panel-Member (demo)", "POLICE-STAFFS", Roles.PanelMember),
        new("social.worker@county.beacon.example", "Casey County-Worker (demo)", "LA-860", Roles.Practitioner),
        new("social.worker@city.beacon.example", "Jordan City-Worker (demo)", "LA-861", Roles.Practitioner),
    ];

    /// <summary>Councils outside the partnership that place children here in the demo.</summary>
    private static readonly (int Dfe, string Name)[] PlacingAuthorities = [(330, "Birmingham"), (893, "Shropshire")];

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (dfe, name) in PlacingAuthorities)
        {
            var code = ReferenceDataSeeder.AuthorityCode(dfe);
            if (!await db.Organisations.AnyAsync(o => o.Code == code, cancellationToken))
            {
                db.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Code = code, Name = name, Kind = OrganisationKind.LocalAuthority, DfeLaNumber = dfe });
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        var password = options.Value.Demo.Password;
        foreach (var account in Accounts)
        {
            if (await db.Users.AnyAsync(u => u.NormalizedEmail == account.Email.ToUpperInvariant(), cancellationToken)
                || !await db.Organisations.AnyAsync(o => o.Code == account.OrganisationCode, cancellationToken))
            {
                continue;
            }

            var result = await admin.CreateAsync(new CreateUserCommand(account.Email, account.DisplayName, account.OrganisationCode, [account.Role], password, account.Team, IsDemo: true, Locality: account.Locality), cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {account.Email}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
            }
        }

        await SeedChildrenAsync(options.Value.Demo.Children, cancellationToken);
        await mace.SeedAsync(cancellationToken);
    }

    private async Task SeedChildrenAsync(int count, CancellationToken cancellationToken)
    {
        if (await db.Children.IgnoreQueryFilters().AnyAsync(c => c.Reference.StartsWith("DEMO-"), cancellationToken))
        {
            return;
        }

        var districts = await db.Areas.Where(a => a.Kind != "county").OrderBy(a => a.GssCode).ToListAsync(cancellationToken);
        var organisations = await db.Organisations.ToListAsync(cancellationToken);
        var placing = organisations.Where(o => PlacingAuthorities.Any(p => p.Dfe == o.DfeLaNumber)).ToList();
        var police = organisations.FirstOrDefault(o => o.Kind == OrganisationKind.Police);
        var mentor = await db.Users.SingleOrDefaultAsync(u => u.Email == "mentor@provider.beacon.example", cancellationToken);
        var now = clock.GetCurrentInstant();
        var today = now.InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date;

        var faker = new Faker("en_GB") { Random = new Randomizer(20261122) };
        for (var i = 1; i <= count; i++)
        {
            var district = faker.PickRandom(districts);
            var situation = faker.PickRandom("HOME", "LA_CARE", "PLACED_BY_OTHER_LA");
            var responsible = situation == "PLACED_BY_OTHER_LA" && placing.Count > 0 ? faker.PickRandom(placing).Id : district.AuthorityId;
            var female = faker.Random.Bool(0.55f);
            db.Children.Add(new Child
            {
                Id = Guid.NewGuid(),
                Reference = $"DEMO-{i:D5}",
                GivenName = faker.Name.FirstName(female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male),
                FamilyName = faker.Name.LastName(),
                DateOfBirth = today.PlusDays(-faker.Random.Int(10 * 365, (18 * 365) - 10)),
                Gender = female ? "female" : "male",
                EthnicityCode = faker.PickRandom("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "APKN", "BCRB", "NOBT"),
                HostDistrictCode = district.GssCode,
                HostAuthorityId = district.AuthorityId,
                ResponsibleAuthorityId = responsible,
                LivingSituation = situation,
                NotifyingPoliceForceId = police?.Id,
                MatchedMentorId = mentor is not null && i % 10 == 0 ? mentor.Id : null,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded {Count} synthetic demo children", count);
    }
}
