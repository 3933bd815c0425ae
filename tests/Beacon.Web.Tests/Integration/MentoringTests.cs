using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Beacon.Domain.Mentoring;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Mentors (issue #20 §1–§3; docs/decisions/0022): vetting decides who may be matched, a mentor sees only
/// their current mentees and only mentoring records, and a safeguarding concern alerts the key worker once.</summary>
public abstract class MentoringTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    public const string Coordinator = "coordinator@provider.beacon.example";

    protected TApp App { get; } = app;

    private static LocalDate Today => SystemClock.Instance.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    private static string F(LocalDate d) => d.ToString("d/M/yyyy", null);

    /// <summary>A register entry, vetted and active unless told otherwise, optionally linked to a new Mentor user.</summary>
    private async Task<(Guid MentorId, string? Email)> MentorAsync(LocalDate? dbsDue = null, LocalDate? trainingDue = null, bool withUser = false)
    {
        string? email = null;
        Guid? userId = null;
        if (withUser)
        {
            email = $"mentor-{Guid.NewGuid():N}@provider.beacon.example";
            using var scope = App.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
            var created = await scope.ServiceProvider.GetRequiredService<Beacon.Web.Features.Admin.UserAdministration>()
                .CreateAsync(new Beacon.Web.Features.Admin.CreateUserCommand(email, "Test Mentor", "PROVIDER", [Roles.Mentor], BeaconApp.Password, null), TestContext.Current.CancellationToken);
            Assert.True(created.Succeeded);
            userId = await App.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        }

        var id = await App.WithDb(async db =>
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            var mentor = new Mentor
            {
                Id = Guid.NewGuid(),
                Name = "Test Mentor",
                Kind = Mentor.LivedExperienceMentor,
                Status = MentorStatus.Active,
                UserId = userId,
                DbsCheckedOn = Today.PlusYears(-1),
                DbsCertificateNumber = "001122334455",
                DbsRenewalDueOn = dbsDue ?? Today.PlusYears(2),
                ReferencesReceived = 2,
                SafeguardingTrainedOn = Today.PlusMonths(-1),
                SafeguardingDueOn = trainingDue ?? Today.PlusMonths(11),
                AgreementSignedOn = Today.PlusMonths(-1),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Set<Mentor>().Add(mentor);
            await db.SaveChangesAsync();
            return mentor.Id;
        });
        return (id, email);
    }

    private Task<int> MatchesAsync(Guid mentorId) => App.WithDb(db => db.Set<MentorMatch>().CountAsync(m => m.MentorId == mentorId));

    private Task MatchDirectlyAsync(Guid mentorId, Guid childId) => App.WithDb(async db =>
    {
        db.Set<MentorMatch>().Add(new MentorMatch
        {
            Id = Guid.NewGuid(),
            MentorId = mentorId,
            ChildId = childId,
            StartedOn = Today.PlusDays(-7),
            ChildAgreedOn = Today.PlusDays(-7),
            Goals = "Confidence",
            CreatedBy = "test",
            CreatedAt = SystemClock.Instance.GetCurrentInstant(),
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task A_lapsed_dbs_blocks_a_match_and_a_renewed_one_allows_it()
    {
        App.SkipIfUnavailable();
        var (mentorId, _) = await MentorAsync(dbsDue: Today.PlusDays(-1));
        var coordinator = await App.SignInAsync(Coordinator);
        Dictionary<string, string> Form() => new()
        {
            ["ChildReference"] = "TEST-COUNTY",
            ["StartedOn"] = F(Today),
            ["ChildAgreedOn"] = F(Today),
            ["Goals"] = "Join a club",
        };

        var refused = await BeaconApp.PostFormAsync(coordinator, $"/mentoring/{mentorId}?handler=Match", Form(), $"/mentoring/{mentorId}");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("lapsed DBS check", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await MatchesAsync(mentorId));

        var renewed = await BeaconApp.PostFormAsync(coordinator, $"/mentoring/{mentorId}?handler=Vetting", new()
        {
            ["DbsCheckedOn"] = F(Today),
            ["DbsCertificateNumber"] = "009988776655",
            ["DbsRenewalDueOn"] = F(Today.PlusYears(3)),
            ["ReferencesReceived"] = "2",
            ["SafeguardingTrainedOn"] = F(Today.PlusMonths(-1)),
            ["SafeguardingDueOn"] = F(Today.PlusMonths(11)),
            ["AgreementSignedOn"] = F(Today.PlusMonths(-1)),
        }, $"/mentoring/{mentorId}");
        Assert.Equal(HttpStatusCode.Redirect, renewed.StatusCode);
        var matched = await BeaconApp.PostFormAsync(coordinator, $"/mentoring/{mentorId}?handler=Match", Form(), $"/mentoring/{mentorId}");
        Assert.Equal(HttpStatusCode.Redirect, matched.StatusCode);
        Assert.Equal(1, await MatchesAsync(mentorId));

        // Stoke-on-Trent's test child is looked after: the council's agreement is needed too.
        var city = Form();
        city["ChildReference"] = "TEST-CITY";
        var noCouncil = await BeaconApp.PostFormAsync(coordinator, $"/mentoring/{mentorId}?handler=Match", city, $"/mentoring/{mentorId}");
        Assert.Contains("responsible council agreed", await noCouncil.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await MatchesAsync(mentorId));
    }

    [Fact]
    public async Task A_mentor_sees_only_current_mentees_through_pages_and_api_and_never_police_or_mace_records()
    {
        App.SkipIfUnavailable();
        var (mentorId, email) = await MentorAsync(withUser: true);
        await MatchDirectlyAsync(mentorId, App.CountyChildId);
        var (policeReference, personId) = await CountyEpisodeAsync();
        await ClosedReferralAsync(Guid.Empty);
        var pages = await App.SignInAsync(email!);
        var api = await App.ApiAsync(email!);

        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/mentees");
        Assert.Equal([App.CountyChildId], list.EnumerateArray().Select(m => m.GetProperty("child_id").GetGuid()));
        var mentee = await api.GetStringAsync($"/api/v1/mentees/{App.CountyChildId}");
        var page = await pages.GetStringAsync($"/mentees/{App.CountyChildId}");
        foreach (var body in new[] { mentee, page })
        {
            Assert.Contains("Countyone", body, StringComparison.Ordinal);
            Assert.DoesNotContain(policeReference, body, StringComparison.Ordinal);
            Assert.DoesNotContain(personId, body, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/mentees/{App.CityChildId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/mentees/{App.CityChildId}")).StatusCode);
        Assert.DoesNotContain("Cityone", await pages.GetStringAsync("/mentees"), StringComparison.Ordinal);

        // The full record (police ids, episodes, referrals) is not for mentors, by page, API or MACE view.
        Assert.Equal($"/mentees/{App.CountyChildId}", (await pages.GetAsync($"/children/{App.CountyChildId}")).Headers.Location?.OriginalString);
        var full = await api.GetAsync($"/api/v1/children/{App.CountyChildId}");
        Assert.Equal(HttpStatusCode.NotFound, full.StatusCode);
        Assert.DoesNotContain(personId, await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/mentees", (await pages.GetAsync("/children?q=a")).Headers.Location?.OriginalString); // no list of dates of birth, districts, care
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/children?q={personId}")).StatusCode); // nor a search confirming ids
        var mace = await pages.GetAsync($"/mace/children/{App.CountyChildId}");
        Assert.NotEqual(HttpStatusCode.OK, mace.StatusCode);

        // And the database itself gives a mentor's queries the child and its mentoring records, nothing else.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var userId = await App.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
            var db = AsUser(scope, userId, Roles.Mentor);
            Assert.Equal([App.CountyChildId], await db.Children.Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Episodes.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.ReturnInterviews.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Referrals.CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(0, await db.Set<Beacon.Web.Features.Mace.AdultOfConcern>().CountAsync(TestContext.Current.CancellationToken));
            Assert.Equal(1, await db.Set<MentorMatch>().CountAsync(TestContext.Current.CancellationToken));
            Assert.True(await App.WithDb(async system => await system.Episodes.AnyAsync(e => e.ChildId == App.CountyChildId)
                && await system.Referrals.AnyAsync(r => r.ChildId == App.CountyChildId) && await system.Set<Beacon.Web.Features.Mace.AdultOfConcern>().AnyAsync()));
        }

        // Once the match ends, the child is out of view.
        await App.WithDb(async db =>
        {
            var match = await db.Set<MentorMatch>().SingleAsync(m => m.MentorId == mentorId);
            (match.EndedOn, match.EndReason) = (Today, "Goals met");
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/mentees/{App.CountyChildId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/children")).StatusCode); // mentors list mentees (ADR 22)
    }

    [Fact]
    public async Task A_safeguarding_concern_alerts_the_key_worker_and_manager_once()
    {
        App.SkipIfUnavailable();
        var (mentorId, email) = await MentorAsync(withUser: true);
        await MatchDirectlyAsync(mentorId, App.CountyChildId);
        var keyWorker = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        var manager = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.EmailFor(Roles.TeamManager)).Select(u => u.Id).SingleAsync());
        await ClosedReferralAsync(keyWorker); // key work has closed; mentoring goes on
        var api = await App.ApiAsync(email!);

        var contact = new { held_on = Today.ToString("yyyy-MM-dd", null), minutes = 60, kind = "face-to-face", place = "Youth centre", notes = "Played pool", safeguarding_concern = "Mentioned an older man offering lifts" };
        var created = await api.PostAsJsonAsync($"/api/v1/mentees/{App.CountyChildId}/contacts", contact);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/mentees/{App.CountyChildId}/contacts", contact with { safeguarding_concern = (string)null! })).StatusCode);
        await App.RunJobAsync("alert-scan");

        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.Kind == MentorMatching.ConcernAlert && a.Link == $"/children/{App.CountyChildId}/mentoring").ToListAsync());
        Assert.Single(alerts, a => a.UserId == keyWorker);
        Assert.Single(alerts, a => a.UserId == manager);
        Assert.All(alerts, a => Assert.DoesNotContain("Countyone", a.Title, StringComparison.Ordinal));

        // The key worker opens the alert's page and sees the concern; the mentor cannot post for a child not theirs.
        var page = await (await App.SignInAsync(BeaconApp.Practitioner)).GetStringAsync($"/children/{App.CountyChildId}/mentoring");
        Assert.Contains("older man offering lifts", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/v1/mentees/{App.CityChildId}/contacts", contact)).StatusCode);
    }

    [Fact]
    public async Task Coordinators_are_alerted_once_when_a_dbs_renewal_is_due_and_again_when_it_lapses()
    {
        App.SkipIfUnavailable();
        var (soon, _) = await MentorAsync(dbsDue: Today.PlusDays(10));
        var (lapsed, _) = await MentorAsync(trainingDue: Today.PlusDays(-2));
        await App.RunJobAsync("mentor-vetting-scan");
        await App.RunJobAsync("mentor-vetting-scan");
        var coordinator = await App.WithDb(db => db.Users.Where(u => u.Email == Coordinator).Select(u => u.Id).SingleAsync());
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.UserId == coordinator).ToListAsync());
        Assert.Single(alerts, a => a.Kind == MentorVettingScan.DueAlert && a.Link == $"/mentoring/{soon}");
        Assert.Single(alerts, a => a.Kind == MentorVettingScan.LapsedAlert && a.Link == $"/mentoring/{lapsed}");
        var practitioner = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        Assert.False(await App.WithDb(db => db.Alerts.AnyAsync(a => a.UserId == practitioner && a.Link == $"/mentoring/{soon}")));
    }

    private static BeaconDbContext AsUser(AsyncServiceScope scope, Guid userId, string role)
    {
        var organisation = scope.ServiceProvider.GetRequiredService<BeaconDbContext>().Organisations.IgnoreQueryFilters().Single(o => o.Code == "PROVIDER").Id;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString()), new Claim(ClaimTypes.Role, role), new Claim(BeaconClaims.OrganisationId, organisation.ToString()),
            new Claim(BeaconClaims.OrganisationKind, nameof(OrganisationKind.Provider)),
        ], "test"));
        var actor = new CurrentActor(new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } });
        return new BeaconDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<BeaconDbContext>>(), actor, SystemClock.Instance);
    }

    /// <summary>A police notification attached to the county test child: its police reference and person id.</summary>
    private async Task<(string Reference, string PersonId)> CountyEpisodeAsync()
    {
        var personId = $"PP{Guid.NewGuid():N}"[..18];
        var body = Notifications.Valid(personId: personId);
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var result = await (await police.PostAsJsonAsync("/api/v1/notifications", body)).Content.ReadFromJsonAsync<JsonElement>();
        var episode = result.GetProperty("episode_id").GetGuid();
        await App.WithDb(async db =>
        {
            var e = await db.Episodes.SingleAsync(x => x.Id == episode);
            e.ChildId = App.CountyChildId;
            var interview = await db.ReturnInterviews.SingleAsync(r => r.Id == e.ReturnInterviewId);
            interview.ChildId = App.CountyChildId;
            var child = await db.Children.SingleAsync(c => c.Id == App.CountyChildId);
            child.PolicePersonId = personId;
            return await db.SaveChangesAsync();
        });
        return (body["police_reference"]!, personId);
    }

    private Task ClosedReferralAsync(Guid keyWorker) => App.WithDb(async db =>
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var template = await db.Set<RfmTemplateVersion>().MaxAsync(v => v.Version);
        db.Referrals.Add(new Referral
        {
            Id = Guid.NewGuid(),
            TemplateVersion = template,
            ChildId = App.CountyChildId,
            Reference = $"REF-{Guid.NewGuid():N}"[..14],
            Answers = "{}",
            ExploitationTypes = "CSE",
            ReferrerName = "Test",
            ReferrerAgency = "school",
            ReceivedOn = Today.PlusMonths(-3),
            Status = Referral.Closed,
            ClosedOn = Today.PlusDays(-10),
            KeyWorkerId = keyWorker == Guid.Empty ? null : keyWorker,
            CreatedAt = now,
            UpdatedAt = now,
        });
        return await db.SaveChangesAsync();
    });
}

public sealed class SqliteMentoringTests(SqliteApp app) : MentoringTests<SqliteApp>(app);

public sealed class PostgresMentoringTests(PostgresApp app) : MentoringTests<PostgresApp>(app);
