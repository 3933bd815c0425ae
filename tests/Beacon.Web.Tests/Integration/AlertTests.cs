using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Infrastructure.Jobs;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Alerts (issue #7 §3): raised for the right people once each, shown in the notification centre, and
/// emailed once to those who chose email, with no personal details.</summary>
public abstract class AlertTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private Task<string> RunJobAsync(string name) => App.RunJobAsync(name);

    private Task<Guid> UserIdAsync(string email) => App.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private static async Task ChooseEmailAsync(HttpClient client, string? locality, params string[] kinds)
    {
        var page = await client.GetStringAsync("/account/alerts");
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", BeaconApp.AntiforgeryToken(page)), new("Locality", locality ?? string.Empty) };
        fields.AddRange(kinds.Select(k => new KeyValuePair<string, string>("EmailKinds", k)));
        var response = await client.PostAsync("/account/alerts", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<(Guid ChildId, string ChildReference, Guid RhiId, string RhiReference)> NotifyAsync(Dictionary<string, string?> body)
    {
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", body)).StatusCode);
        return await App.WithDb(async db =>
        {
            var episode = await db.Episodes.Include(e => e.Child).SingleAsync(e => e.PoliceReference == body["police_reference"]);
            var rhi = await db.ReturnInterviews.SingleAsync(r => r.Id == episode.ReturnInterviewId);
            return (episode.ChildId, episode.Child!.Reference, rhi.Id, rhi.Reference);
        });
    }

    [Fact]
    public async Task A_new_notification_alerts_the_team_of_its_area_once_and_emails_only_those_who_chose_email()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner); // North, by the demo seed
        await ChooseEmailAsync(practitioner, "North", AlertKinds.NewNotification, AlertKinds.RhiOverdue);
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager)); // North, no email

        var stafford = Notifications.Valid(); // Stafford is in the North locality
        var stoke = Notifications.Valid();
        stoke["district_code"] = "E06000021";
        stoke["responsible_authority"] = "861";
        var (childId, childReference, rhiId, _) = await NotifyAsync(stafford);
        var (stokeChild, stokeReference, _, _) = await NotifyAsync(stoke);

        Assert.Contains("new", await RunJobAsync("alert-scan"));
        await RunJobAsync("alert-scan"); // a second run (or another instance) adds nothing

        var practitionerId = await UserIdAsync(BeaconApp.Practitioner);
        var managerId = await UserIdAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager));
        var countyWorkerId = await UserIdAsync(BeaconApp.CountyWorker);
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.Kind == AlertKinds.NewNotification && (a.Title.Contains(childReference) || a.Title.Contains(stokeReference))).ToListAsync());
        Assert.Single(alerts, a => a.UserId == practitionerId && a.Title.Contains(childReference) && a.EmailState == AlertEmailState.Pending && a.Link == $"/return-interviews/{rhiId}");
        Assert.Single(alerts, a => a.UserId == managerId && a.Title.Contains(childReference) && a.EmailState == AlertEmailState.None);
        Assert.DoesNotContain(alerts, a => a.Title.Contains(stokeReference)); // nobody has Stoke-on-Trent as their area
        Assert.DoesNotContain(alerts, a => a.UserId == countyWorkerId); // a council worker with no area set

        // The header shows the unread count; the centre lists the alert; opening it marks it read and goes to the RHI.
        var home = await practitioner.GetStringAsync("/");
        var unread = int.Parse(Regex.Match(home, "beacon-count\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(unread >= 1);
        var centre = await practitioner.GetStringAsync("/alerts");
        Assert.Contains($"New missing notification for child {childReference}", centre);
        var mine = alerts.Single(a => a.UserId == practitionerId);
        var opened = await BeaconApp.PostFormAsync(practitioner, $"/alerts?handler=Open&id={mine.Id}", [], "/alerts");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/return-interviews/{rhiId}", opened.Headers.Location!.OriginalString);
        Assert.NotNull(await App.WithDb(db => db.Alerts.Where(a => a.Id == mine.Id).Select(a => a.ReadAt).SingleAsync()));
        var after = int.Parse(Regex.Match(await practitioner.GetStringAsync("/"), "beacon-count\">(\\d+)<") is { Success: true } m ? m.Groups[1].Value : "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(unread - 1, after);

        // Another user cannot open (or even see) someone else's alert.
        var managerAlert = alerts.Single(a => a.UserId == managerId);
        Assert.Equal(HttpStatusCode.NotFound, (await BeaconApp.PostFormAsync(practitioner, $"/alerts?handler=Open&id={managerAlert.Id}", [], "/alerts")).StatusCode);
        Assert.DoesNotContain(managerAlert.Id.ToString(), await practitioner.GetStringAsync("/alerts"));
        Assert.Null(await App.WithDb(db => db.Alerts.Where(a => a.Id == managerAlert.Id).Select(a => a.ReadAt).SingleAsync()));
        Assert.Contains(childReference, await manager.GetStringAsync("/alerts"));

        // Emailed once, to the practitioner only, with a link and the reference but no name or date of birth.
        await RunJobAsync("alert-mailer");
        await RunJobAsync("alert-mailer");
        var emails = SmtpSink.Shared.Messages.Where(e => e.Subject.Contains(childReference, StringComparison.Ordinal)).ToList();
        var email = Assert.Single(emails);
        Assert.Equal([BeaconApp.Practitioner], email.To);
        Assert.Contains($"https://beacon.test.example/return-interviews/{rhiId}", email.Body);
        Assert.DoesNotContain(stafford["family_name"]!, email.Subject + email.Body);
        Assert.DoesNotContain("Rowan", email.Subject + email.Body);
        Assert.DoesNotContain("2011", email.Body);
        Assert.Equal(AlertEmailState.Sent, await App.WithDb(db => db.Alerts.Where(a => a.Id == mine.Id).Select(a => a.EmailState).SingleAsync()));
        Assert.DoesNotContain(SmtpSink.Shared.Messages, e => e.Subject.Contains(stokeReference, StringComparison.Ordinal));
        _ = childId;
        _ = stokeChild;
    }

    [Fact]
    public async Task Offers_due_soon_and_overdue_alert_the_allocated_worker_or_else_the_team_and_allocation_alerts_the_worker()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        var dueSoon = Notifications.Valid(now: now - Duration.FromHours(41)); // returned 65 hours ago: due in 7 hours
        var overdue = Notifications.Valid(now: now - Duration.FromHours(56)); // returned 80 hours ago: 8 hours late
        var (_, _, soonId, soonReference) = await NotifyAsync(dueSoon);
        var (_, _, lateId, lateReference) = await NotifyAsync(overdue);

        // The team manager allocates the overdue one to the practitioner: the practitioner is alerted at once.
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager));
        var practitionerId = await UserIdAsync(BeaconApp.Practitioner);
        var managerId = await UserIdAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager));
        var allocated = await BeaconApp.PostFormAsync(manager, $"/return-interviews/{lateId}?handler=Allocate", new() { ["AllocateTo"] = practitionerId.ToString() }, $"/return-interviews/{lateId}");
        Assert.Equal(HttpStatusCode.Redirect, allocated.StatusCode);
        Assert.Single(await App.WithDb(db => db.Alerts.Where(a => a.Kind == AlertKinds.RhiAssigned && a.UserId == practitionerId && a.Link == $"/return-interviews/{lateId}").ToListAsync()));

        // A practitioner cannot allocate; nor can anyone allocate to a council worker.
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var refused = await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{soonId}?handler=Allocate", new() { ["AllocateTo"] = practitionerId.ToString() }, $"/return-interviews/{soonId}");
        Assert.Contains("Only team and service managers can allocate", await refused.Content.ReadAsStringAsync());
        var councilWorker = await UserIdAsync(BeaconApp.CountyWorker);
        var wrong = await BeaconApp.PostFormAsync(manager, $"/return-interviews/{soonId}?handler=Allocate", new() { ["AllocateTo"] = councilWorker.ToString() }, $"/return-interviews/{soonId}");
        Assert.Contains("Choose who to allocate the interview to", await wrong.Content.ReadAsStringAsync());
        Assert.Null(await App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == soonId).Select(r => r.AssignedToId).SingleAsync()));

        await RunJobAsync("alert-scan");
        await RunJobAsync("alert-scan");
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.Link == $"/return-interviews/{soonId}" || a.Link == $"/return-interviews/{lateId}").ToListAsync());
        // Due soon and unallocated: the North team (practitioner and manager), once each.
        Assert.Single(alerts, a => a.Kind == AlertKinds.RhiDueSoon && a.UserId == practitionerId && a.Title.Contains(soonReference));
        Assert.Single(alerts, a => a.Kind == AlertKinds.RhiDueSoon && a.UserId == managerId);
        // Overdue and allocated: only the practitioner.
        Assert.Single(alerts, a => a.Kind == AlertKinds.RhiOverdue && a.UserId == practitionerId && a.Title.Contains(lateReference));
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKinds.RhiOverdue && a.UserId == managerId);
    }

    [Fact]
    public async Task Crossing_a_repeat_missing_threshold_and_an_action_falling_due_alert_the_team_once()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var person = $"PP-{Guid.NewGuid():N}"[..14];
        var now = SystemClock.Instance.GetCurrentInstant();
        foreach (var daysAgo in new[] { 50, 30, 20 })
        {
            Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid(personId: person, now: now - Duration.FromDays(daysAgo)))).StatusCode);
        }

        var child = await App.WithDb(db => db.Episodes.Where(e => e.PolicePersonId == person).Select(e => e.ChildId).Distinct().SingleAsync());
        var meeting = await App.WithDb(db => db.InterventionMeetings.SingleAsync(m => m.ChildId == child));
        var today = Beacon.Domain.Missing.ChildAge.DateOf(now);
        await App.WithDb(async db =>
        {
            db.MeetingActions.Add(new Beacon.Web.Features.RepeatMissing.MeetingAction
            {
                Id = Guid.NewGuid(),
                MeetingId = meeting.Id,
                ChildId = meeting.ChildId,
                Description = "School to check attendance",
                OwnerAgency = "School",
                DueOn = today.PlusDays(-2),
                Status = Beacon.Web.Features.RepeatMissing.MeetingAction.Open,
                CreatedAt = now,
                UpdatedAt = now,
            });
            return await db.SaveChangesAsync();
        });

        await RunJobAsync("alert-scan");
        await RunJobAsync("alert-scan");
        var practitionerId = await UserIdAsync(BeaconApp.Practitioner);
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.UserId == practitionerId && (a.Link == $"/repeat-missing/{meeting.Id}" || a.Kind == AlertKinds.ActionOverdue)).ToListAsync());
        Assert.Single(alerts, a => a.Kind == AlertKinds.RepeatMissing && a.Title.Contains("reached 3 missing episodes"));
        Assert.Single(alerts, a => a.Kind == AlertKinds.ActionOverdue);
    }

    [Fact]
    public async Task An_rhi_open_14_days_after_the_return_and_a_reassessment_falling_due_prompt_the_team_once()
    {
        App.SkipIfUnavailable();
        var now = SystemClock.Instance.GetCurrentInstant();
        var (childId, _, staleId, staleReference) = await NotifyAsync(Notifications.Valid(now: now - Duration.FromDays(14))); // returned 15 days ago
        var (_, _, freshId, _) = await NotifyAsync(Notifications.Valid(now: now - Duration.FromDays(12))); // 13 days: not yet
        var today = Beacon.Domain.Missing.ChildAge.DateOf(now);
        var template = await App.WithDb(db => db.RfmTemplates.MaxAsync(t => t.Version));
        var referral = new Beacon.Web.Features.Exploitation.Referral
        {
            Id = Guid.NewGuid(),
            ChildId = childId,
            Reference = $"REF-{Guid.NewGuid():N}"[..12],
            TemplateVersion = template,
            Answers = "{}",
            ExploitationTypes = "CSE",
            ReferrerName = "Test referrer",
            ReferrerAgency = "School",
            ReceivedOn = today.PlusWeeks(-6),
            Status = Beacon.Web.Features.Exploitation.Referral.Open,
            Pathway = Beacon.Domain.Exploitation.Pathway.KeyWork,
            ReassessmentDueOn = today,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await App.WithDb(async db =>
        {
            db.Referrals.Add(referral);
            return await db.SaveChangesAsync();
        });

        await RunJobAsync("alert-scan");
        await RunJobAsync("alert-scan");
        var practitionerId = await UserIdAsync(BeaconApp.Practitioner);
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.UserId == practitionerId).ToListAsync());
        Assert.Single(alerts, a => a.Kind == AlertKinds.RhiNoContact && a.Link == $"/return-interviews/{staleId}" && a.Title.Contains(staleReference));
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKinds.RhiNoContact && a.Link == $"/return-interviews/{freshId}");
        Assert.DoesNotContain(alerts, a => a.Kind == AlertKinds.RhiOverdue && a.Link == $"/return-interviews/{staleId}"); // overdue by more than a week: history
        Assert.Single(alerts, a => a.Kind == AlertKinds.ReassessmentDue && a.Link == $"/referrals/{referral.Id}");
    }

    [Fact]
    public async Task Two_mailers_running_at_once_send_each_email_once()
    {
        App.SkipIfUnavailable();
        var practitionerId = await UserIdAsync(BeaconApp.Practitioner);
        var batch = Guid.NewGuid().ToString("N")[..8];
        await App.WithDb(async db =>
        {
            for (var i = 0; i < 30; i++)
            {
                db.Alerts.Add(new Alert
                {
                    Id = Guid.NewGuid(),
                    UserId = practitionerId,
                    Kind = AlertKinds.RhiOverdue,
                    Key = $"test:{batch}:{i}",
                    Title = $"Concurrency check {batch} #{i}:",
                    Link = "/return-interviews",
                    CreatedAt = SystemClock.Instance.GetCurrentInstant(),
                    EmailState = AlertEmailState.Pending,
                });
            }

            return await db.SaveChangesAsync();
        });

        // Bypasses the scheduler's lease on purpose: the per-email claim alone must prevent a second send.
        await Task.WhenAll(RunJobAsync("alert-mailer"), RunJobAsync("alert-mailer"), RunJobAsync("alert-mailer"));
        var received = SmtpSink.Shared.Messages.Where(m => m.Subject.Contains($"Concurrency check {batch} #", StringComparison.Ordinal)).ToList();
        Assert.Equal(30, received.Count);
        Assert.Equal(30, received.Select(m => m.Subject).Distinct().Count());
        Assert.Equal(30, await App.WithDb(db => db.Alerts.CountAsync(a => a.Key.StartsWith($"test:{batch}:") && a.EmailState == AlertEmailState.Sent)));
    }

    [Fact]
    public async Task Marking_all_read_confirms_through_an_httponly_strict_tempdata_cookie()
    {
        App.SkipIfUnavailable();
        var client = await App.SignInAsync(BeaconApp.CountyWorker);
        var response = await BeaconApp.PostFormAsync(client, "/alerts?handler=ReadAll", [], "/alerts");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("beacon.tempdata=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("alerts marked as read", await client.GetStringAsync("/alerts"));
    }

    [Fact]
    public async Task Alert_choices_reject_unknown_values_and_change_nothing()
    {
        App.SkipIfUnavailable();
        var client = await App.SignInAsync(BeaconApp.CityWorker);
        var page = await client.GetStringAsync("/account/alerts");
        var response = await client.PostAsync("/account/alerts", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", BeaconApp.AntiforgeryToken(page)), new("Locality", "Atlantis"), new("EmailKinds", "everything"),
        ]));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choose one of the localities listed", html);
        Assert.Contains("Choose from the alerts listed", html);
        var id = await UserIdAsync(BeaconApp.CityWorker);
        Assert.Null(await App.WithDb(db => db.Users.Where(u => u.Id == id).Select(u => u.Locality).SingleAsync()));
        Assert.Equal(0, await App.WithDb(db => db.AlertEmailPreferences.CountAsync(p => p.UserId == id)));
    }
}

public sealed class SqliteAlertTests(SqliteApp app) : AlertTests<SqliteApp>(app);

public sealed class PostgresAlertTests(PostgresApp app) : AlertTests<PostgresApp>(app);
