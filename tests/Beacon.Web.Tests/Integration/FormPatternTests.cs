using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// GOV.UK form patterns on the interview, outcome and referral forms (issue #17 §3): error summaries in the order of the
/// fields on the page, each linked to an element the page has; questions that apply only under one answer revealed
/// under it (and ignored otherwise); an outcome the rules refuse said so before it is filled in; a confirmation panel
/// after submitting, reached by redirect and scoped like the record. On each database.
/// </summary>
public abstract partial class FormPatternTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private async Task<Guid> NotifyAsync()
    {
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var result = await (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid())).Content.ReadFromJsonAsync<JsonElement>();
        return result.GetProperty("return_interview_id").GetGuid();
    }

    private static string Now(int minutesAgo) => Beacon.Web.Infrastructure.Time.UkTime.FormInput(SystemClock.Instance.GetCurrentInstant() - Duration.FromMinutes(minutesAgo));

    private static Task<HttpResponseMessage> OfferAsync(HttpClient client, Guid rhi) =>
        BeaconApp.PostFormAsync(client, $"/return-interviews/{rhi}?handler=Attempt", new() { ["AttemptedAt"] = Now(30), ["AttemptMethod"] = "PHONE", ["AttemptOutcome"] = "ARRANGED" }, $"/return-interviews/{rhi}");

    /// <summary>
    /// The error summary's links, checked against the page: each names an element id the page has, and they come in the
    /// order of those elements on the page (after the summary). Returns the link targets.
    /// </summary>
    private static List<string> AssertSummaryInPageOrder(string html, int expected)
    {
        var summary = SummaryPattern().Match(html);
        Assert.True(summary.Success, "no error summary");
        var targets = LinkPattern().Matches(summary.Value).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(expected, targets.Count);
        var after = summary.Index + summary.Length;
        var positions = targets.Select(id => (Id: id, At: html.IndexOf($"id=\"{id}\"", after, StringComparison.Ordinal))).ToList();
        Assert.All(positions, p => Assert.True(p.At > 0, $"the summary links to #{p.Id}, which is no element on the page"));
        var inOrder = positions.OrderBy(p => p.At).Select(p => p.Id).ToList();
        Assert.Equal(inOrder, targets);
        return targets;
    }

    [Fact]
    public async Task The_interview_form_lists_its_errors_in_page_order_each_linked_to_its_field()
    {
        App.SkipIfUnavailable();
        var rhi = await NotifyAsync();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.Redirect, (await OfferAsync(practitioner, rhi)).StatusCode);

        var response = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}/interview", new() { ["action"] = "submit" });
        var targets = AssertSummaryInPageOrder(await response.Content.ReadAsStringAsync(), 9);
        Assert.StartsWith("InterviewedAt", targets[0]); // the first question, listed first
        Assert.Equal(["Method", "Venue", "Reasons", "PrimaryReason", "WhereWent", "Harm", "ExploitationIndicators", "ChildsWords"], targets[1..]);
    }

    [Fact]
    public async Task The_referral_form_lists_its_errors_in_page_order_each_linked_to_its_field()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = $"/children/{App.CountyChildId}/referrals/new";
        var indicators = (await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync())).Indicators;

        var response = await BeaconApp.PostFormAsync(practitioner, page, new() { ["ReceivedOn"] = "" });
        var targets = AssertSummaryInPageOrder(await response.Content.ReadAsStringAsync(), 4 + indicators.Count());
        Assert.Equal(["ReferrerName", "ReferrerAgency"], targets[..2]);
        Assert.StartsWith("ReceivedOn", targets[2]);
        Assert.Equal(["Types", .. indicators.Select(i => $"answer-{i.Code}")], targets[3..]);
    }

    [Fact]
    public async Task The_duty_notification_form_lists_its_errors_in_page_order()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var response = await BeaconApp.PostFormAsync(practitioner, "/notifications/new", new() { ["notified_at"] = "" });
        var html = await response.Content.ReadAsStringAsync();
        var count = LinkPattern().Matches(SummaryPattern().Match(html).Value).Count;
        Assert.True(count >= 8, $"only {count} errors listed");
        Assert.StartsWith("given_name", AssertSummaryInPageOrder(html, count)[0]);
    }

    [Fact]
    public async Task Closing_without_an_interview_asks_only_what_applies_and_says_which_outcomes_need_an_offer_first()
    {
        App.SkipIfUnavailable();
        var rhi = await NotifyAsync();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);

        // Awaiting an offer: declined and no contact are shown disabled with the reason; "not offered" reveals its question.
        var html = await practitioner.GetStringAsync($"/return-interviews/{rhi}");
        Assert.Matches("<input[^>]*id=\"Outcome\"[^>]*value=\"DECLINED\"[^>]*disabled=\"disabled\"", html);
        Assert.Contains("Record the offer before recording an interview or a decline.", html);
        Assert.Matches("<input[^>]*id=\"Outcome-NO_CONTACT\"[^>]*disabled=\"disabled\"", html);
        Assert.Matches("<input[^>]*id=\"Outcome-NOT_OFFERED\"[^>]*data-aria-controls=\"conditional-Outcome-NOT_OFFERED\"", html);
        Assert.Matches("<div class=\"govuk-radios__conditional govuk-radios__conditional--hidden\" id=\"conditional-Outcome-NOT_OFFERED\">\\s*[^§]*?name=\"NotOfferedReason\"", html);
        Assert.Contains("Record the offer first", await practitioner.GetStringAsync($"/return-interviews/{rhi}/interview"));
        Assert.DoesNotContain("Submit the interview", await practitioner.GetStringAsync($"/return-interviews/{rhi}/interview"));

        // Once offered: declined is open and reveals who declined; "not offered" is refused with its reason.
        Assert.Equal(HttpStatusCode.Redirect, (await OfferAsync(practitioner, rhi)).StatusCode);
        html = await practitioner.GetStringAsync($"/return-interviews/{rhi}");
        Assert.Matches("<input[^>]*id=\"Outcome\"[^>]*value=\"DECLINED\"[^>]*data-aria-controls=\"conditional-Outcome\"", html);
        Assert.DoesNotMatch("<input[^>]*id=\"Outcome\"[^>]*disabled", html);
        Assert.Matches("<input[^>]*id=\"Outcome-NOT_OFFERED\"[^>]*disabled=\"disabled\"", html);
        Assert.Matches("id=\"conditional-Outcome\">\\s*[^§]*?name=\"DeclinedBy\"", html);

        // The answer under the option not chosen is ignored: not saved.
        var version = (await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi))).Version;
        var closed = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}?handler=Outcome",
            new() { ["Outcome"] = "DECLINED", ["DeclinedBy"] = "CHILD", ["NotOfferedReason"] = "DUPLICATE", ["Version"] = version.ToString() }, $"/return-interviews/{rhi}");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var saved = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhi));
        Assert.Equal((RhiStatus.Declined, "CHILD", (string?)null), (saved.Status, saved.DeclinedBy, saved.NotOfferedReason));
    }

    [Fact]
    public async Task A_submitted_interview_confirms_who_it_was_shared_with_once_and_only_to_those_who_may_see_it()
    {
        App.SkipIfUnavailable();
        var rhi = await NotifyAsync();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.Redirect, (await practitioner.GetAsync($"/return-interviews/submitted/{rhi}")).StatusCode); // nothing submitted yet
        Assert.Equal(HttpStatusCode.Redirect, (await OfferAsync(practitioner, rhi)).StatusCode);
        var form = new Dictionary<string, string>
        {
            ["InterviewedAt"] = Now(5),
            ["Method"] = "FACE_TO_FACE",
            ["Venue"] = "SCHOOL",
            ["Reasons"] = "FAMILY",
            ["PrimaryReason"] = "FAMILY",
            ["WhereWent"] = "An aunt's house.",
            ["Harm"] = "No harm.",
            ["ExploitationIndicators"] = "NONE",
            ["ChildsWords"] = "I needed space.",
            ["action"] = "submit",
        };
        var submitted = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhi}/interview", form);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal($"/return-interviews/submitted/{rhi}", submitted.Headers.Location?.OriginalString);

        var names = await App.WithDb(db => db.RhiShares.Where(s => s.ReturnInterviewId == rhi).Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => o.Name).ToListAsync());
        Assert.Equal(2, names.Count);
        var shares = await App.WithDb(db => db.RhiShares.CountAsync());
        for (var refresh = 0; refresh < 2; refresh++)
        {
            var panel = await practitioner.GetStringAsync(submitted.Headers.Location!.OriginalString);
            Assert.Contains("govuk-panel--confirmation", panel);
            Assert.Contains("Interview submitted", panel);
            Assert.All(names, n => Assert.Contains(WebUtility.HtmlEncode(n), panel));
            Assert.Contains($"href=\"/return-interviews/{rhi}/summary\"", panel);
        }

        Assert.Equal(shares, await App.WithDb(db => db.RhiShares.CountAsync())); // a refresh shares and submits nothing
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        var denied = await city.GetAsync($"/return-interviews/submitted/{rhi}");
        Assert.True(denied.StatusCode == HttpStatusCode.NotFound || denied.Headers.Location?.OriginalString.Contains("denied", StringComparison.Ordinal) == true, denied.StatusCode.ToString());
        Assert.DoesNotContain("Interview submitted", await denied.Content.ReadAsStringAsync());
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.UserName == BeaconApp.Practitioner && e.Details == "via: interview-submitted")));
    }

    [Fact]
    public async Task A_recorded_referral_confirms_its_level_and_where_it_goes()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = $"/children/{App.CountyChildId}/referrals/new";
        var template = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        async Task<string> Refer(string code)
        {
            var form = template.Indicators.ToDictionary(i => $"Answers[{i.Code}]", i => i.Code == code ? "Known" : "No");
            form["ReferrerName"] = "Sam Example";
            form["ReferrerAgency"] = "School";
            form["ReceivedOn"] = ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant()).ToString("d/M/yyyy", null);
            form["Types"] = "CCE";
            var response = await BeaconApp.PostFormAsync(practitioner, page, form, page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Matches("^/referrals/recorded/[0-9a-f-]{36}$", response.Headers.Location!.OriginalString);
            return response.Headers.Location.OriginalString;
        }

        var high = await Refer("WEAPON");
        var before = await App.WithDb(db => db.Referrals.CountAsync());
        var html = await practitioner.GetStringAsync(high);
        Assert.Contains("govuk-panel--confirmation", html);
        Assert.Contains("High risk", html);
        Assert.Contains("Stafford MACE panel", html);
        Assert.Contains("Referral recorded", await practitioner.GetStringAsync(high));
        Assert.Equal(before, await App.WithDb(db => db.Referrals.CountAsync())); // a refresh records nothing

        var low = await practitioner.GetStringAsync(await Refer("OUT_LATE"));
        Assert.Contains("Low risk", low);
        Assert.Contains("key-work queue", low);

        var county = await App.SignInAsync(BeaconApp.CountyWorker); // a council may not open referrals
        var denied = await county.GetAsync(high);
        Assert.True(denied.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden || denied.Headers.Location?.OriginalString.Contains("denied", StringComparison.Ordinal) == true, denied.StatusCode.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.GetAsync($"/referrals/recorded/{Guid.NewGuid()}")).StatusCode);
    }

    [GeneratedRegex("<div class=\"govuk-error-summary\".*?</ul>", RegexOptions.Singleline)]
    private static partial Regex SummaryPattern();

    [GeneratedRegex("<a href=\"#([^\"]+)\">")]
    private static partial Regex LinkPattern();
}

public sealed class SqliteFormPatternTests(SqliteApp app) : FormPatternTests<SqliteApp>(app);

public sealed class PostgresFormPatternTests(PostgresApp app) : FormPatternTests<PostgresApp>(app);
