using System.Net;
using System.Net.Http.Json;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
        Assert.Contains($"/repeat-missing/actions/{action.Id}", await practitioner.GetStringAsync("/repeat-missing?show=actions"));
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

    /// <summary>Issue #22 §1: a file whose rows are out of date order. Each child has 3 episodes in 40 days, newest
    /// first; in one batch, and with the rows 3 batches apart (batches of 2), so the crossing falls at an episode stored
    /// by an earlier batch. Each child gets one meeting, crossed at its newest episode, and a re-import adds none.</summary>
    [Fact]
    public async Task Rows_out_of_date_order_raise_the_crossing_within_a_batch_and_across_batches_once()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        List<Dictionary<string, string?>> ChildRows()
        {
            var person = $"PP-{Guid.NewGuid():N}"[..14];
            return [.. new[] { 20, 40, 60 }.Select(daysAgo => Notifications.Valid(personId: person, now: now - Duration.FromDays(daysAgo)))];
        }

        var together = ChildRows();
        var apart = ChildRows();
        var other = ChildRows();
        var file = new[] { apart[0], other[0], apart[1], other[1], together[0], together[1], together[2], other[2], apart[2] };
        await ImportAsync(file, batchSize: 2);
        await ImportAsync(file, batchSize: 2); // the same file again

        foreach (var rows in new[] { together, apart, other })
        {
            var trigger = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PoliceReference == rows[0]["police_reference"]));
            var meeting = Assert.Single(await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == trigger.ChildId).ToListAsync()));
            var crossedOn = Beacon.Domain.Missing.ChildAge.DateOf(trigger.ReportedMissingAt);
            Assert.Equal((3, trigger.Id, crossedOn, crossedOn.PlusDays(10)), (meeting.Level, meeting.TriggerEpisodeId, meeting.CrossedOn, meeting.DueOn));
        }
    }

    /// <summary>Issue #22 §1: a meeting raised at a crossing that older episodes, arriving later, show came earlier is
    /// re-dated while still to be held — the same crossing date (and due date, and quarter) as had every episode arrived
    /// in date order — and the higher threshold the full history now crosses is raised once.</summary>
    [Fact]
    public async Task Older_episodes_arriving_later_date_an_open_meeting_at_the_crossing_the_history_in_order_gives()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        var recent = new[] { 100, 90, 80 }.Select(daysAgo => Notifications.Valid(personId: person, now: now - Duration.FromDays(daysAgo))).ToList();
        var older = new[] { 160, 150 }.Select(daysAgo => Notifications.Valid(personId: person, now: now - Duration.FromDays(daysAgo))).ToList();
        await ImportAsync(recent);
        var child = await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == recent[0]["police_reference"]).Select(e => e.ChildId).SingleAsync());
        var first = Assert.Single(await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == child).ToListAsync()));
        var atHundred = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PoliceReference == recent[0]["police_reference"]));
        var atEighty = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PoliceReference == recent[2]["police_reference"]));
        Assert.Equal((3, atEighty.Id), (first.Level, first.TriggerEpisodeId));

        await ImportAsync(older);
        await ImportAsync(older); // again: nothing more
        var meetings = await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == child).OrderBy(m => m.Level).ToListAsync());
        Assert.Equal([3, 5], meetings.Select(m => m.Level));
        var crossedOn = Beacon.Domain.Missing.ChildAge.DateOf(atHundred.ReportedMissingAt);
        Assert.Equal((first.Id, atHundred.Id, crossedOn, crossedOn.PlusDays(10)), (meetings[0].Id, meetings[0].TriggerEpisodeId, meetings[0].CrossedOn, meetings[0].DueOn));
        Assert.Equal(atEighty.Id, meetings[1].TriggerEpisodeId);
    }

    /// <summary>Issue #22 §1: an episode from months ago notified late completes a window with two stored episodes. The
    /// meeting is raised, crossed at the stored episode and raised today, due (so overdue) from the crossing; the pages
    /// say it was raised late; the quarterly return counts it in the crossing's quarter; re-importing adds nothing.</summary>
    [Fact]
    public async Task An_old_episode_in_a_later_file_raises_the_crossing_it_completes_late_and_the_return_counts_it()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        var stored = new[] { 280, 300 }.Select(daysAgo => Notifications.Valid(personId: person, now: now - Duration.FromDays(daysAgo))).ToList();
        var late = Notifications.Valid(personId: person, now: now - Duration.FromDays(320));
        await ImportAsync(stored);
        var trigger = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PoliceReference == stored[0]["police_reference"]));
        var crossedOn = Beacon.Domain.Missing.ChildAge.DateOf(trigger.ReportedMissingAt);
        var year = Beacon.Domain.Reporting.FinancialYear.Of(crossedOn);
        var quarter = Beacon.Web.Features.Reports.MissingReturn.PeriodsOf(year, "quarterly").Single(q => q.Contains(crossedOn)).Label;
        async Task<int> MeetingsCounted() => (await App.WithDb(db => new Beacon.Web.Features.Reports.MissingReturn(db).BuildAsync(year, "quarterly")))
            .Single(r => r.AreaKind == "total" && r.Period == quarter)["children_meeting_3"] is int n ? n : -1;
        var countedBefore = await MeetingsCounted();
        Assert.Empty(await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == trigger.ChildId).ToListAsync()));

        await ImportAsync([late]);
        await ImportAsync([late]);
        await ImportAsync(stored);
        var meeting = Assert.Single(await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == trigger.ChildId).ToListAsync()));
        var today = Beacon.Domain.Missing.ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());
        Assert.Equal((3, trigger.Id, crossedOn, today, crossedOn.PlusDays(10)), (meeting.Level, meeting.TriggerEpisodeId, meeting.CrossedOn, meeting.RaisedOn, meeting.DueOn));
        Assert.Equal(countedBefore + 1, await MeetingsCounted());

        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var overdue = await practitioner.GetStringAsync("/repeat-missing?show=overdue");
        var row = overdue[overdue.IndexOf($"/children/{trigger.ChildId}", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("Raised late", row);
        Assert.Contains(today.ToString("d MMM yyyy", null), row);
        Assert.Contains("Overdue", row);
        var page = await practitioner.GetStringAsync($"/repeat-missing/{meeting.Id}");
        Assert.Contains($"Raised late: crossed on {crossedOn.ToString("d MMMM yyyy", null)}, raised on {today.ToString("d MMMM yyyy", null)}", page);
    }

    /// <summary>A crossing raised on the day its episode was notified, in order, is not raised late, though the episode
    /// started days before (police notify after the return): "Raised late" says episodes arrived late or out of order.</summary>
    [Fact]
    public async Task An_in_order_crossing_raised_the_day_it_was_notified_is_not_marked_raised_late()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        await ImportAsync(new[] { 30, 20 }.Select(daysAgo => Notifications.Valid(personId: person, now: now - Duration.FromDays(daysAgo))).ToList());
        var trigger = Notifications.Valid(personId: person, now: now);
        trigger["notified_at"] = Notifications.Iso(now);
        await ImportAsync([trigger]);

        var child = await App.WithDb(db => db.Episodes.Where(e => e.PolicePersonId == person).Select(e => e.ChildId).Distinct().SingleAsync());
        var meeting = Assert.Single(await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == child).ToListAsync()));
        Assert.True(meeting.RaisedOn > meeting.CrossedOn);
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var list = await practitioner.GetStringAsync("/repeat-missing");
        var row = list[list.IndexOf($"/children/{meeting.ChildId}", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Raised late", row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
        Assert.DoesNotContain("raised-late", await practitioner.GetStringAsync($"/repeat-missing/{meeting.Id}"));
    }

    /// <summary>Issue #22 §1: the hourly scan reads the whole history, not the last 91 days: three episodes over a year ago
    /// written without a check (as a merge leaves them) raise one meeting, and the next run none.</summary>
    [Fact]
    public async Task The_scan_raises_a_crossing_of_any_age_once()
    {
        App.SkipIfUnavailable();
        var now = Instant.FromUnixTimeSeconds(SystemClock.Instance.GetCurrentInstant().ToUnixTimeSeconds());
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        await ImportAsync([Notifications.Valid(personId: person, now: now - Duration.FromDays(420))]);
        var first = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PolicePersonId == person));
        var trigger = await App.WithDb(async db =>
        {
            Beacon.Web.Features.Missing.Episode? last = null;
            foreach (var daysAgo in new[] { 410, 400 })
            {
                var reported = now - Duration.FromDays(daysAgo);
                db.Episodes.Add(last = new Beacon.Web.Features.Missing.Episode
                {
                    Id = Guid.NewGuid(),
                    ChildId = first.ChildId,
                    PoliceReference = $"SCAN-{Guid.NewGuid():N}"[..16],
                    GivenName = first.GivenName,
                    FamilyName = first.FamilyName,
                    DateOfBirth = first.DateOfBirth,
                    Gender = first.Gender,
                    HostDistrictCode = first.HostDistrictCode,
                    LivingSituation = first.LivingSituation,
                    ResponsibleAuthorityId = first.ResponsibleAuthorityId,
                    ReportedMissingAt = reported,
                    MissingOrAbsent = "M",
                    PoliceRisk = "LOW",
                    NotifiedAt = reported + Duration.FromHours(8),
                    Source = "import",
                    CreatedAt = now,
                    UpdatedAt = now,
                });
            }

            await db.SaveChangesAsync();
            return last!;
        });
        Assert.Equal(0, await App.WithDb(db => db.InterventionMeetings.CountAsync(m => m.ChildId == first.ChildId)));

        async Task<string> ScanAsync()
        {
            using var scope = App.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<Beacon.Web.Infrastructure.Security.CurrentActor>().UseSystem("job:test-scan");
            var scan = scope.ServiceProvider.GetServices<Beacon.Web.Infrastructure.Jobs.IRecurringJob>().OfType<Beacon.Web.Features.RepeatMissing.RepeatMissingScan>().Single();
            return await scan.RunAsync(now, TestContext.Current.CancellationToken);
        }

        Assert.EndsWith(", 1 meetings raised", await ScanAsync());
        Assert.EndsWith(", 0 meetings raised", await ScanAsync());
        var meeting = Assert.Single(await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == first.ChildId).ToListAsync()));
        Assert.Equal((3, trigger.Id, Beacon.Domain.Missing.ChildAge.DateOf(trigger.ReportedMissingAt), Beacon.Domain.Missing.ChildAge.DateOf(now)),
            (meeting.Level, meeting.TriggerEpisodeId, meeting.CrossedOn, meeting.RaisedOn));
    }

    /// <summary>Issue #22 §3, through the API: episodes on days 0, 1 and 80 cross 3; day 95 drops the window to 2; day
    /// 96 brings it back to 3 within 90 days of the first crossing, so no second meeting is raised.</summary>
    [Fact]
    public async Task Back_above_a_threshold_within_90_days_of_its_meeting_raises_no_second_one()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        var day0 = SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(120);
        foreach (var day in new[] { 0, 1, 80, 95, 96 })
        {
            Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(personId: person, now: day0 + Duration.FromDays(day)))).StatusCode);
        }

        var child = await App.WithDb(db => db.Episodes.Where(e => e.PolicePersonId == person).Select(e => e.ChildId).Distinct().SingleAsync());
        var meeting = Assert.Single(await App.WithDb(db => db.InterventionMeetings.Where(m => m.ChildId == child).ToListAsync()));
        Assert.Equal(Beacon.Domain.Missing.ChildAge.DateOf(day0 + Duration.FromDays(80) - Duration.FromHours(48)), meeting.CrossedOn);
    }

    /// <summary>Imports the rows as one CSV file with <c>beacon import notifications</c>, in batches of
    /// <paramref name="batchSize"/> rows; it must succeed.</summary>
    private async Task ImportAsync(IEnumerable<IReadOnlyDictionary<string, string?>> rows, int batchSize = 5000)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("beacon-import-").FullName, "notifications.csv");
        await File.WriteAllTextAsync(file, Notifications.Csv(rows), TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var settings = App.CliSettings;
        settings["Beacon:Import:BatchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], output, new StringWriter(), settings) == 0, output.ToString());
    }
}

public sealed class SqliteRepeatMissingTests(SqliteApp app) : RepeatMissingTests<SqliteApp>(app);

public sealed class PostgresRepeatMissingTests(PostgresApp app) : RepeatMissingTests<PostgresApp>(app);
