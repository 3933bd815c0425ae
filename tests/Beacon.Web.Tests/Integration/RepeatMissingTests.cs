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
            ["HeldOn"] = Beacon.Domain.Missing.ChildAge.DateOf(now).ToString("d/M/yyyy", null),
            ["Chair"] = "Team manager (demo)",
            ["Attendees"] = "Police\nSchool\nChildren's social care",
            ["RisksDiscussed"] = "Late nights with older peers.",
            ["Actions"] = "School to check attendance daily – owner: school – by Friday",
            ["Version"] = meeting.Version.ToString(),
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        Assert.Equal("held", (await App.WithDb(db => db.InterventionMeetings.SingleAsync(m => m.Id == meeting.Id))).Status);
        Assert.DoesNotContain($"/repeat-missing/{meeting.Id}\"", await practitioner.GetStringAsync("/repeat-missing"));
    }
}

public sealed class SqliteRepeatMissingTests(SqliteApp app) : RepeatMissingTests<SqliteApp>(app);

public sealed class PostgresRepeatMissingTests(PostgresApp app) : RepeatMissingTests<PostgresApp>(app);
