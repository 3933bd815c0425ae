using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>The RHI pathway through the pages and the API (issue #3 §3–5), on each database.</summary>
public abstract class ReturnInterviewTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private async Task<(Guid Rhi, Guid Child)> NotifyAsync(string district = "E07000197", string authority = "860")
    {
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        body["district_code"] = district;
        body["responsible_authority"] = authority;
        var result = await (await police.PostAsJsonAsync("/api/v1/notifications", body)).Content.ReadFromJsonAsync<JsonElement>();
        return (result.GetProperty("return_interview_id").GetGuid(), result.GetProperty("child_id").GetGuid());
    }

    private static string Now(int minutesAgo = 0) => Beacon.Web.Infrastructure.Time.UkTime.FormInput(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(minutesAgo));

    private static Task<HttpResponseMessage> Attempt(HttpClient client, Guid rhi, string outcome = "NO_ANSWER", int minutesAgo = 30) =>
        BeaconApp.PostFormAsync(client, $"/return-interviews/{rhi}?handler=Attempt", new() { ["AttemptedAt"] = Now(minutesAgo), ["AttemptMethod"] = "PHONE", ["AttemptOutcome"] = outcome, ["AttemptNote"] = "Rang the carer." }, $"/return-interviews/{rhi}");

    private static Dictionary<string, string> CompleteForm() => new()
    {
        ["InterviewedAt"] = Now(5),
        ["Method"] = "FACE_TO_FACE",
        ["Venue"] = "SCHOOL",
        ["Reasons"] = "PEER_FRIENDS",
        ["PrimaryReason"] = "PEER_FRIENDS",
        ["WhereWent"] = "A friend's flat in town.",
        ["WithWhom"] = "Two friends from school.",
        ["Harm"] = "No harm; cold and hungry.",
        ["ExploitationIndicators"] = "NONE",
        ["ChildsWords"] = "I just wanted to be with my mates.",
        ["ActionsAgreed"] = "Text carer if staying out.",
        ["action"] = "submit",
    };

    [Fact]
    public async Task A_practitioner_offers_attempts_completes_and_the_summary_reaches_the_responsible_authority_and_police_only()
    {
        App.SkipIfUnavailable();
        var (rhi, _) = await NotifyAsync();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Contains($"/return-interviews/{rhi}", await practitioner.GetStringAsync("/return-interviews?state=to-offer"));

        Assert.Equal(HttpStatusCode.Redirect, (await Attempt(practitioner, rhi)).StatusCode);
        var afterOne = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi));
        Assert.Equal(RhiStatus.Offered, afterOne.Status);
        Assert.NotNull(afterOne.OfferedAt);

        // No contact after a single attempt within 14 days is refused, with a reason.
        var refused = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}?handler=Outcome", new() { ["Outcome"] = "NO_CONTACT", ["Version"] = afterOne.Version.ToString() }, $"/return-interviews/{rhi}");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Make at least 2 attempts", await refused.Content.ReadAsStringAsync());
        Assert.Equal(RhiStatus.Offered, (await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi))).Status);

        Assert.Equal(HttpStatusCode.Redirect, (await Attempt(practitioner, rhi, "ARRANGED", 10)).StatusCode);

        // Submitting an incomplete form lists what is missing and saves nothing.
        var incomplete = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}/interview", new() { ["action"] = "submit", ["InterviewedAt"] = Now(5) });
        var html = await incomplete.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("Select at least one reason for going missing", html);
        Assert.Contains("Record the child&#x27;s own words", html);
        Assert.Null((await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi))).SubmittedAt);

        var submitted = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}/interview", CompleteForm());
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var done = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi));
        Assert.Equal(RhiStatus.Completed, done.Status);
        Assert.Equal(2, await App.WithDb(db => db.RhiShares.CountAsync(s => s.ReturnInterviewId == rhi)));

        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        var summaryPage = await county.GetAsync($"/return-interviews/{rhi}/summary");
        Assert.Equal(HttpStatusCode.OK, summaryPage.StatusCode);
        Assert.Contains("I just wanted to be with my mates.", await summaryPage.Content.ReadAsStringAsync());
        var countyApi = await App.ApiAsync(BeaconApp.CountyWorker);
        var summary = await countyApi.GetFromJsonAsync<JsonElement>($"/api/v1/return-interviews/{rhi}/summary");
        Assert.Equal("Peers or friends", summary.GetProperty("primary_reason").GetString());
        Assert.True(summary.GetProperty("offered_within72_hours").GetBoolean());

        var policeApi = await App.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(HttpStatusCode.OK, (await policeApi.GetAsync($"/api/v1/return-interviews/{rhi}/summary")).StatusCode);
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await city.GetAsync($"/return-interviews/{rhi}/summary")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await App.ApiAsync(BeaconApp.CityWorker)).GetAsync($"/api/v1/return-interviews/{rhi}/summary")).StatusCode);

        var county860 = await App.WithDb(db => db.Organisations.SingleAsync(o => o.Code == "LA-860"));
        Assert.NotNull((await App.WithDb(db => db.RhiShares.SingleAsync(s => s.ReturnInterviewId == rhi && s.OrganisationId == county860.Id))).FirstViewedAt);
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.UserName == BeaconApp.CityWorker && e.Outcome == "denied" && e.RecordId == rhi.ToString())));
    }

    [Fact]
    public async Task An_episode_can_leave_its_childs_open_interview_for_one_of_its_own_and_be_covered_by_it_again()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var personId = $"PP-{Guid.NewGuid():N}"[..14];
        var now = SystemClock.Instance.GetCurrentInstant();
        var first = Notifications.Valid(personId: personId, now: now - Duration.FromHours(26)); // returned 50 hours ago
        var second = Notifications.Valid(personId: personId); // went missing again, returned 24 hours ago
        var rhi = (await (await police.PostAsJsonAsync("/api/v1/notifications", first)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("return_interview_id").GetGuid();
        Assert.Equal(rhi, (await (await police.PostAsJsonAsync("/api/v1/notifications", second)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("return_interview_id").GetGuid());
        var episodes = await App.WithDb(db => db.Episodes.Where(e => e.ReturnInterviewId == rhi).OrderBy(e => e.ReturnedAt).ToListAsync());
        var (early, late) = (episodes[0], episodes[1]);
        Task<ReturnInterview> Rhi(Guid id) => App.WithDb(db => db.ReturnInterviews.AsNoTracking().SingleAsync(r => r.Id == id));
        Task<HttpResponseMessage> Separate(HttpClient client, Guid from, Guid episode, int version) =>
            BeaconApp.PostFormAsync(client, $"/return-interviews/{from}?handler=Separate", new() { ["episodeId"] = episode.ToString(), ["Version"] = version.ToString() }, $"/return-interviews/{from}");

        // Not yet offered: either episode may have its own interview. The later one leaves; the clock of each follows its own return.
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Contains("Give it its own interview", await practitioner.GetStringAsync($"/return-interviews/{rhi}"));
        var version = (await Rhi(rhi)).Version;
        Assert.Equal(HttpStatusCode.Redirect, (await Separate(practitioner, rhi, late.Id, version)).StatusCode);
        var own = await App.WithDb(db => db.Episodes.Where(e => e.Id == late.Id).Select(e => e.ReturnInterviewId!.Value).SingleAsync());
        Assert.NotEqual(rhi, own);
        var separated = await Rhi(own);
        Assert.Equal((RhiStatus.AwaitingOffer, late.ReturnedAt!.Value, late.ReturnedAt.Value + Duration.FromHours(72)), (separated.Status, separated.FirstReturnedAt, separated.DueAt));
        Assert.Equal(early.ReturnedAt, (await Rhi(rhi)).FirstReturnedAt);
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "rhi-separate" && a.RecordId!.EndsWith(rhi.ToString()))));

        // The only episode left cannot leave; a stale page changes nothing.
        Assert.DoesNotContain("Give it its own interview", await practitioner.GetStringAsync($"/return-interviews/{rhi}"));
        Assert.Contains("This is the only episode", await (await Separate(practitioner, rhi, early.Id, (await Rhi(rhi)).Version)).Content.ReadAsStringAsync());
        Assert.Contains("Someone else changed", await (await Separate(practitioner, rhi, early.Id, version)).Content.ReadAsStringAsync());

        // Covered by the first interview again: the separated one, with nothing recorded, goes.
        var coverBy = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{own}?handler=CoverBy", new() { ["CoverBy"] = rhi.ToString(), ["Version"] = separated.Version.ToString() }, $"/return-interviews/{own}");
        Assert.Equal(HttpStatusCode.Redirect, coverBy.StatusCode);
        Assert.Equal($"/return-interviews/{rhi}", coverBy.Headers.Location?.OriginalString); // the page of the interview that now covers them
        Assert.False(await App.WithDb(db => db.ReturnInterviews.AnyAsync(r => r.Id == own)));
        Assert.Equal(2, await App.WithDb(db => db.Episodes.CountAsync(e => e.ReturnInterviewId == rhi)));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "rhi-join" && a.RecordId!.EndsWith(own.ToString()))));

        // Offered between the two returns: the offer covers the earlier episode, so only the later one may leave.
        var offeredAt = Beacon.Web.Infrastructure.Time.UkTime.FormInput(early.ReturnedAt!.Value + Duration.FromHours(2));
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}?handler=Attempt", new() { ["AttemptedAt"] = offeredAt, ["AttemptMethod"] = "PHONE", ["AttemptOutcome"] = "NO_ANSWER" }, $"/return-interviews/{rhi}")).StatusCode);
        Assert.Contains("the offer covers it", await (await Separate(practitioner, rhi, early.Id, (await Rhi(rhi)).Version)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Separate(practitioner, rhi, late.Id, (await Rhi(rhi)).Version)).StatusCode);
        var again = await App.WithDb(db => db.Episodes.Where(e => e.Id == late.Id).Select(e => e.ReturnInterviewId!.Value).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Attempt(practitioner, again)).StatusCode);
        var refused = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{again}?handler=CoverBy", new() { ["CoverBy"] = rhi.ToString(), ["Version"] = (await Rhi(again)).Version.ToString() }, $"/return-interviews/{again}");
        Assert.Contains("Work is recorded on this interview", await refused.Content.ReadAsStringAsync());
        Assert.True(await App.WithDb(db => db.ReturnInterviews.AnyAsync(r => r.Id == again)));
    }

    [Fact]
    public async Task Through_the_api_a_caseworker_finds_an_rhi_on_the_work_list_records_attempts_and_closes_it_by_the_same_rules()
    {
        App.SkipIfUnavailable();
        var (rhi, _) = await NotifyAsync();
        var api = await App.ApiAsync(BeaconApp.Practitioner);
        string Iso(int minutesAgo) => Notifications.Iso(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(minutesAgo));

        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/return-interviews?state=to-offer");
        var row = list.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == rhi);
        Assert.Equal(("AWAITING_OFFER", "TO_OFFER", 1), (row.GetProperty("status").GetString(), row.GetProperty("urgency").GetString(), row.GetProperty("episodes").GetInt32()));

        // The filters: one value each, and only values the list knows. A filter it cannot apply is a 400 that says
        // what it takes, never an empty or unfiltered list (two localities gave [] before).
        Assert.Equal("North", row.GetProperty("locality").GetString()); // Stafford's locality
        var north = await api.GetFromJsonAsync<JsonElement>("/api/v1/return-interviews?state=to-offer&locality=North");
        Assert.Contains(north.EnumerateArray(), r => r.GetProperty("id").GetGuid() == rhi);
        Assert.DoesNotContain((await api.GetFromJsonAsync<JsonElement>("/api/v1/return-interviews?state=to-offer&locality=Stoke-on-Trent")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == rhi);
        foreach (var (query, field, says) in new[]
        {
            ("locality=North&locality=Stoke-on-Trent", "locality", "once"),
            ("locality=Atlantis", "locality", "North"),
            ("state=overdue&state=waiting", "state", "once"),
            ("state=late", "state", "due-soon"),
            ("assigned=someone", "assigned", "unassigned"),
        })
        {
            var refused = await api.GetAsync("/api/v1/return-interviews?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(says, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        // The document declares the three filters, so generated clients and the documentation page offer them.
        var document = await (await App.SignInAsync(BeaconApp.Practitioner)).GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var parameters = document.GetProperty("paths").GetProperty("/api/v1/return-interviews").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ToList();
        Assert.Equal([("state", "query"), ("assigned", "query"), ("locality", "query")], parameters);
        var detail = await api.GetFromJsonAsync<JsonElement>($"/api/v1/return-interviews/{rhi}");
        Assert.Equal(detail.GetProperty("first_returned_at").GetString(), Notifications.Iso(NodaTime.Text.InstantPattern.ExtendedIso.Parse(detail.GetProperty("due_at").GetString()!).Value - Duration.FromHours(72)));

        // A time without its offset, or a method not in the list: 400 naming the fields, nothing saved.
        var bad = await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/attempts", new { attempted_at = "21/11/2026 14:30", method = "CARRIER_PIGEON", outcome = "NO_ANSWER" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("ISO 8601", errors.GetProperty("attempted_at")[0].GetString());
        Assert.True(errors.TryGetProperty("method", out _));
        Assert.Equal(0, await App.WithDb(db => db.RhiAttempts.CountAsync(a => a.ReturnInterviewId == rhi)));

        var first = await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/attempts", new { attempted_at = Iso(90), method = "phone", outcome = "NO_ANSWER", note = "Rang the carer." });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var offered = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("OFFERED", true), (offered.GetProperty("status").GetString(), offered.GetProperty("offered_within72_hours").GetBoolean()));

        // No contact after one attempt, within 14 days of the return: refused, as on the page.
        var early = await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/outcome", new { outcome = "NO_CONTACT", version = offered.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("at least 2 attempts", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("outcome")[0].GetString());

        var second = await (await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/attempts", new { attempted_at = Iso(30), method = "TEXT", outcome = "NO_ANSWER" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, second.GetProperty("attempts").GetArrayLength());
        var stale = await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/outcome", new { outcome = "NO_CONTACT", version = detail.GetProperty("version").GetInt32() }); // read before the offer
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var closed = await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/outcome", new { outcome = "NO_CONTACT", version = second.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("NO_CONTACT", (await closed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(RhiStatus.NoContact, await App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == rhi).Select(r => r.Status).SingleAsync()));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "view" && a.RecordId!.EndsWith(rhi.ToString()) && a.Details!.Contains("via: api"))));

        // A council's user may not use the provider's work endpoints; nobody sees an RHI they may not see.
        var county = await App.ApiAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.GetAsync("/api/v1/return-interviews")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/attempts", new { attempted_at = Iso(5), method = "PHONE", outcome = "NO_ANSWER" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/return-interviews/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Through_the_api_the_interview_form_is_drafted_then_submitted_and_the_summary_is_shared()
    {
        App.SkipIfUnavailable();
        var (rhi, _) = await NotifyAsync();
        var api = await App.ApiAsync(BeaconApp.Practitioner);
        var offered = await (await api.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/attempts", new { attempted_at = Notifications.Iso(SystemClock.Instance.GetCurrentInstant() - Duration.FromHours(2)), method = "PHONE", outcome = "ARRANGED" })).Content.ReadFromJsonAsync<JsonElement>();
        var form = new Dictionary<string, object?>
        {
            ["interviewed_at"] = Notifications.Iso(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(10)),
            ["method"] = "VIDEO",
            ["venue"] = "PLACEMENT",
            ["reasons"] = new[] { "FAMILY", "SCHOOL" },
            ["primary_reason"] = "FAMILY",
            ["where_went"] = "The park by the canal.",
        };
        var draft = await api.PutAsJsonAsync($"/api/v1/return-interviews/{rhi}/interview", new { form, submit = false, version = offered.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var drafted = await draft.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("OFFERED", drafted.GetProperty("status").GetString());

        var incomplete = await api.PutAsJsonAsync($"/api/v1/return-interviews/{rhi}/interview", new { form, submit = true, version = drafted.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.True((await incomplete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("childs_words", out _));

        form["harm"] = "None.";
        form["exploitation_indicators"] = new[] { "NONE" };
        form["childs_words"] = "I wanted some quiet.";
        var submitted = await api.PutAsJsonAsync($"/api/v1/return-interviews/{rhi}/interview", new { form, submit = true, version = drafted.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("COMPLETED", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var summary = await (await App.ApiAsync(BeaconApp.CountyWorker)).GetFromJsonAsync<JsonElement>($"/api/v1/return-interviews/{rhi}/summary");
        Assert.Equal("I wanted some quiet.", summary.GetProperty("childs_words").GetString());
        Assert.Equal("Family", summary.GetProperty("primary_reason").GetString());
    }

    [Fact]
    public async Task An_interview_cannot_be_completed_before_it_is_offered()
    {
        App.SkipIfUnavailable();
        var (rhi, _) = await NotifyAsync();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var response = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}/interview", CompleteForm());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Record the offer before recording an interview", await response.Content.ReadAsStringAsync());
        Assert.Equal(RhiStatus.AwaitingOffer, (await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi))).Status);
    }

    [Fact]
    public async Task Not_offered_because_the_placing_authority_does_its_own_is_recorded_with_its_reason()
    {
        App.SkipIfUnavailable();
        var (rhi, _) = await NotifyAsync(authority: "330");
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var version = (await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi))).Version;
        var response = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}?handler=Outcome", new() { ["Outcome"] = "NOT_OFFERED", ["NotOfferedReason"] = "RESPONSIBLE_AUTHORITY", ["Version"] = version.ToString() }, $"/return-interviews/{rhi}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var closed = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi));
        Assert.Equal(RhiStatus.NotOffered, closed.Status);
        Assert.Equal("RESPONSIBLE_AUTHORITY", closed.NotOfferedReason);
    }

    [Fact]
    public async Task Two_people_editing_the_same_interview_the_second_gets_a_clear_conflict_and_nothing_is_lost()
    {
        App.SkipIfUnavailable();
        var (rhi, _) = await NotifyAsync();
        var first = await App.SignInAsync(BeaconApp.Practitioner);
        var second = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager));
        await Attempt(first, rhi);
        var firstPage = await first.GetStringAsync($"/return-interviews/{rhi}/interview");
        var secondPage = await second.GetStringAsync($"/return-interviews/{rhi}/interview");
        var version = System.Text.RegularExpressions.Regex.Match(firstPage, "name=\"Version\" value=\"(\\d+)\"").Groups[1].Value;

        var draft = new Dictionary<string, string> { ["WhereWent"] = "First person's words", ["Version"] = version, ["action"] = "draft", ["__RequestVerificationToken"] = BeaconApp.AntiforgeryToken(firstPage) };
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostAsync($"/return-interviews/{rhi}/interview", new FormUrlEncodedContent(draft))).StatusCode);

        var stale = new Dictionary<string, string> { ["WhereWent"] = "Second person's words", ["Version"] = version, ["action"] = "draft", ["__RequestVerificationToken"] = BeaconApp.AntiforgeryToken(secondPage) };
        var conflict = await second.PostAsync($"/return-interviews/{rhi}/interview", new FormUrlEncodedContent(stale));
        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        Assert.Contains("Someone else changed this return interview", await conflict.Content.ReadAsStringAsync());
        Assert.Equal("First person's words", (await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi))).WhereWent);
    }

    [Fact]
    public async Task Council_users_cannot_use_the_providers_work_list_or_rhi_pages()
    {
        App.SkipIfUnavailable();
        var (rhi, _) = await NotifyAsync();
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        foreach (var path in new[] { "/return-interviews", $"/return-interviews/{rhi}", $"/return-interviews/{rhi}/interview", "/notifications/new" })
        {
            var response = await county.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.AbsolutePath);
        }

        // Before completion there is no summary to share.
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/return-interviews/{rhi}/summary")).StatusCode);
    }

    [Fact]
    public async Task A_council_spot_purchases_an_rhi_for_its_child_placed_outside_the_area()
    {
        App.SkipIfUnavailable();
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        var invalid = await BeaconApp.PostFormAsync(city, "/spot-purchase", new() { ["GivenName"] = "Outof", ["DateOfBirth"] = "31/02/2010" });
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("The date of birth must be a real date, like 23/04/2010 or 2010-04-23", html);
        Assert.Contains("Enter the place or council where the child is placed", html);

        var family = $"Spotbuy{Guid.NewGuid():N}"[..16];
        var sent = await BeaconApp.PostFormAsync(city, "/spot-purchase", new()
        {
            ["GivenName"] = "Outof",
            ["FamilyName"] = family,
            ["DateOfBirth"] = "2010-04-23",
            ["Gender"] = "female",
            ["CouncilChildId"] = "C77",
            ["PlacedIn"] = "A town in another county",
            ["ReturnedAt"] = Now(120),
        });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var rhi = await App.WithDb(db => db.ReturnInterviews.Include(r => r.Child).SingleAsync(r => r.Child!.FamilyName == family));
        Assert.True(rhi.IsSpotPurchase);
        Assert.Equal(RhiStatus.AwaitingOffer, rhi.Status);
        Assert.Equal("C77", rhi.Child!.LocalAuthorityChildId);
        Assert.Equal(0, await App.WithDb(db => db.Episodes.CountAsync(e => e.ChildId == rhi.ChildId))); // not a missing notification of this area

        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Contains("spot purchase", await practitioner.GetStringAsync("/return-interviews?state=to-offer"));
        Assert.Equal(HttpStatusCode.OK, (await city.GetAsync($"/children/{rhi.ChildId}")).StatusCode);
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/children/{rhi.ChildId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await practitioner.GetAsync("/spot-purchase")).StatusCode); // councils only
    }

    [Fact]
    public async Task The_duty_form_records_a_notification_in_uk_time_and_opens_its_rhi()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var reference = $"DUTY-{Guid.NewGuid():N}"[..20];
        var response = await BeaconApp.PostFormAsync(practitioner, "/notifications/new", new()
        {
            ["given_name"] = "Sky",
            ["family_name"] = "Dutyform",
            ["date_of_birth"] = "2012-02-29",
            ["gender"] = "other",
            ["district_code"] = "E07000198",
            ["living_situation"] = "LA_CARE",
            ["responsible_authority"] = "860",
            ["police_reference"] = reference,
            ["missing_or_absent"] = "A",
            ["police_risk"] = "LOW",
            ["reported_missing_at"] = Now(600),
            ["returned_at"] = Now(300),
            ["notified_at"] = Now(200),
            ["notifying_police_force"] = (await App.WithDb(db => db.Organisations.SingleAsync(o => o.Code == "POLICE-STAFFS"))).Id.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/return-interviews/", response.Headers.Location!.OriginalString);
        var episode = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PoliceReference == reference));
        Assert.Equal("form", episode.Source);

        var bad = await BeaconApp.PostFormAsync(practitioner, "/notifications/new", new() { ["given_name"] = "Sky", ["reported_missing_at"] = "tomorrow-ish" });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("a UK date and time, like 21/11/2026 14:30", html);
        Assert.Contains("href=\"#police_reference\"", html);
    }

    /// <summary>Issue #22 §2: a return more than 7 days after the open interview's first return, or after its offer,
    /// opens an interview of its own with its own 72-hour clock (exactly 7 days still joins). A practitioner may still
    /// have the offered interview cover it, giving a reason, which is kept and shown; the return then counts it as
    /// offered, covered by an earlier offer, and not within 72 hours.</summary>
    [Fact]
    public async Task A_return_after_the_offer_or_over_a_week_after_the_first_gets_its_own_clock_unless_a_practitioner_says_why_not()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var now = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds());
        async Task<Guid> Notify(string person, Instant returned) => (await (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(personId: person, now: returned + Duration.FromHours(24))))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("return_interview_id").GetGuid();
        Task<ReturnInterview> Rhi(Guid id) => App.WithDb(db => db.ReturnInterviews.AsNoTracking().SingleAsync(r => r.Id == id));

        // Not offered: exactly 7 days after the first return joins; an hour more opens its own.
        var weekly = $"PP-{Guid.NewGuid():N}"[..14];
        var first = now - Duration.FromDays(10);
        var rhi = await Notify(weekly, first);
        Assert.Equal(rhi, await Notify(weekly, first + Duration.FromDays(7)));
        var later = await Notify(weekly, first + Duration.FromDays(7) + Duration.FromHours(1));
        Assert.NotEqual(rhi, later);
        Assert.Equal((first + Duration.FromDays(7) + Duration.FromHours(1), first + Duration.FromDays(7) + Duration.FromHours(73)), ((await Rhi(later)).FirstReturnedAt, (await Rhi(later)).DueAt));
        Assert.Equal(first + Duration.FromHours(72), (await Rhi(rhi)).DueAt);

        // Offered two hours after the return: a return a day later is not covered by that offer.
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        var returned = now - Duration.FromDays(3);
        var offered = await Notify(person, returned);
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{offered}?handler=Attempt", new() { ["AttemptedAt"] = Beacon.Web.Infrastructure.Time.UkTime.FormInput(returned + Duration.FromHours(2)), ["AttemptMethod"] = "PHONE", ["AttemptOutcome"] = "ARRANGED" }, $"/return-interviews/{offered}")).StatusCode);
        var own = await Notify(person, returned + Duration.FromDays(1));
        Assert.NotEqual(offered, own);
        var ownRhi = await Rhi(own);
        Assert.Equal((RhiStatus.AwaitingOffer, returned + Duration.FromHours(96)), (ownRhi.Status, ownRhi.DueAt));

        var notifiedOn = ChildAge.DateOf(returned + Duration.FromDays(1) + Duration.FromHours(5));
        var period = Beacon.Web.Features.Reports.MissingReturn.PeriodsOf(Beacon.Domain.Reporting.FinancialYear.Of(notifiedOn), "monthly").Single(p => p.Contains(notifiedOn)).Label;
        async Task<(int Offered, int InTime, string Earlier)> Counted()
        {
            var row = (await App.WithDb(db => new Beacon.Web.Features.Reports.MissingReturn(db).BuildAsync(Beacon.Domain.Reporting.FinancialYear.Of(notifiedOn), "monthly")))
                .Single(r => r.AreaKind == "total" && r.Period == period);
            return (row.RhiOffered, (int)row["offered_within_72h"]!, row.Text("covered_by_earlier_offer"));
        }

        var before = await Counted();

        // Covered by the offered interview after all: only with a reason, which is kept and shown.
        var coverBy = $"/return-interviews/{own}?handler=CoverBy";
        var refused = await BeaconApp.PostFormAsync(practitioner, coverBy, new() { ["CoverBy"] = offered.ToString(), ["CoverReason"] = " ", ["Version"] = ownRhi.Version.ToString() }, $"/return-interviews/{own}");
        Assert.Contains("it was offered before they returned", await refused.Content.ReadAsStringAsync());
        Assert.True(await App.WithDb(db => db.ReturnInterviews.AnyAsync(r => r.Id == own)));
        var reason = "Went missing again the next day with the same friend; the interview arranged for Friday covers both.";
        var joined = await BeaconApp.PostFormAsync(practitioner, coverBy, new() { ["CoverBy"] = offered.ToString(), ["CoverReason"] = reason, ["Version"] = ownRhi.Version.ToString() }, $"/return-interviews/{own}");
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.False(await App.WithDb(db => db.ReturnInterviews.AnyAsync(r => r.Id == own)));
        var episodes = await App.WithDb(db => db.Episodes.Where(e => e.ReturnInterviewId == offered).OrderBy(e => e.ReturnedAt).ToListAsync());
        Assert.Equal([null, reason], episodes.Select(e => e.CoverReason));
        Assert.Contains(System.Net.WebUtility.HtmlEncode(reason), await practitioner.GetStringAsync($"/return-interviews/{offered}"));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "rhi-join" && a.RecordId!.EndsWith(own.ToString()) && a.Details!.Contains("reason kept"))));

        var after = await Counted();
        Assert.Equal((before.Offered + 1, before.InTime, (int.Parse(before.Earlier, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), after);
    }
}

public sealed class SqliteReturnInterviewTests(SqliteApp app) : ReturnInterviewTests<SqliteApp>(app);

public sealed class PostgresReturnInterviewTests(PostgresApp app) : ReturnInterviewTests<PostgresApp>(app);
