using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Admin;
using Beacon.Web.Features.Organisations;
using Beacon.Web.Infrastructure;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
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
public sealed class DemoSeeder(BeaconDbContext db, UserAdministration admin, IOptions<BeaconOptions> options, IClock clock, ILogger<DemoSeeder> logger, DemoMace mace,
    Missing.NotificationIntake intake, Contract.DemoContract contract, DemoHistory history)
{
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("practitioner@provider.beacon.example", "Pat Practitioner (demo)", "PROVIDER", Roles.Practitioner, "North RHI team", "North"),
        new("mentor@provider.beacon.example", "Morgan Mentor (demo)", "PROVIDER", Roles.Mentor),
        new("coordinator@provider.beacon.example", "Corey Coordinator (demo)", "PROVIDER", Roles.MentorCoordinator),
        new("team.manager@provider.beacon.example", "Taylor Manager (demo)", "PROVIDER", Roles.TeamManager, "North RHI team", "North"),
        new("panel.chair@provider.beacon.example", "Parker Chair (demo)", "PROVIDER", Roles.PanelChair),
        new("service.manager@provider.beacon.example", "Sam Service-Manager (demo)", "PROVIDER", Roles.ServiceManager),
        new("admin@provider.beacon.example", "Ash Administrator (demo)", "PROVIDER", Roles.SystemAdministrator),
        new("data.protection@provider.beacon.example", "Drew Data-Protection (demo)", "PROVIDER", Roles.DataProtectionOfficer),
        new("analyst@commissioner.beacon.example", "Alex Analyst (demo)", "OPCC", Roles.Analyst),
        new("police.liaison@police.beacon.example", "Robin Police-Liaison (demo)", "POLICE-STAFFS", Roles.PoliceLiaison),
        new("panel.member@police.beacon.example", "Riley Panel-Member (demo)", "POLICE-STAFFS", Roles.PanelMember),
        new("social.worker@county.beacon.example", "Casey County-Worker (demo)", "LA-860", Roles.Practitioner),
        new("social.worker@city.beacon.example", "Jordan City-Worker (demo)", "LA-861", Roles.Practitioner),
        new("team.manager@county.beacon.example", "Charlie County-Manager (demo)", "LA-860", Roles.TeamManager),
        new("team.manager@city.beacon.example", "Dana City-Manager (demo)", "LA-861", Roles.TeamManager),
        new("police.liaison@neighbouring-police.beacon.example", "Quinn Neighbouring-Police (demo)", NeighbouringForceCode, Roles.PoliceLiaison),
    ];

    /// <summary>A second, neighbouring police force in the demo, so that the trust boundary between two forces can be seen
    /// and tested (issue #16): a partnership may configure several in <c>Beacon:Partnership:PoliceForces</c>.</summary>
    public const string NeighbouringForceCode = "POLICE-NEIGHBOUR";

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

        if (!await db.Organisations.AnyAsync(o => o.Code == NeighbouringForceCode, cancellationToken))
        {
            db.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Code = NeighbouringForceCode, Name = "Neighbouring Police (demo)", Kind = OrganisationKind.Police });
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
        await SeedEpisodesAsync(options.Value.Demo.Episodes, cancellationToken);
        await mace.SeedAsync(cancellationToken);
        await new Mentoring.DemoMentoring(db, clock).SeedAsync(cancellationToken);
        await new Onward.DemoOnward(db, clock).SeedAsync(cancellationToken);
        await contract.SeedAsync(cancellationToken);
        await history.SeedAsync(cancellationToken);
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
        var now = clock.GetCurrentInstant();
        var today = now.InZone(UkTime.Zone).Date;

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
                PolicePersonId = $"DEMO-PP-{i:D5}",
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded {Count} synthetic demo children", count);
    }

    /// <summary>
    /// Missing episodes for the first demo children, notified through the real intake and its rules (so each opens its
    /// RHI as a police notification would): returns spread so the work list has overdue, due-soon and to-offer
    /// interviews relative to now, and a quarter three to eight weeks old, those closed as a service would have.
    /// </summary>
    private async Task SeedEpisodesAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= 0 || await db.Episodes.IgnoreQueryFilters().AnyAsync(e => e.PoliceReference.StartsWith("DEMO-"), cancellationToken))
        {
            return;
        }

        var children = await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => c.Reference.StartsWith("DEMO-") && c.PolicePersonId != null)
            .OrderBy(c => c.Reference).Take(count).ToListAsync(cancellationToken);
        var dfe = await db.Organisations.AsNoTracking().Where(o => o.DfeLaNumber != null).ToDictionaryAsync(o => o.Id, o => o.DfeLaNumber!.Value, cancellationToken);
        var police = children.Select(c => c.NotifyingPoliceForceId).FirstOrDefault(); // the force whose person ids they carry
        var reference = await Missing.NotificationReferenceData.LoadAsync(db, cancellationToken);
        var now = Instant.FromUnixTimeSeconds(clock.GetCurrentInstant().ToUnixTimeSeconds());
        static string Iso(Instant at) => NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Format(at.WithOffset(Offset.Zero));
        var commands = new List<Missing.NotificationCommand>();
        for (var k = 0; k < children.Count; k++)
        {
            var child = children[k];
            var returnedHoursAgo = (k % 4) switch
            {
                0 => 80 + (k * 7 % 60), // overdue: no offer within 72 hours
                1 => 61 + (k % 10), // due within the next 12 hours
                2 => 6 + (k * 5 % 40), // to offer
                _ => 24 * (21 + (k * 3 % 35)), // history, closed below
            };
            var returned = now - Duration.FromHours(returnedHoursAgo);
            var input = new Missing.NotificationInput
            {
                PoliceReference = $"DEMO-{child.Reference[5..]}-1",
                PolicePersonId = child.PolicePersonId,
                GivenName = child.GivenName,
                FamilyName = child.FamilyName,
                DateOfBirth = child.DateOfBirth.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Gender = child.Gender,
                Ethnicity = child.EthnicityCode,
                DistrictCode = child.HostDistrictCode,
                LivingSituation = child.LivingSituation,
                ResponsibleAuthority = dfe.TryGetValue(child.ResponsibleAuthorityId, out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                ReportedMissingAt = Iso(returned - Duration.FromHours(5 + (k % 30))),
                ReturnedAt = Iso(returned),
                MissingOrAbsent = k % 5 == 0 ? "A" : "M",
                PoliceRisk = (k % 3) switch { 0 => "MEDIUM", 1 => "LOW", _ => "HIGH" },
                PreventionInterviewAt = Iso(returned + Duration.FromHours(2)),
                NotifiedAt = Iso(returned + Duration.FromHours(3)),
                Circumstances = "Synthetic demo episode.",
            };
            var (command, errors) = Missing.NotificationValidator.Validate(input, reference, now);
            if (command is null)
            {
                logger.LogWarning("Demo episode for {Child} not valid: {Errors}", child.Reference, string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
                continue;
            }

            commands.Add(command);
        }

        await intake.ReceiveAsync(commands, "demo", police, cancellationToken);

        // The old ones closed as the service would have: mostly completed, some declined or not offered. Not
        // SyntheticOutcomes: it draws each RHI's fate from its (random) id, so ten RHIs could all land the same way,
        // and a demo should always show each kind.
        var closing = await db.ReturnInterviews.IgnoreQueryFilters().Where(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt < now - Duration.FromDays(14)
            && db.Episodes.Any(e => e.ReturnInterviewId == r.Id && e.PoliceReference.StartsWith("DEMO-"))).ToListAsync(cancellationToken);
        for (var k = 0; k < closing.Count; k++)
        {
            var r = closing[k];
            r.OfferedAt = r.FirstReturnedAt + Duration.FromHours(20 + (k * 13 % 70));
            r.ClosedAt = r.OfferedAt + Duration.FromDays(2);
            (r.Status, r.Method, r.Venue, r.Reasons, r.PrimaryReason, r.DeclinedBy, r.NotOfferedReason, r.OfferedAt, r.InterviewedAt, r.SubmittedAt) = (k % 5) switch
            {
                3 => (RhiStatus.Declined, (string?)null, (string?)null, (string?)null, (string?)null, (string?)"CHILD", (string?)null, r.OfferedAt, (Instant?)null, (Instant?)null),
                4 => (RhiStatus.NotOffered, null, null, null, null, null, "RESPONSIBLE_AUTHORITY", null, null, null),
                _ => (RhiStatus.Completed, "FACE_TO_FACE", "HOME", "FAMILY,PEER_FRIENDS", "FAMILY", null, null, r.OfferedAt, r.ClosedAt, r.ClosedAt),
            };
            if (r.Status == RhiStatus.Completed)
            {
                (r.WhereWent, r.WithWhom, r.Harm, r.ExploitationIndicators, r.ChildsWords) =
                    ("A friend's house nearby.", "Friends from school.", "No harm reported.", "NONE", "I needed some space after an argument at home.");
            }

            r.OutcomeNote = "Synthetic demo outcome.";
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded {Count} synthetic demo missing episodes ({Closed} with closed RHIs)", commands.Count, closing.Count);
    }
}
