using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>A notification never moves a child to another organisation's view, and police references and person ids
/// are the notifying force's (issue #16 §1–2), through the API and CSV imports, on each database.</summary>
public abstract class NotificationBoundaryTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    private const string Stafford = "E07000197"; // a district of the county (860)
    private const string Stoke = "E06000021"; // the city (861)

    protected TApp App { get; } = app;

    private static Instant Now => SystemClock.Instance.GetCurrentInstant();

    /// <summary>A county child notified by the partnership's force ten hours ago, with an NHS number.</summary>
    private async Task<(Dictionary<string, string?> Body, Guid Child, Guid Episode)> CountyChildAsync()
    {
        var body = Notifications.Valid(now: Now - Duration.FromHours(10));
        body["date_of_birth"] = Notifications.RareBirthday();
        body["family_name"] = Notifications.DistinctFamilyName(); // no other test's child is a possible match
        body["nhs_number"] = Notifications.RandomNhsNumber();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var created = await police.PostAsJsonAsync("/api/v1/notifications", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var result = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (body, result.GetProperty("child_id").GetGuid(), result.GetProperty("episode_id").GetGuid());
    }

    /// <summary>The same child as notified now, living in the city, the city responsible.</summary>
    private static Dictionary<string, string?> MovedToCity(Dictionary<string, string?> first, string? personId = null)
    {
        var body = Notifications.Valid(personId: personId ?? first["police_person_id"], now: Now);
        foreach (var field in new[] { "given_name", "family_name", "date_of_birth", "nhs_number" })
        {
            body[field] = first[field];
        }

        body["district_code"] = Stoke;
        body["responsible_authority"] = "861";
        return body;
    }

    private async Task<(HttpStatusCode County, HttpStatusCode City)> WhoSeesAsync(Guid child) =>
        ((await (await App.ApiAsync(BeaconApp.CountyWorker)).GetAsync($"/api/v1/children/{child}")).StatusCode,
            (await (await App.ApiAsync(BeaconApp.CityWorker)).GetAsync($"/api/v1/children/{child}")).StatusCode);

    [Fact]
    public async Task A_second_force_naming_a_county_childs_person_id_or_nhs_number_gets_a_new_child_proposed_as_a_duplicate_and_moves_nothing()
    {
        App.SkipIfUnavailable();
        var (first, countyChild, _) = await CountyChildAsync();
        var neighbour = await App.ApiAsync(BeaconApp.SecondForceLiaison);

        var byPersonId = MovedToCity(first);
        byPersonId["nhs_number"] = null;
        var byNhs = MovedToCity(first, personId: $"PP-{Guid.NewGuid():N}"[..14]);
        byNhs["given_name"] = "Jordan"; // not a name match for the child just made from the first
        foreach (var body in new[] { byPersonId, byNhs })
        {
            var response = await neighbour.PostAsJsonAsync("/api/v1/notifications", body);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(countyChild.ToString(), text, StringComparison.OrdinalIgnoreCase);
            var result = JsonSerializer.Deserialize<JsonElement>(text);
            Assert.True(result.GetProperty("new_child").GetBoolean());
            Assert.Equal(0, result.GetProperty("possible_matches").GetInt32()); // the county child is not the neighbour's to know of
            var newChild = result.GetProperty("child_id").GetGuid();
            Assert.True(await App.WithDb(db => db.MatchProposals.AnyAsync(m => m.ChildId == newChild && m.CandidateChildId == countyChild && m.Status == "open")));
        }

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), await WhoSeesAsync(countyChild));
        Assert.Equal(first["district_code"], await App.WithDb(db => db.Children.Where(c => c.Id == countyChild).Select(c => c.HostDistrictCode).SingleAsync()));
        Assert.False(await App.WithDb(db => db.AuthorityChanges.AnyAsync(a => a.ChildId == countyChild)));
    }

    [Fact]
    public async Task A_forces_own_notification_moving_a_child_out_of_the_countys_view_waits_until_a_provider_caseworker_confirms_it()
    {
        App.SkipIfUnavailable();
        var (first, child, _) = await CountyChildAsync();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var moved = await police.PostAsJsonAsync("/api/v1/notifications", MovedToCity(first));
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        var result = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(child, result.GetProperty("child_id").GetGuid()); // the force's own child: it joins
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), await WhoSeesAsync(child));
        var change = await App.WithDb(db => db.AuthorityChanges.SingleAsync(a => a.ChildId == child));
        Assert.Equal("open", change.Status);

        var county = await App.SignInAsync(BeaconApp.CountyManager);
        Assert.NotEqual(HttpStatusCode.OK, (await county.GetAsync("/children/authority-changes")).StatusCode);
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Contains(first["family_name"]!, await practitioner.GetStringAsync("/children/authority-changes"));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "list" && e.RecordType == "AuthorityChange" && e.UserName == BeaconApp.Practitioner && e.Details!.Contains(change.Id.ToString()))),
            "the list of changes, which names children, is audited with the ids shown (issue #16 §8)");
        var confirmed = await BeaconApp.PostFormAsync(practitioner, "/children/authority-changes?handler=Confirm", new() { ["id"] = change.Id.ToString() }, "/children/authority-changes");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK), await WhoSeesAsync(child));
        Assert.Equal("confirmed", await App.WithDb(db => db.AuthorityChanges.Where(a => a.Id == change.Id).Select(a => a.Status).SingleAsync()));
        var practitionerId = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "authority-change-confirm" && e.RecordId == child.ToString() && e.UserId == practitionerId)));
    }

    [Fact]
    public async Task A_change_a_provider_caseworker_rejects_leaves_the_child_where_it_was()
    {
        App.SkipIfUnavailable();
        var (first, child, _) = await CountyChildAsync();
        await (await App.ApiAsync(BeaconApp.PoliceLiaison)).PostAsJsonAsync("/api/v1/notifications", MovedToCity(first));
        var change = await App.WithDb(db => db.AuthorityChanges.SingleAsync(a => a.ChildId == child));
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var rejected = await BeaconApp.PostFormAsync(practitioner, "/children/authority-changes?handler=Reject", new() { ["id"] = change.Id.ToString() }, "/children/authority-changes");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), await WhoSeesAsync(child));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "authority-change-reject" && e.RecordId == child.ToString())));
    }

    [Fact]
    public async Task A_held_change_that_a_later_notification_overtook_cannot_be_confirmed_and_the_child_stays_where_the_latest_says()
    {
        App.SkipIfUnavailable();
        var (first, child, _) = await CountyChildAsync();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", MovedToCity(first))).StatusCode);
        var change = await App.WithDb(db => db.AuthorityChanges.SingleAsync(a => a.ChildId == child));

        // A later episode says the child still lives in the county: the held move is out of date.
        var later = Notifications.Valid(personId: first["police_person_id"], now: Now + Duration.FromHours(1));
        foreach (var field in new[] { "given_name", "family_name", "date_of_birth", "nhs_number" })
        {
            later[field] = first[field];
        }

        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", later)).StatusCode);
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var confirmed = await BeaconApp.PostFormAsync(practitioner, "/children/authority-changes?handler=Confirm", new() { ["id"] = change.Id.ToString() }, "/children/authority-changes");

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("later notification", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), await WhoSeesAsync(child));
        Assert.Equal("superseded", await App.WithDb(db => db.AuthorityChanges.Where(a => a.Id == change.Id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task Another_force_sending_the_same_police_reference_makes_a_notification_of_its_own_and_learns_nothing_of_the_first()
    {
        App.SkipIfUnavailable();
        var (first, child, episode) = await CountyChildAsync();
        var stored = await App.WithDb(db => db.Episodes.AsNoTracking().SingleAsync(e => e.Id == episode));
        var neighbour = await App.ApiAsync(BeaconApp.SecondForceLiaison);

        // The same body (once "unchanged" with the child's id) and a contradicting one (once a 409 listing the fields).
        var contradicting = new Dictionary<string, string?>(first) { ["police_risk"] = "HIGH", ["police_person_id"] = $"PP-{Guid.NewGuid():N}"[..14] };
        var same = await neighbour.PostAsJsonAsync("/api/v1/notifications", first);
        Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        var own = await same.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("created", own.GetProperty("outcome").GetString());
        Assert.NotEqual(episode, own.GetProperty("episode_id").GetGuid());
        Assert.NotEqual(child, own.GetProperty("child_id").GetGuid());

        var again = await neighbour.PostAsJsonAsync("/api/v1/notifications", contradicting);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode); // contradicts the neighbour's own notification, not the first force's
        var problem = await again.Content.ReadAsStringAsync();
        Assert.DoesNotContain(episode.ToString(), problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(child.ToString(), problem, StringComparison.OrdinalIgnoreCase);

        var after = await App.WithDb(db => db.Episodes.AsNoTracking().SingleAsync(e => e.Id == episode));
        Assert.Equal((stored.ChildId, stored.PoliceRisk, stored.ReturnedAt, stored.UpdatedAt), (after.ChildId, after.PoliceRisk, after.ReturnedAt, after.UpdatedAt));
        Assert.Equal(2, await App.WithDb(db => db.Episodes.CountAsync(e => e.PoliceReference == first["police_reference"])));
        Assert.Equal(HttpStatusCode.NotFound, (await neighbour.GetAsync($"/api/v1/notifications/{episode}")).StatusCode);
    }

    [Fact]
    public async Task Resends_answered_unchanged_or_conflict_are_audited_with_who_the_reference_and_the_outcome()
    {
        App.SkipIfUnavailable();
        var (first, _, _) = await CountyChildAsync();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(HttpStatusCode.OK, (await police.PostAsJsonAsync("/api/v1/notifications", first)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await police.PostAsJsonAsync("/api/v1/notifications", new Dictionary<string, string?>(first) { ["police_risk"] = "HIGH" })).StatusCode);
        var user = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.PoliceLiaison).Select(u => u.Id).SingleAsync());
        var entries = await App.WithDb(db => db.AuditEntries.Where(e => e.Action == "notification-resend" && e.RecordId == first["police_reference"]).Select(e => new { e.UserId, e.Outcome }).ToListAsync());
        Assert.Equal(["conflict", "unchanged"], entries.Select(e => e.Outcome).Order());
        Assert.All(entries, e => Assert.Equal(user, e.UserId));
    }

    [Fact]
    public async Task A_second_forces_csv_import_naming_a_county_child_or_another_forces_reference_moves_nothing_and_reveals_nothing()
    {
        App.SkipIfUnavailable();
        var (first, countyChild, episode) = await CountyChildAsync();
        var moved = MovedToCity(first);
        var sameReference = new Dictionary<string, string?>(first) { ["police_risk"] = "HIGH" };
        var neighbour = await App.SignInAsync(BeaconApp.SecondForceLiaison);
        var uploaded = await ImportRunTests<TApp>.UploadAsync(neighbour, Notifications.Csv([moved, sameReference]));
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var report = await ImportRunTests<TApp>.WaitForReportAsync(neighbour, uploaded.Headers.Location!.OriginalString);
        Assert.Contains("2 rows read", report);
        Assert.Contains("2 new, 0 updated, 0 already received, 0 rejected", report);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), await WhoSeesAsync(countyChild));
        var neighbourChild = await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == moved["police_reference"]).Select(e => e.ChildId).SingleAsync());
        Assert.NotEqual(countyChild, neighbourChild);
        Assert.True(await App.WithDb(db => db.MatchProposals.AnyAsync(m => m.ChildId == neighbourChild && m.CandidateChildId == countyChild)));
        Assert.Equal("MEDIUM", await App.WithDb(db => db.Episodes.Where(e => e.Id == episode).Select(e => e.PoliceRisk).SingleAsync()));
    }

    [Fact]
    public async Task A_resend_of_a_notification_the_provider_merged_into_a_child_the_force_may_not_see_does_not_name_that_child()
    {
        App.SkipIfUnavailable();
        var (first, countyChild, _) = await CountyChildAsync();
        var neighbour = await App.ApiAsync(BeaconApp.SecondForceLiaison);
        var own = MovedToCity(first);
        var created = await (await neighbour.PostAsJsonAsync("/api/v1/notifications", own)).Content.ReadFromJsonAsync<JsonElement>();
        var proposal = await App.WithDb(db => db.MatchProposals.SingleAsync(m => m.ChildId == created.GetProperty("child_id").GetGuid() && m.CandidateChildId == countyChild));
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, "/children/matches?handler=Merge", new() { ["id"] = proposal.Id.ToString() }, "/children/matches")).StatusCode);

        var again = await neighbour.PostAsJsonAsync("/api/v1/notifications", own);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var text = await again.Content.ReadAsStringAsync();
        Assert.DoesNotContain(countyChild.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Null, JsonSerializer.Deserialize<JsonElement>(text).GetProperty("child_id").ValueKind);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), await WhoSeesAsync(countyChild)); // the merge moved no authority
    }

    [Fact]
    public async Task A_migrated_interview_naming_a_police_reference_two_forces_used_is_rejected_not_placed_on_either()
    {
        App.SkipIfUnavailable();
        var (first, _, episode) = await CountyChildAsync();
        Assert.Equal(HttpStatusCode.Created, (await (await App.ApiAsync(BeaconApp.SecondForceLiaison)).PostAsJsonAsync("/api/v1/notifications", first)).StatusCode);
        var columns = Beacon.Web.Features.ReturnInterviews.ReturnInterviewImport.Columns;
        var file = Path.Combine(Directory.CreateTempSubdirectory("beacon-import-").FullName, "rhis.csv");
        await File.WriteAllTextAsync(file, string.Join(",", columns) + "\n"
            + string.Join(",", $"OLD-{Guid.NewGuid():N}"[..16], first["police_reference"], first["prevention_interview_at"], "COMPLETED", first["notified_at"], "FACE_TO_FACE", "SCHOOL", "", "", "FAMILY") + "\n",
            TestContext.Current.CancellationToken);
        var output = new StringWriter();
        Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["import", "return-interviews", file], output, new StringWriter(), App.CliSettings));
        Assert.Contains("More than one police force notified the police reference", output.ToString());
        var rhi = await App.WithDb(db => db.Episodes.Where(e => e.Id == episode).Select(e => e.ReturnInterviewId).SingleAsync());
        Assert.Equal(Beacon.Domain.Missing.RhiStatus.AwaitingOffer, await App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == rhi).Select(r => r.Status).SingleAsync()));
    }

    private Task<Guid> ForceAsync(string code) => App.WithDb(db => db.Organisations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync());

    private static Dictionary<string, string> Form(Dictionary<string, string?> body) =>
        body.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);

    [Fact]
    public async Task Provider_staff_sending_a_notification_through_the_api_must_name_which_of_several_forces_notified()
    {
        App.SkipIfUnavailable();
        var provider = await App.ApiAsync(BeaconApp.Practitioner);
        var body = Notifications.Valid();
        var count = await App.WithDb(db => db.Episodes.CountAsync());

        var unnamed = await provider.PostAsJsonAsync("/api/v1/notifications", body);
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Contains("notifying_police_force", await unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await provider.PostAsJsonAsync("/api/v1/notifications", new Dictionary<string, string?>(body) { ["notifying_police_force"] = "LA-860" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(count, await App.WithDb(db => db.Episodes.CountAsync()));

        var named = await provider.PostAsJsonAsync("/api/v1/notifications", new Dictionary<string, string?>(body) { ["notifying_police_force"] = "POLICE-NEIGHBOUR" });
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        var episode = (await named.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("episode_id").GetGuid();
        var neighbour = await App.WithDb(db => db.Organisations.Where(o => o.Code == "POLICE-NEIGHBOUR").Select(o => o.Id).SingleAsync());
        Assert.Equal(neighbour, await App.WithDb(db => db.Episodes.Where(e => e.Id == episode).Select(e => e.NotifyingPoliceForceId).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await (await App.ApiAsync(BeaconApp.SecondForceLiaison)).GetAsync($"/api/v1/notifications/{episode}")).StatusCode);

        // A police caller always notifies as its own force, whatever it names.
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var own = await police.PostAsJsonAsync("/api/v1/notifications", new Dictionary<string, string?>(Notifications.Valid()) { ["notifying_police_force"] = "POLICE-NEIGHBOUR" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        var ownEpisode = (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("episode_id").GetGuid();
        Assert.NotEqual(neighbour, await App.WithDb(db => db.Episodes.Where(e => e.Id == ownEpisode).Select(e => e.NotifyingPoliceForceId).SingleAsync()));
    }

    [Fact]
    public async Task Provider_staff_entering_a_notification_on_the_duty_form_must_say_which_of_several_forces_notified()
    {
        App.SkipIfUnavailable();
        var neighbourForce = await ForceAsync("POLICE-NEIGHBOUR");
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = await practitioner.GetStringAsync("/notifications/new");
        Assert.Contains("Police force that notified", page);
        Assert.Contains($"value=\"{neighbourForce}\"", page);

        var body = Notifications.Valid();
        var unchosen = await BeaconApp.PostFormAsync(practitioner, "/notifications/new", Form(body));
        Assert.Equal(HttpStatusCode.OK, unchosen.StatusCode);
        var html = await unchosen.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("href=\"#notifying_police_force\"", html);
        Assert.Contains("Select the police force that notified the service", html);
        Assert.False(await App.WithDb(db => db.Episodes.AnyAsync(e => e.PoliceReference == body["police_reference"])));

        var chosen = Form(body);
        chosen["notifying_police_force"] = neighbourForce.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, "/notifications/new", chosen)).StatusCode);
        var episode = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PoliceReference == body["police_reference"]));
        Assert.Equal(neighbourForce, episode.NotifyingPoliceForceId);
        Assert.Equal(HttpStatusCode.OK, (await (await App.ApiAsync(BeaconApp.SecondForceLiaison)).GetAsync($"/api/v1/children/{episode.ChildId}")).StatusCode);
    }

    [Fact]
    public async Task Provider_staff_uploading_a_csv_must_say_which_of_several_forces_notified_and_a_force_uploads_as_itself()
    {
        App.SkipIfUnavailable();
        var neighbourForce = await ForceAsync("POLICE-NEIGHBOUR");
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Contains("Police force that notified", await practitioner.GetStringAsync("/notifications/import"));
        var row = Notifications.Valid();
        var unchosen = await ImportRunTests<TApp>.UploadAsync(practitioner, Notifications.Csv([row]));
        Assert.Equal(HttpStatusCode.OK, unchosen.StatusCode);
        var html = await unchosen.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#notifying_police_force\"", html);
        Assert.Contains("Select the police force that notified the service", html);

        var uploaded = await ImportRunTests<TApp>.UploadAsync(practitioner, Notifications.Csv([row]), neighbourForce);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        Assert.Contains("1 new, 0 updated", await ImportRunTests<TApp>.WaitForReportAsync(practitioner, uploaded.Headers.Location!.OriginalString));
        Assert.Equal(neighbourForce, await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == row["police_reference"]).Select(e => e.NotifyingPoliceForceId).SingleAsync()));

        var police = await App.SignInAsync(BeaconApp.PoliceLiaison);
        Assert.DoesNotContain("Police force that notified", await police.GetStringAsync("/notifications/import"));
        var own = Notifications.Valid();
        var byPolice = await ImportRunTests<TApp>.UploadAsync(police, Notifications.Csv([own]), neighbourForce); // a posted choice is ignored
        await ImportRunTests<TApp>.WaitForReportAsync(police, byPolice.Headers.Location!.OriginalString);
        Assert.Equal(await ForceAsync("POLICE-STAFFS"), await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == own["police_reference"]).Select(e => e.NotifyingPoliceForceId).SingleAsync()));
    }

    [Fact]
    public async Task A_force_that_may_see_a_child_sees_another_forces_episodes_without_their_police_reference()
    {
        App.SkipIfUnavailable();
        var (first, child, episode) = await CountyChildAsync();
        var own = Notifications.Valid();
        var created = await (await App.ApiAsync(BeaconApp.SecondForceLiaison)).PostAsJsonAsync("/api/v1/notifications", own);
        var ownEpisode = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("episode_id").GetGuid();
        var neighbourForce = await ForceAsync("POLICE-NEIGHBOUR");
        var rhi = await App.WithDb(async db =>
        {
            // As after the provider merged the neighbour's child into this one with the neighbour as the child's force.
            (await db.Episodes.SingleAsync(e => e.Id == ownEpisode)).ChildId = child;
            var merged = await db.Children.SingleAsync(c => c.Id == child);
            (merged.NotifyingPoliceForceId, merged.PolicePersonId) = (neighbourForce, own["police_person_id"]);
            var interview = await db.ReturnInterviews.SingleAsync(r => r.Id == db.Episodes.Where(e => e.Id == episode).Select(e => e.ReturnInterviewId).Single());
            interview.Status = Beacon.Domain.Missing.RhiStatus.Completed;
            interview.SubmittedAt = Now;
            await db.SaveChangesAsync();
            return interview.Id;
        });
        var reference = first["police_reference"]!;

        var neighbour = await App.SignInAsync(BeaconApp.SecondForceLiaison);
        var neighbourApi = await App.ApiAsync(BeaconApp.SecondForceLiaison);
        var record = await neighbour.GetStringAsync($"/children/{child}");
        Assert.Contains(own["police_reference"]!, record);
        Assert.Contains("Another force&#x27;s reference", record);
        var seen = new[]
        {
            record,
            await neighbourApi.GetStringAsync($"/api/v1/children/{child}"),
            await neighbour.GetStringAsync($"/return-interviews/{rhi}/summary"),
            await neighbourApi.GetStringAsync($"/api/v1/return-interviews/{rhi}/summary"),
        };
        Assert.All(seen, text => Assert.DoesNotContain(reference, text));

        // The councils and the provider still see every force's references.
        var county = await App.ApiAsync(BeaconApp.CountyWorker);
        Assert.Contains(reference, await county.GetStringAsync($"/api/v1/children/{child}"));
        Assert.Contains(reference, await county.GetStringAsync($"/api/v1/return-interviews/{rhi}/summary"));
    }
}

public sealed class SqliteNotificationBoundaryTests(SqliteApp app) : NotificationBoundaryTests<SqliteApp>(app);

public sealed class PostgresNotificationBoundaryTests(PostgresApp app) : NotificationBoundaryTests<PostgresApp>(app);
