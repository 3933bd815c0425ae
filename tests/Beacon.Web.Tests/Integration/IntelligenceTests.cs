using System.Net;
using Beacon.Domain.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Collective intelligence across completed RHIs (issue #4 §3), from hand-made interviews in financial year 2021.</summary>
public abstract class IntelligenceTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task Places_and_associates_shared_by_children_link_them_and_district_hotspots_show_but_only_to_those_who_may_see_them()
    {
        App.SkipIfUnavailable();
        await App.WithDb(async db =>
        {
            var county = await db.Organisations.Where(o => o.Code == "LA-860").Select(o => o.Id).SingleAsync();
            var now = SystemClock.Instance.GetCurrentInstant();
            var n = 0;
            foreach (var (where, who, indicators) in new[]
            {
                ("Nearby, at Riverside Car Park behind the shops", "Uncle Dez and his cousin", "OLDER_ASSOCIATES"),
                ("The Riverside Car Park. It's nearby.", "A man called Dez", "NONE"),
                ("Somewhere nearby. Bus station", "Nobody", "NONE"),
                ("Nearby, at the shop near home", "Friends from home", "NONE"),
            })
            {
                var child = new Child
                {
                    Id = Guid.NewGuid(),
                    Reference = $"INT-{++n}",
                    GivenName = "Intel",
                    FamilyName = $"Child{n}",
                    DateOfBirth = new LocalDate(2008, 3, 3),
                    Gender = "male",
                    HostDistrictCode = "E07000197",
                    HostAuthorityId = county,
                    ResponsibleAuthorityId = county,
                    LivingSituation = "HOME",
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Children.Add(child);
                db.ReturnInterviews.Add(new ReturnInterview
                {
                    Id = Guid.NewGuid(),
                    ChildId = child.Id,
                    Reference = $"INT-R{n}",
                    Status = RhiStatus.Completed,
                    FirstReturnedAt = Instant.FromUtc(2021, 9, 10 + n, 12, 0),
                    DueAt = Instant.FromUtc(2021, 9, 13 + n, 12, 0),
                    OfferedAt = Instant.FromUtc(2021, 9, 11 + n, 12, 0),
                    Reasons = "PEER_FRIENDS,FAMILY",
                    PrimaryReason = "PEER_FRIENDS",
                    WhereWent = where,
                    WithWhom = who,
                    ExploitationIndicators = indicators,
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            return await db.SaveChangesAsync();
        });

        // Two children who both said "nearby" (and "the shop", "home") are not linked; two who named the same place and
        // the same person are, with the words each used and the interviews they came from (issue #17 §6).
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = await practitioner.GetStringAsync("/reports/intelligence?year=2021&locality=North");
        Assert.Contains("From 4 completed interviews", page);
        var links = page[page.IndexOf("id=\"links\"", StringComparison.Ordinal)..];
        Assert.Contains("INT-1 and INT-2", links);
        Assert.DoesNotContain("INT-3", links);
        Assert.DoesNotContain("INT-4", links);
        Assert.DoesNotContain("nearby", links, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("“Riverside Car Park” (INT-R1, INT-R2)", links);
        Assert.Contains("“Dez” (INT-R1, INT-R2)", links);
        var places = page[page.IndexOf("id=\"places\"", StringComparison.Ordinal)..page.IndexOf("id=\"associates\"", StringComparison.Ordinal)];
        Assert.Contains(">Riverside Car Park</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">2</td>", places);
        Assert.Matches("INT-1, <a[^>]+>INT-R1</a>: “Riverside Car Park”", places);
        Assert.DoesNotContain("shop", places);
        Assert.DoesNotContain("nearby", places, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<th scope=\"row\" class=\"govuk-table__header\">Stafford</th><td class=\"govuk-table__cell govuk-table__cell--numeric\">4</td><td class=\"govuk-table__cell govuk-table__cell--numeric\">1</td>", page);

        var city = await App.SignInAsync(BeaconApp.CityWorker);
        Assert.Contains("From 0 completed interviews", await city.GetStringAsync("/reports/intelligence?year=2021"));
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        Assert.Equal(HttpStatusCode.Redirect, (await analyst.GetAsync("/reports/intelligence")).StatusCode);
    }
}

public sealed class SqliteIntelligenceTests(SqliteApp app) : IntelligenceTests<SqliteApp>(app);

public sealed class PostgresIntelligenceTests(PostgresApp app) : IntelligenceTests<PostgresApp>(app);
