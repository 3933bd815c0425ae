using System.Net;
using System.Net.Http.Json;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Repeat missing (issue #4 §1): meetings raised once per threshold crossing, then recorded as held.</summary>
public abstract class RepeatMissingTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task Meetings_are_raised_at_3_and_5_episodes_in_90_days_once_each_and_recorded_when_held()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        var now = SystemClock.Instance.GetCurrentInstant();
        var sent = new List<Dictionary<string, string?>>();
        foreach (var daysAgo in new[] { 80, 60, 40, 30, 20 })
        {
            var body = Notifications.Valid(personId: person, now: now - Duration.FromDays(daysAgo));
            sent.Add(body);
            Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", body)).StatusCode);
        }

        var child = await App.WithDb(db => db.Episodes.Where(e => e.PolicePersonId == person).Select(e => e.ChildId).Distinct().SingleAsync());
        var levels = await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == child).OrderBy(m => m.Level).Select(m => m.Level).ToListAsync());
        Assert.Equal([3, 5], levels);

        // The same notification again, and an older episode arriving late, raise nothing new.
        await police.PostAsJsonAsync("/api/v1/notifications", sent[2]);
        await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(personId: person, now: now - Duration.FromDays(70)));
        Assert.Equal(2, await App.WithDb(db => db.InterventionMeetings.CountAsync(m => m.ChildId == child)));

        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var list = await practitioner.GetStringAsync("/repeat-missing");
        var meeting = await App.WithDb(db => db.InterventionMeetings.SingleAsync(m => m.ChildId == child && m.Level == 3));
        Assert.Contains($"/repeat-missing/{meeting.Id}", list);

        var bad = await BeaconApp.PostFormAsync(practitioner, $"/repeat-missing/{meeting.Id}", new() { ["HeldOn"] = "31/02/2026", ["Version"] = meeting.Version.ToString() });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("Enter the date the meeting was held", html);
        Assert.Contains("List who attended, by agency", html);

        var good = await BeaconApp.PostFormAsync(practitioner, $"/repeat-missing/{meeting.Id}", new()
        {
            ["HeldOn"] = Beacon.Domain.Missing.ChildAge.DateOf(now).PlusDays(-20).ToString("d/M/yyyy", null),
            ["Chair"] = "Team manager (demo)",
            ["Attendees"] = "Police\nSchool\nChildren's social care",
            ["RisksDiscussed"] = "Late nights with older peers.",
            ["Actions"] = "School to check attendance daily – owner: school – by Friday",
            ["Version"] = meeting.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("held", (await App.WithDb(db => db.InterventionMeetings.SingleAsync(m => m.Id == meeting.Id))).Status);
        Assert.DoesNotContain($"/repeat-missing/{meeting.Id}\"", await practitioner.GetStringAsync("/repeat-missing"));

        // Actions agreed at the meeting are tracked records: bad input changes nothing.
        var meetingPage = $"/repeat-missing/{meeting.Id}";
        var addAction = $"{meetingPage}?handler=AddAction";
        var incomplete = await BeaconApp.PostFormAsync(practitioner, addAction, new() { ["ActionDescription"] = " ", ["ActionOwnerAgency"] = "School", ["ActionDueOn"] = "1/1/2020" }, meetingPage);
        html = await incomplete.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, incomplete.StatusCode);
        Assert.Contains("Describe the action in 1,000 characters or fewer", html);
        Assert.Contains("on or after the meeting", html);
        Assert.Equal(0, await App.WithDb(db => db.MeetingActions.CountAsync(a => a.MeetingId == meeting.Id)));

        // An action due ten days ago is listed as overdue until it is closed.
        var today = Beacon.Domain.Missing.ChildAge.DateOf(now);
        var added = await BeaconApp.PostFormAsync(practitioner, addAction, new()
        {
            ["ActionDescription"] = "Check school attendance daily",
            ["ActionOwnerAgency"] = "School – designated safeguarding lead",
            ["ActionOwnerName"] = string.Empty,
            ["ActionDueOn"] = today.PlusDays(-10).ToString("d/M/yyyy", null),
        }, meetingPage);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var action = await App.WithDb(db => db.MeetingActions.SingleAsync(a => a.MeetingId == meeting.Id));
        Assert.Equal(("open", child, (string?)null), (action.Status, action.ChildId, action.OwnerName));
        Assert.Contains($"/repeat-missing/actions/{action.Id}", await practitioner.GetStringAsync("/repeat-missing"));
        Assert.Contains("Check school attendance daily", await practitioner.GetStringAsync(meetingPage));

        // Only the provider's caseworkers work the action list.
        var council = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Contains((await council.GetAsync($"/repeat-missing/actions/{action.Id}")).StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.Redirect });

        var actionPage = $"/repeat-missing/actions/{action.Id}";
        var noOutcome = await BeaconApp.PostFormAsync(practitioner, actionPage, new() { ["Closure"] = "done", ["Outcome"] = string.Empty, ["ClosedOn"] = today.ToString("d/M/yyyy", null), ["Version"] = action.Version.ToString() });
        Assert.Contains("Say what was done", await noOutcome.Content.ReadAsStringAsync());
        Assert.Equal("open", (await App.WithDb(db => db.MeetingActions.SingleAsync(a => a.Id == action.Id))).Status);

        var closed = await BeaconApp.PostFormAsync(practitioner, actionPage, new() { ["Closure"] = "done", ["Outcome"] = "Attendance checked daily for two weeks; no absences.", ["ClosedOn"] = today.ToString("d/M/yyyy", null), ["Version"] = action.Version.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var done = await App.WithDb(db => db.MeetingActions.SingleAsync(a => a.Id == action.Id));
        Assert.Equal(("done", (LocalDate?)today), (done.Status, done.ClosedOn));
        Assert.DoesNotContain($"/repeat-missing/actions/{action.Id}", await practitioner.GetStringAsync("/repeat-missing"));

        // A stale second close is refused, and every change is in the audit log.
        var stale = await BeaconApp.PostFormAsync(practitioner, actionPage, new() { ["Closure"] = "cancelled", ["Outcome"] = "Not needed.", ["ClosedOn"] = today.ToString("d/M/yyyy", null), ["Version"] = action.Version.ToString() });
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("done", (await App.WithDb(db => db.MeetingActions.SingleAsync(a => a.Id == action.Id))).Status);
        var audited = await App.WithDb(db => db.AuditEntries.Where(e => e.RecordType == "MeetingAction" && e.RecordId == $"{child}/{action.Id}").Select(e => e.Action).ToListAsync());
        Assert.Contains("create", audited);
        Assert.Contains("update", audited);
        Assert.Contains("view", audited);
    }
}

public sealed class SqliteRepeatMissingTests(SqliteApp app) : RepeatMissingTests<SqliteApp>(app);

public sealed class PostgresRepeatMissingTests(PostgresApp app) : RepeatMissingTests<PostgresApp>(app);
