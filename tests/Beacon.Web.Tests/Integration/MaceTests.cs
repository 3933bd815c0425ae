using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Mace;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>MACE panels, adults and locations of concern, disruption actions and the association map (issue #5 §2–3),
/// through HTTP on each database.</summary>
public abstract class MaceTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static string Today => ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant()).ToString("d/M/yyyy", null);

    /// <summary>The form was accepted: a redirect back into the MACE pages (never to the error page).</summary>
    private static void Saved(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}");
        Assert.StartsWith("/mace/", response.Headers.Location!.OriginalString);
    }

    private static Guid IdFrom(HttpResponseMessage response)
    {
        Saved(response);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('#')[0].Split('/')[^1]);
    }

    /// <summary>A high-risk referral (a known weapon forces High) of a child, routed to their district's panel.</summary>
    private async Task ReferAsync(HttpClient client, Guid childId)
    {
        var template = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        var form = template.Indicators.ToDictionary(i => $"Answers[{i.Code}]", i => i.Code == "WEAPON" ? "Known" : "No");
        form["ReferrerName"] = "Sam Example";
        form["ReferrerAgency"] = "School";
        form["ReceivedOn"] = Today;
        form["Types"] = "CCE";
        var page = $"/children/{childId}/referrals/new";
        var referred = await BeaconApp.PostFormAsync(client, page, form, page);
        Assert.StartsWith("/referrals/", referred.Headers.Location?.OriginalString);
    }

    private static Dictionary<string, string> LinkTo(string to) => new()
    {
        ["To"] = to,
        ["LinkType"] = "exploited-by",
        ["ObservedOn"] = Today,
        ["Source"] = "POLICE_INTELLIGENCE",
        ["Grading"] = "B2",
        ["Notes"] = "Seen together twice.",
    };

    [Fact]
    public async Task A_panel_meets_about_a_referred_child_agrees_and_completes_a_disruption_action_and_maps_the_adult_exploiting_them()
    {
        App.SkipIfUnavailable();
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        await ReferAsync(chair, App.CountyChildId);
        Assert.Contains("/mace/panels/stafford", await chair.GetStringAsync("/mace"));

        // The chair schedules a meeting; the referred child is on its agenda with the cross-reference.
        var badDate = await BeaconApp.PostFormAsync(chair, "/mace/panels/stafford?handler=Schedule", new() { ["MeetingOn"] = "31/2/2027" }, "/mace/panels/stafford");
        Assert.Contains("Enter the date of the meeting", await badDate.Content.ReadAsStringAsync());
        var meetingId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/panels/stafford?handler=Schedule", new() { ["MeetingOn"] = Today }, "/mace/panels/stafford"));
        var meetingUrl = $"/mace/meetings/{meetingId}";
        var agenda = await chair.GetStringAsync(meetingUrl);
        Assert.Contains("Countyone Testchild", agenda);
        Assert.Contains("High risk", agenda);

        // A partner's flag joins the cross-reference with its source and date.
        var childPage = $"/mace/children/{App.CountyChildId}";
        Saved(await BeaconApp.PostFormAsync(chair, childPage + "?handler=Flag",
            new() { ["FlagKind"] = "YOUTH_OFFENDING", ["SourceAgency"] = "Youth offending service", ["RecordedOn"] = Today, ["Detail"] = "Referral order" }, childPage));
        Assert.Contains("Youth offending service: Referral order", await chair.GetStringAsync(meetingUrl));

        // An adult of concern: a bad form changes nothing; a good one is a new record.
        var adults = await App.WithDb(db => db.AdultsOfConcern.CountAsync());
        var noName = await BeaconApp.PostFormAsync(chair, "/mace/adults", new() { ["Name"] = " ", ["Vehicles"] = new string('x', 1001) });
        var noNameHtml = await noName.Content.ReadAsStringAsync();
        Assert.Contains("Enter the adult&#x27;s name", noNameHtml);
        Assert.Contains("vehicles in 1000 characters or fewer", noNameHtml);
        Assert.Equal(adults, await App.WithDb(db => db.AdultsOfConcern.CountAsync()));
        var adultId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/adults", new() { ["Name"] = "Dex Synthetic", ["Aliases"] = "D", ["Vehicles"] = "Blue hatchback" }));

        // A disruption action against the adult: incomplete is refused, then agreed, then completed with an outcome.
        var actions = await App.WithDb(db => db.DisruptionActions.CountAsync());
        var incomplete = await BeaconApp.PostFormAsync(chair, meetingUrl + "?handler=Action", new() { ["Target"] = $"adult:{adultId}", ["Description"] = "Serve a notice", ["DueOn"] = "1/1/2000" }, meetingUrl);
        var incompleteHtml = await incomplete.Content.ReadAsStringAsync();
        Assert.Contains("Enter the agency that owns the action", incompleteHtml);
        Assert.Contains("on or after the meeting", incompleteHtml);
        Assert.Equal(actions, await App.WithDb(db => db.DisruptionActions.CountAsync()));
        var due = ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant()).PlusDays(14).ToString("d/M/yyyy", null);
        Saved(await BeaconApp.PostFormAsync(chair, meetingUrl + "?handler=Action",
            new() { ["Target"] = $"adult:{adultId}", ["OwnerAgency"] = "Police", ["Description"] = "Serve a child abduction warning notice", ["DueOn"] = due }, meetingUrl));
        var action = await App.WithDb(db => db.DisruptionActions.SingleAsync(a => a.MeetingId == meetingId));
        Assert.Equal((adultId, DisruptionAction.Open, "Stafford"), (action.AdultId!.Value, action.Status, action.Panel));
        Assert.Contains("Serve a child abduction warning notice", await chair.GetStringAsync($"/mace/adults/{adultId}"));
        var noOutcome = await BeaconApp.PostFormAsync(chair, meetingUrl + "?handler=UpdateAction", new() { ["ActionId"] = action.Id.ToString(), ["Status"] = "completed", ["Version"] = action.Version.ToString() }, meetingUrl);
        Assert.Contains("Enter the outcome", await noOutcome.Content.ReadAsStringAsync());
        Saved(await BeaconApp.PostFormAsync(chair, meetingUrl + "?handler=UpdateAction",
            new() { ["ActionId"] = action.Id.ToString(), ["Status"] = "completed", ["Outcome"] = "Notice served.", ["Version"] = action.Version.ToString() }, meetingUrl));
        var stale = await BeaconApp.PostFormAsync(chair, meetingUrl + "?handler=UpdateAction", new() { ["ActionId"] = action.Id.ToString(), ["Status"] = "open", ["Version"] = action.Version.ToString() }, meetingUrl);
        Assert.Contains("Someone else changed this", await stale.Content.ReadAsStringAsync());
        var completed = await App.WithDb(db => db.DisruptionActions.AsNoTracking().SingleAsync(a => a.Id == action.Id));
        Assert.Equal((DisruptionAction.Completed, "Notice served."), (completed.Status, completed.Outcome));

        // The decision, and the link between the child and the adult, added in a click from the child's panel view.
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(chair, meetingUrl + "?handler=Discuss",
            new() { ["ChildId"] = App.CountyChildId.ToString(), ["Decision"] = "Safety plan with school; police to disrupt.", ["SinceLastTime"] = "First discussion." }, meetingUrl)).StatusCode);
        var selfLink = await BeaconApp.PostFormAsync(chair, childPage + "?handler=Link", LinkTo($"child:{App.CountyChildId}"), childPage);
        Assert.Contains("Select an adult or location", await selfLink.Content.ReadAsStringAsync());
        Saved(await BeaconApp.PostFormAsync(chair, childPage + "?handler=Link", LinkTo($"adult:{adultId}"), childPage));
        var map = await chair.GetStringAsync($"/mace/network?subject=child:{App.CountyChildId}");
        Assert.Contains("Dex Synthetic", map);
        Assert.Contains("Exploited by", map);

        // The same graph from the API, with degree and betweenness. (Other tests in this class may link the same child
        // to other adults: the assertions are about this adult and this link.)
        var api = await App.ApiAsync(BeaconApp.PanelChair);
        var graph = await api.GetFromJsonAsync<JsonElement>($"/api/v1/network?subject=adult:{adultId}");
        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!, n => n);
        var (childNode, adultNode) = ($"child:{App.CountyChildId}", $"adult:{adultId}");
        Assert.Equal(1, nodes[adultNode].GetProperty("degree").GetInt32());
        Assert.Equal(0, nodes[adultNode].GetProperty("betweenness").GetDouble());
        Assert.Contains(graph.GetProperty("edges").EnumerateArray(), e => e.GetProperty("type").GetString() == "exploited-by"
            && new[] { e.GetProperty("source").GetString(), e.GetProperty("target").GetString() }.Order().SequenceEqual(new[] { adultNode, childNode }.Order()));
        Assert.Equal(nodes[childNode].GetProperty("degree").GetInt32(), graph.GetProperty("edges").EnumerateArray().Count(e => e.GetProperty("source").GetString() == childNode || e.GetProperty("target").GetString() == childNode));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/network?subject=child:" + App.CountyChildId + "&type=made-up")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/network?subject=adult:{Guid.NewGuid()}")).StatusCode);

        // Held, with minutes; the agenda now shows the children discussed.
        var version = await App.WithDb(db => db.PanelMeetings.Where(m => m.Id == meetingId).Select(m => m.Version).SingleAsync());
        Saved(await BeaconApp.PostFormAsync(chair, meetingUrl + "?handler=Minutes", new() { ["Minutes"] = "Quorate.", ["held"] = "true", ["Version"] = version.ToString() }, meetingUrl));
        var held = await chair.GetStringAsync(meetingUrl);
        Assert.Contains("Held", held);
        Assert.Contains("Safety plan with school", held);

        // Everything was audited: the panel records by id, the child's records through the child.
        var audit = await App.WithDb(db => db.AuditEntries.Select(e => new { e.Action, e.RecordType, e.RecordId }).ToListAsync());
        Assert.Contains(audit, e => e is { Action: "create", RecordType: nameof(AdultOfConcern) } && e.RecordId == adultId.ToString());
        Assert.Contains(audit, e => e is { Action: "view", RecordType: nameof(AdultOfConcern) } && e.RecordId == adultId.ToString());
        Assert.Contains(audit, e => e is { Action: "update", RecordType: nameof(DisruptionAction) } && e.RecordId == action.Id.ToString());
        Assert.Contains(audit, e => e is { Action: "create", RecordType: nameof(Association) });
        Assert.Contains(audit, e => e is { Action: "create", RecordType: nameof(ChildFlag) } && e.RecordId!.StartsWith($"{App.CountyChildId}/", StringComparison.Ordinal));
        Assert.Contains(audit, e => e is { Action: "view", RecordType: "PanelAgenda" } && e.RecordId == $"{App.CountyChildId}/{meetingId}");
        Assert.Contains(audit, e => e is { Action: "view", RecordType: "AssociationMap" } && e.RecordId == $"child:{App.CountyChildId}");
    }

    [Fact]
    public async Task Panel_records_are_invisible_outside_panel_roles_and_a_member_sees_only_the_children_their_organisation_may()
    {
        App.SkipIfUnavailable();
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        var adultId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/adults", new() { ["Name"] = "Quill Synthetic", ["PhoneNumbers"] = "07700 900123" }));
        var locationId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/locations", new() { ["Name"] = "Synthetic Park", ["LocationKind"] = "public-space", ["DistrictCode"] = "E07000197" }));
        var adultPage = $"/mace/adults/{adultId}";
        Saved(await BeaconApp.PostFormAsync(chair, adultPage + "?handler=Link", LinkTo($"location:{locationId}"), adultPage));
        // Placedone is placed by another council and was not notified by this police force.
        var placed = $"/mace/children/{App.PlacedChildId}";
        Saved(await BeaconApp.PostFormAsync(chair, placed + "?handler=Link", LinkTo($"adult:{adultId}"), placed));
        Saved(await BeaconApp.PostFormAsync(chair, $"/mace/children/{App.CountyChildId}?handler=Link", LinkTo($"adult:{adultId}"), $"/mace/children/{App.CountyChildId}"));

        // Not on a panel: no page, no API, whatever else the role may see.
        foreach (var email in new[] { BeaconApp.Practitioner, BeaconApp.CountyWorker, BeaconApp.PoliceLiaison, BeaconApp.Analyst, BeaconApp.Administrator })
        {
            var client = await App.SignInAsync(email);
            foreach (var url in new[] { "/mace", adultPage, $"/mace/locations/{locationId}", $"/mace/network?subject=adult:{adultId}", "/mace/adults" })
            {
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{email} GET {url}: {(int)response.StatusCode}");
                Assert.DoesNotContain("Quill Synthetic", body);
            }

            var api = await App.ApiAsync(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync($"/api/v1/network?subject=adult:{adultId}")).StatusCode);
            Assert.DoesNotContain("/mace", await client.GetStringAsync("/"));
        }

        // A police panel member sees the adult and the map, but the placed child only as "a child not visible to you".
        var member = await App.SignInAsync(BeaconApp.PolicePanelMember);
        Assert.Contains("Quill Synthetic", await member.GetStringAsync(adultPage));
        var map = await member.GetStringAsync($"/mace/network?subject=adult:{adultId}");
        Assert.Contains("Countyone Testchild", map);
        Assert.Contains("A child not visible to you", map);
        Assert.DoesNotContain("Placedone", map);
        Assert.DoesNotContain(App.PlacedChildId.ToString(), map, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Children who share adults or places", map);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(placed)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/mace/network?subject=child:{App.PlacedChildId}")).StatusCode);
        var memberApi = await App.ApiAsync(BeaconApp.PolicePanelMember);
        var json = await memberApi.GetStringAsync($"/api/v1/network?subject=adult:{adultId}");
        Assert.DoesNotContain(App.PlacedChildId.ToString(), json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Placedone", json);
        // The hidden child's token is not a fingerprint: it changes from one map to the next.
        static string Hidden(string graph) => System.Text.RegularExpressions.Regex.Match(graph, "hidden:[0-9A-F]+").Value;
        Assert.NotEqual("", Hidden(json));
        Assert.NotEqual(Hidden(json), Hidden(await memberApi.GetStringAsync($"/api/v1/network?subject=adult:{adultId}")));

        // A member is not the chair: members cannot schedule meetings.
        var meetings = await App.WithDb(db => db.PanelMeetings.CountAsync());
        var token = BeaconApp.AntiforgeryToken(await member.GetStringAsync($"/mace/adults/{adultId}"));
        var schedule = await member.PostAsync("/mace/panels/stafford?handler=Schedule", new FormUrlEncodedContent([new("MeetingOn", Today), new("__RequestVerificationToken", token)]));
        Assert.Contains("access-denied", schedule.Headers.Location?.OriginalString ?? "");
        Assert.Equal(meetings, await App.WithDb(db => db.PanelMeetings.CountAsync()));
    }

    [Fact]
    public async Task Opening_the_map_of_a_child_the_panel_member_may_not_see_is_audited_as_denied_and_answers_404()
    {
        // Placedone was not notified by the member's police force: the record exists but is hidden from them (ADR 4).
        var member = await App.SignInAsync(BeaconApp.PolicePanelMember);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/mace/network?subject=child:{App.PlacedChildId}")).StatusCode);
        var absent = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/mace/network?subject=child:{absent}")).StatusCode);

        var entries = await App.WithDb(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.UserName == BeaconApp.PolicePanelMember && e.Action == "view" && e.RecordType == "AssociationMap").ToListAsync());
        Assert.Contains(entries, e => e.RecordId == App.PlacedChildId.ToString() && e.Outcome == "denied");
        Assert.Contains(entries, e => e.RecordId == absent.ToString() && e.Outcome == "not-found");
        Assert.DoesNotContain(entries, e => e.RecordId == absent.ToString() && e.Outcome == "denied");
    }

    [Fact]
    public async Task A_disruption_action_due_today_alerts_panel_chairs_once_without_naming_anyone()
    {
        App.SkipIfUnavailable();
        var today = ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
        var actionId = await App.WithDb(async db =>
        {
            var meeting = new PanelMeeting { Id = Guid.NewGuid(), Panel = "Moorlands", MeetingOn = today.PlusDays(-7), Status = PanelMeeting.Held };
            var action = new DisruptionAction
            {
                Id = Guid.NewGuid(),
                MeetingId = meeting.Id,
                Panel = "Moorlands",
                ChildId = App.CountyChildId,
                OwnerAgency = "Police",
                Description = "Visit Countyone's school",
                DueOn = today,
                Status = DisruptionAction.Open,
            };
            db.PanelMeetings.Add(meeting);
            db.DisruptionActions.Add(action);
            await db.SaveChangesAsync();
            return action.Id;
        });

        await App.RunJobAsync("alert-scan");
        await App.RunJobAsync("alert-scan");
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.Link.Contains(actionId.ToString())).Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { u.Email, a.Title, a.Kind }).ToListAsync());
        var chair = Assert.Single(alerts);
        Assert.Equal((BeaconApp.PanelChair, "action-due", "A Moorlands MACE disruption action is due today"), (chair.Email, chair.Kind, chair.Title));
    }

    [Fact]
    public async Task A_completed_interview_starts_a_prefilled_referral_and_a_prefilled_link_in_a_click()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var result = await (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid())).Content.ReadFromJsonAsync<JsonElement>();
        var (episode, interview) = (result.GetProperty("episode_id").GetGuid(), result.GetProperty("return_interview_id").GetGuid());
        await App.WithDb(async db =>
        {
            var e = await db.Episodes.SingleAsync(x => x.Id == episode);
            var r = await db.ReturnInterviews.SingleAsync(x => x.Id == interview);
            (e.ChildId, r.ChildId) = (App.CountyChildId, App.CountyChildId);
            r.Status = RhiStatus.Completed;
            (r.OfferedAt, r.InterviewedAt, r.SubmittedAt) = (r.FirstReturnedAt, r.FirstReturnedAt, r.FirstReturnedAt);
            (r.ExploitationIndicators, r.WhereWent, r.WithWhom) = ("OLDER_ASSOCIATES,CRIMINAL", "Synthetic Park", "An older male known as D");
            return await db.SaveChangesAsync();
        });

        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        var details = await chair.GetStringAsync($"/return-interviews/{interview}");
        Assert.Contains($"/children/{App.CountyChildId}/referrals/new?fromRhi={interview}", details);
        Assert.Contains($"/mace/children/{App.CountyChildId}?fromRhi={interview}", details);

        var referral = await chair.GetStringAsync($"/children/{App.CountyChildId}/referrals/new?fromRhi={interview}");
        Assert.Contains("Prefilled from return interview", referral);
        Assert.Matches("id=\"answer-OLDER_ASSOCIATES-Suspected\"[^>]*checked", referral);
        Assert.DoesNotMatch("id=\"answer-OLDER_ASSOCIATES-Known\"[^>]*checked", referral);
        Assert.Matches("value=\"CCE\"\\s*checked", referral);

        var link = await chair.GetStringAsync($"/mace/children/{App.CountyChildId}?fromRhi={interview}");
        Assert.Contains("Where they went: Synthetic Park. With whom: An older male known as D.", link);
        Assert.Matches("<option value=\"RHI\" selected", link);

        // Someone else's interview cannot be used to prefill this child's forms; a practitioner off the panel gets no map link.
        Assert.Equal(HttpStatusCode.NotFound, (await chair.GetAsync($"/children/{App.PlacedChildId}/referrals/new?fromRhi={interview}")).StatusCode);
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.DoesNotContain("/mace/children/", await practitioner.GetStringAsync($"/return-interviews/{interview}"));
    }

    [Fact]
    public async Task An_adult_s_details_are_kept_up_to_date_without_lost_updates_and_a_link_recorded_in_error_is_removed_with_an_audit_entry()
    {
        App.SkipIfUnavailable();
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        var adultId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/adults", new() { ["Name"] = "Ivo Synthetic", ["Vehicles"] = "Red van" }));
        var page = $"/mace/adults/{adultId}";
        var version = await App.WithDb(db => db.AdultsOfConcern.Where(a => a.Id == adultId).Select(a => a.Version).SingleAsync());

        var blank = await BeaconApp.PostFormAsync(chair, page + "?handler=Edit", new() { ["Details.Name"] = " ", ["Details.Version"] = version.ToString() }, page);
        var blankHtml = await blank.Content.ReadAsStringAsync();
        Assert.Contains("href=\"#Details-Name\"", blankHtml);
        Assert.Equal("Red van", await App.WithDb(db => db.AdultsOfConcern.Where(a => a.Id == adultId).Select(a => a.Vehicles).SingleAsync()));
        Saved(await BeaconApp.PostFormAsync(chair, page + "?handler=Edit", new() { ["Details.Name"] = "Ivo Synthetic", ["Details.Aliases"] = "Ivy", ["Details.Vehicles"] = "Blue van", ["Details.Version"] = version.ToString() }, page));
        var stale = await BeaconApp.PostFormAsync(chair, page + "?handler=Edit", new() { ["Details.Name"] = "Ivo Synthetic", ["Details.Vehicles"] = "Green van", ["Details.Version"] = version.ToString() }, page);
        Assert.Contains("Someone else changed this", await stale.Content.ReadAsStringAsync());
        var adult = await App.WithDb(db => db.AdultsOfConcern.AsNoTracking().SingleAsync(a => a.Id == adultId));
        Assert.Equal(("Ivy", "Blue van"), (adult.Aliases, adult.Vehicles));

        var childPage = $"/mace/children/{App.CountyChildId}";
        Saved(await BeaconApp.PostFormAsync(chair, childPage + "?handler=Link", LinkTo($"adult:{adultId}"), childPage));
        var link = await App.WithDb(db => db.Associations.Where(a => a.ToSubject == $"adult:{adultId}").Select(a => a.Id).SingleAsync());
        // The list counts each adult's links (on every database: SQLite keeps ids in upper case).
        Assert.Matches($"href=\"/mace/adults/{adultId}\">Ivo Synthetic</a></td>(<td[^>]*>[^<]*</td>){{2}}<td[^>]*>1</td>", await chair.GetStringAsync("/mace/adults?Search=Ivo"));
        Assert.Equal(HttpStatusCode.NotFound, (await BeaconApp.PostFormAsync(chair, $"/mace/children/{App.PlacedChildId}?handler=RemoveLink", new() { ["LinkId"] = link.ToString() }, $"/mace/children/{App.PlacedChildId}")).StatusCode);
        Saved(await BeaconApp.PostFormAsync(chair, page + "?handler=RemoveLink", new() { ["LinkId"] = link.ToString() }, page));
        Assert.False(await App.WithDb(db => db.Associations.AnyAsync(a => a.Id == link)));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "delete" && e.RecordType == nameof(Association) && e.RecordId == link.ToString())));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "update" && e.RecordType == nameof(AdultOfConcern) && e.RecordId == adultId.ToString())));
    }

    [Fact]
    public async Task An_unlinked_location_is_put_on_a_meeting_s_agenda_by_hand_once()
    {
        App.SkipIfUnavailable();
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        var locationId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/locations", new() { ["Name"] = "Synthetic Arcade", ["LocationKind"] = "venue" }));
        var meetingId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/panels/moorlands?handler=Schedule", new() { ["MeetingOn"] = Today }, "/mace/panels/moorlands"));
        var page = $"/mace/meetings/{meetingId}";
        static string Agenda(string html) => html.Contains("id=\"concern-list\"", StringComparison.Ordinal) ? html.Split("id=\"concern-list\"")[1].Split("</ul>")[0] : "";
        Assert.DoesNotContain("Synthetic Arcade", Agenda(await chair.GetStringAsync(page)));

        var child = await BeaconApp.PostFormAsync(chair, page + "?handler=Agenda", new() { ["AgendaSubject"] = $"child:{App.CountyChildId}" }, page);
        Assert.Contains("Select the adult or location to discuss", await child.Content.ReadAsStringAsync());
        Saved(await BeaconApp.PostFormAsync(chair, page + "?handler=Agenda", new() { ["AgendaSubject"] = $"location:{locationId}" }, page));
        Saved(await BeaconApp.PostFormAsync(chair, page + "?handler=Agenda", new() { ["AgendaSubject"] = $"location:{locationId}" }, page));
        Assert.Contains("Synthetic Arcade", Agenda(await chair.GetStringAsync(page)));
        Assert.Equal(1, await App.WithDb(db => db.PanelAgendaItems.CountAsync(i => i.MeetingId == meetingId)));
    }

    [Fact]
    public async Task A_panel_member_who_may_not_see_a_child_neither_reads_nor_removes_its_links_nor_follows_it_across_maps()
    {
        App.SkipIfUnavailable();
        var chair = await App.SignInAsync(BeaconApp.PanelChair);
        var adultId = IdFrom(await BeaconApp.PostFormAsync(chair, "/mace/adults", new() { ["Name"] = "Nell Synthetic" }));
        var adultPage = $"/mace/adults/{adultId}";
        // Placedone was not notified by the member's force; the note came from her return interview.
        var placed = $"/mace/children/{App.PlacedChildId}";
        var note = LinkTo($"adult:{adultId}");
        note["Notes"] = "Where they went: Synthetic Quarry. With whom: a tall man.";
        Saved(await BeaconApp.PostFormAsync(chair, placed + "?handler=Link", note, placed));
        var link = await App.WithDb(db => db.Associations.Where(a => a.ToSubject == $"adult:{adultId}").Select(a => a.Id).SingleAsync());
        Assert.Contains("Synthetic Quarry", await chair.GetStringAsync(adultPage));

        var member = await App.SignInAsync(BeaconApp.PolicePanelMember);
        var page = await member.GetStringAsync(adultPage);
        Assert.Contains("A child not visible to you", page);
        Assert.DoesNotContain("Synthetic Quarry", page);
        Assert.DoesNotContain(link.ToString(), page, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await BeaconApp.PostFormAsync(member, adultPage + "?handler=RemoveLink", new() { ["LinkId"] = link.ToString() }, adultPage)).StatusCode);
        Assert.True(await App.WithDb(db => db.Associations.AnyAsync(a => a.Id == link)));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.UserName == BeaconApp.PolicePanelMember && e.Action == "delete" && e.RecordId == link.ToString() && e.Outcome == "denied")));

        // In the map the link to the hidden child is named afresh in each response, never by its id.
        var api = await App.ApiAsync(BeaconApp.PolicePanelMember);
        async Task<string> HiddenEdgeAsync()
        {
            var graph = await api.GetFromJsonAsync<JsonElement>($"/api/v1/network?subject=adult:{adultId}");
            // (Other tests may link the same child to other adults: this is the link to this adult.)
            var edge = Assert.Single(graph.GetProperty("edges").EnumerateArray(), e => new[] { e.GetProperty("source").GetString()!, e.GetProperty("target").GetString()! } is var ends
                && ends.Contains($"adult:{adultId}") && ends.Any(end => end.StartsWith("hidden:", StringComparison.Ordinal)));
            return edge.GetProperty("id").GetString()!;
        }

        var (first, second) = (await HiddenEdgeAsync(), await HiddenEdgeAsync());
        Assert.NotEqual(first, second);
        Assert.DoesNotContain(link.ToString(), first + second, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_disruption_action_about_a_child_a_member_may_not_see_shows_them_no_words_and_takes_no_change_from_them()
    {
        App.SkipIfUnavailable();
        var today = ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
        var (meetingId, actionId) = await App.WithDb(async db =>
        {
            var meeting = new PanelMeeting { Id = Guid.NewGuid(), Panel = "Stafford", MeetingOn = today, Status = PanelMeeting.Scheduled };
            var action = new DisruptionAction
            {
                Id = Guid.NewGuid(),
                MeetingId = meeting.Id,
                Panel = "Stafford",
                ChildId = App.PlacedChildId,
                OwnerAgency = "School",
                Description = "Speak to Placedone's foster carer about the quarry",
                DueOn = today.PlusDays(7),
                Status = DisruptionAction.Open,
            };
            db.PanelMeetings.Add(meeting);
            db.DisruptionActions.Add(action);
            await db.SaveChangesAsync();
            return (meeting.Id, action.Id);
        });

        var member = await App.SignInAsync(BeaconApp.PolicePanelMember);
        var meetingUrl = $"/mace/meetings/{meetingId}";
        foreach (var url in new[] { meetingUrl, "/mace/panels/stafford" })
        {
            var html = await member.GetStringAsync(url);
            Assert.Contains(MaceWork.HiddenActionText, html);
            Assert.DoesNotContain("foster carer", html);
        }

        Assert.Contains("foster carer", await (await App.SignInAsync(BeaconApp.PanelChair)).GetStringAsync(meetingUrl));
        await BeaconApp.PostFormAsync(member, meetingUrl + "?handler=UpdateAction", new() { ["ActionId"] = actionId.ToString(), ["Status"] = "completed", ["Outcome"] = "Done.", ["Version"] = "0" }, meetingUrl);
        Assert.Equal(DisruptionAction.Open, await App.WithDb(db => db.DisruptionActions.Where(a => a.Id == actionId).Select(a => a.Status).SingleAsync()));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.UserName == BeaconApp.PolicePanelMember && e.Action == "update" && e.RecordId == actionId.ToString() && e.Outcome == "denied")));
    }
}

public sealed class SqliteMaceTests(SqliteApp app) : MaceTests<SqliteApp>(app);

public sealed class PostgresMaceTests(PostgresApp app) : MaceTests<PostgresApp>(app);
