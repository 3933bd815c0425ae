using System.Net;
using System.Text.Json;
using Beacon.Domain.Mentoring;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Mentors' training sessions, support and the mentoring report (issue #20 §2, §4, §7; docs/decisions/0022):
/// attendance renews training and feeds the refresher list, overdue supervision alerts coordinators once, and the
/// report's figures are worked by hand for financial year 2019 (no other record is dated then).</summary>
public abstract class MentorSupportTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    private const string Coordinator = "coordinator@provider.beacon.example";

    protected TApp App { get; } = app;

    private static LocalDate Today => SystemClock.Instance.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    private static string F(LocalDate d) => d.ToString("d/M/yyyy", null);

    private Task<Guid> MentorAsync(string name, string kind, params (LocalDate On, string Status)[] history) => App.WithDb(async db =>
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var mentor = new Mentor { Id = Guid.NewGuid(), Name = name, Kind = kind, Status = history[^1].Status, CreatedAt = now, UpdatedAt = now };
        db.Set<Mentor>().Add(mentor);
        foreach (var (on, status) in history)
        {
            db.Set<MentorStatusChange>().Add(new MentorStatusChange { Id = Guid.NewGuid(), MentorId = mentor.Id, Status = status, ChangedOn = on, RecordedBy = "test", RecordedAt = now });
            now += Duration.FromSeconds(1);
        }

        await db.SaveChangesAsync();
        return mentor.Id;
    });

    private Task<Guid> CourseAsync(string kind, int? months) => App.WithDb(async db =>
    {
        var course = new TrainingCourse { Id = Guid.NewGuid(), Name = $"Course {Guid.NewGuid():N}", Kind = kind, ValidityMonths = months };
        db.Set<TrainingCourse>().Add(course);
        await db.SaveChangesAsync();
        return course.Id;
    });

    [Fact]
    public async Task A_completed_session_renews_training_and_the_refresher_list_shows_who_is_due()
    {
        App.SkipIfUnavailable();
        var mentor = await MentorAsync("Refresher Person", "mentor", (Today.PlusYears(-2), MentorStatus.Active));
        var attendedOnly = await MentorAsync("Attended Only", "volunteer", (Today.PlusYears(-2), MentorStatus.Active));
        var course = await CourseAsync("safeguarding", 12);
        var coordinator = await App.SignInAsync(Coordinator);
        var heldOn = Today.PlusMonths(-12).PlusDays(20); // expires in 20 days: due a refresher
        var added = await BeaconApp.PostFormAsync(coordinator, "/mentoring/training?handler=Session", new()
        {
            ["CourseId"] = course.ToString(),
            ["HeldOn"] = F(heldOn),
            ["Minutes"] = "150",
            ["Trainer"] = "Sam Trainer",
            ["Place"] = "Hanley office",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var session = added.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(coordinator, session, new() { ["MentorId"] = mentor.ToString(), ["Completed"] = "yes" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(coordinator, session, new() { ["MentorId"] = attendedOnly.ToString(), ["Completed"] = "no" })).StatusCode);
        var refused = await BeaconApp.PostFormAsync(coordinator, session, new() { ["MentorId"] = mentor.ToString() });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // completed yes/no is required

        var renewed = await App.WithDb(db => db.Set<Mentor>().SingleAsync(m => m.Id == mentor));
        Assert.Equal((heldOn, heldOn.PlusMonths(12)), (renewed.SafeguardingTrainedOn, renewed.SafeguardingDueOn));
        Assert.Null((await App.WithDb(db => db.Set<Mentor>().SingleAsync(m => m.Id == attendedOnly))).SafeguardingTrainedOn);

        var training = await coordinator.GetStringAsync("/mentoring/training");
        Assert.Contains("Refresher Person", training, StringComparison.Ordinal);
        Assert.DoesNotContain("Attended Only", training[training.IndexOf("id=\"refreshers\"", StringComparison.Ordinal)..training.IndexOf("id=\"sessions\"", StringComparison.Ordinal)], StringComparison.Ordinal);
        var record = await coordinator.GetStringAsync($"/mentoring/{mentor}");
        Assert.Contains("Sam Trainer", record, StringComparison.Ordinal);
        Assert.Contains(heldOn.PlusMonths(12).ToString("d MMM yyyy", null), record, StringComparison.Ordinal);

        // Only coordinators open training pages.
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        Assert.NotEqual(HttpStatusCode.OK, (await analyst.GetAsync("/mentoring/training")).StatusCode);
    }

    [Fact]
    public async Task Overdue_supervision_and_wellbeing_alert_coordinators_once_and_recording_them_stops_it()
    {
        App.SkipIfUnavailable();
        var mentor = await MentorAsync("Overdue Person", "mentor", (Today.PlusDays(-60), MentorStatus.Active)); // 6 weeks and 4 weeks both passed
        var onTime = await MentorAsync("On Time Person", "mentor", (Today.PlusDays(-42), MentorStatus.Active)); // supervision due today: not yet overdue
        await App.RunJobAsync("mentor-vetting-scan");
        await App.RunJobAsync("mentor-vetting-scan");
        var coordinatorId = await App.WithDb(db => db.Users.Where(u => u.Email == Coordinator).Select(u => u.Id).SingleAsync());
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.UserId == coordinatorId && a.Link!.StartsWith("/mentoring/")).ToListAsync());
        Assert.Single(alerts, a => a.Kind == MentorVettingScan.SupervisionOverdueAlert && a.Link == $"/mentoring/{mentor}/support");
        Assert.Single(alerts, a => a.Kind == MentorVettingScan.WellbeingOverdueAlert && a.Link == $"/mentoring/{mentor}/support");
        Assert.DoesNotContain(alerts, a => a.Kind == MentorVettingScan.SupervisionOverdueAlert && a.Link == $"/mentoring/{onTime}/support");
        Assert.All(alerts, a => Assert.DoesNotContain("Person", a.Title, StringComparison.Ordinal));

        var coordinator = await App.SignInAsync(Coordinator);
        var support = $"/mentoring/{mentor}/support";
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(coordinator, support + "?handler=Supervision", new() { ["SupervisedOn"] = F(Today), ["SupervisionMinutes"] = "60", ["Supervisor"] = "Sue Pervisor", ["Notes"] = "Private supervision note" }, support)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(coordinator, support + "?handler=Wellbeing", new() { ["CheckedOn"] = F(Today), ["Score"] = "7", ["Concerns"] = "Private wellbeing concern" }, support)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await BeaconApp.PostFormAsync(coordinator, support + "?handler=Wellbeing", new() { ["CheckedOn"] = F(Today), ["Score"] = "11" }, support)).StatusCode);
        var page = await coordinator.GetStringAsync(support);
        Assert.Contains("Private supervision note", page, StringComparison.Ordinal);
        Assert.Contains(Today.PlusWeeks(6).ToString("d MMMM yyyy", null), page, StringComparison.Ordinal);

        await App.RunJobAsync("mentor-vetting-scan");
        Assert.Equal(2, await App.WithDb(db => db.Alerts.CountAsync(a => a.UserId == coordinatorId && a.Link == support)));

        // Notes are for coordinators: not managers, analysts or the mentor role.
        foreach (var other in new[] { BeaconApp.Analyst, BeaconApp.CountyManager, "mentor@provider.beacon.example" })
        {
            var response = await (await App.SignInAsync(other)).GetAsync(support);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("Private supervision note", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = BeaconApp.AntiforgeryToken(await client.GetStringAsync(path));
        return await client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    [Fact]
    public async Task The_mentoring_report_has_the_hand_worked_figures_for_2019_and_no_names()
    {
        App.SkipIfUnavailable();
        LocalDate D(int y, int m, int d) => new(y, m, d);

        // Participation and partner training, recorded through their pages: June 2019 a forum (2 known children + 3 others)
        // and a session for schools (12) and police (3); March 2020 a consultation (4 others) and a session for schools (5);
        // 31 March 2019 (the year before) a session for police (7), which is not counted.
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var by = $"user:{await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync())}";
        foreach (var (kind, on, children, others) in new[] { ("FORUM_SESSION", "10/6/2019", "TEST-COUNTY, TEST-CITY", "3"), ("CONSULTATION", "5/3/2020", "", "4") })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(practitioner, "/participation/new",
                [new("Kind", kind), new("HeldOn", on), new("Place", "Youth centre"), new("Facilitators", by), new("ChildReferences", children), new("OtherAttendees", others), new("CoProduced", "Reviewed")])).StatusCode);
        }

        foreach (var (on, audience) in new[] { ("15/6/2019", new[] { ("SCHOOL", "12"), ("POLICE", "3") }), ("20/3/2020", new[] { ("SCHOOL", "5") }), ("31/3/2019", new[] { ("POLICE", "7") }) })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(practitioner, "/partner-training/new",
                [new("DeliveredOn", on), new("Topic", "Briefing"), new("DeliveredBy", by), .. audience.Select(a => new KeyValuePair<string, string>($"Attending[{a.Item1}]", a.Item2))])).StatusCode);
        }

        var a = await MentorAsync("Alex Reportmentor", "mentor", (D(2019, 3, 10), MentorStatus.InTraining), (D(2019, 5, 15), MentorStatus.Active), (D(2019, 11, 20), MentorStatus.Left));
        var b = await MentorAsync("Bo Reportvolunteer", "volunteer", (D(2019, 4, 1), MentorStatus.Active));
        await MentorAsync("Cy Reporttrainee", "mentor", (D(2019, 6, 1), MentorStatus.InTraining));
        var course = await CourseAsync("induction", null);
        await App.WithDb(async db =>
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            var (m1, m2, session) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
            db.Set<MentorMatch>().AddRange(
                new MentorMatch { Id = m1, MentorId = a, ChildId = App.CountyChildId, StartedOn = D(2019, 6, 1), ChildAgreedOn = D(2019, 6, 1), EndedOn = D(2019, 9, 30), EndReason = "Goals met", Goals = "g", CreatedBy = "test", CreatedAt = now },
                new MentorMatch { Id = m2, MentorId = b, ChildId = App.CountyChildId, StartedOn = D(2019, 7, 1), ChildAgreedOn = D(2019, 7, 1), EndedOn = D(2019, 7, 31), EndReason = "Moved", Goals = "g", CreatedBy = "test", CreatedAt = now });
            db.Set<MentorContact>().AddRange(
                new MentorContact { Id = Guid.NewGuid(), MatchId = m1, ChildId = App.CountyChildId, HeldOn = D(2019, 6, 10), Minutes = 60, Kind = "phone", Place = "p", Notes = "n", RecordedBy = "test", RecordedAt = now },
                new MentorContact { Id = Guid.NewGuid(), MatchId = m1, ChildId = App.CountyChildId, HeldOn = D(2019, 6, 20), Minutes = 90, Kind = "phone", Place = "p", Notes = "n", RecordedBy = "test", RecordedAt = now },
                new MentorContact { Id = Guid.NewGuid(), MatchId = m2, ChildId = App.CountyChildId, HeldOn = D(2019, 7, 5), Minutes = 45, Kind = "phone", Place = "p", Notes = "n", RecordedBy = "test", RecordedAt = now });
            db.Set<TrainingSession>().Add(new TrainingSession { Id = session, CourseId = course, HeldOn = D(2019, 5, 1), Minutes = 120, Trainer = "t", Place = "p", RecordedBy = "test", RecordedAt = now });
            db.Set<TrainingAttendance>().AddRange(
                new TrainingAttendance { Id = Guid.NewGuid(), SessionId = session, MentorId = a, Completed = true, RecordedBy = "test", RecordedAt = now },
                new TrainingAttendance { Id = Guid.NewGuid(), SessionId = session, MentorId = b, Completed = false, RecordedBy = "test", RecordedAt = now });
            db.Set<MentorSupervision>().AddRange(
                new MentorSupervision { Id = Guid.NewGuid(), MentorId = a, HeldOn = D(2019, 6, 20), Minutes = 60, Supervisor = "s", Notes = "n", RecordedBy = "test", RecordedAt = now },
                new MentorSupervision { Id = Guid.NewGuid(), MentorId = b, HeldOn = D(2019, 5, 10), Minutes = 30, Supervisor = "s", Notes = "n", RecordedBy = "test", RecordedAt = now },
                new MentorSupervision { Id = Guid.NewGuid(), MentorId = b, HeldOn = D(2019, 6, 15), Minutes = 30, Supervisor = "s", Notes = "n", RecordedBy = "test", RecordedAt = now });
            db.Set<MentorWellbeingCheck>().Add(new MentorWellbeingCheck { Id = Guid.NewGuid(), MentorId = b, HeldOn = D(2019, 4, 20), Score = 8, RecordedBy = "test", RecordedAt = now });
            return await db.SaveChangesAsync();
        });

        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(0 == await Beacon.Cli.BeaconCli.RunAsync(["report", "mentoring", "--financial-year", "2019", "--format", "csv"], output, error, App.CliSettings), error.ToString());
        var rows = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("period,active_mentors,active_volunteers,in_training,new,left,matches_started,matches_ended,average_match_days,contacts,contact_hours,training_hours,supervision_hours,supervision_on_time_percent,wellbeing_on_time_percent,participation_events,young_people_attending,partner_training_sessions,partner_training_attendees", rows[0]);
        // Supervision every 6 weeks, wellbeing every 4: B active from 1 April, A from 15 May to 20 November (worked in the ADR's terms).
        Assert.Equal("2019-04,0,1,1,1,0,0,0,,0,0.0,0.0,0.0,100.0,100.0,0,0,0,0", rows[1]);
        Assert.Equal("2019-05,1,1,0,1,0,0,0,,0,0.0,4.0,0.5,100.0,50.0,0,0,0,0", rows[2]);
        Assert.Equal("2019-06,1,1,1,0,0,1,0,,2,2.5,0.0,1.5,100.0,0.0,1,5,1,15", rows[3]);
        Assert.Equal("2019-07,1,1,1,0,0,1,1,30.0,1,0.8,0.0,0.0,50.0,0.0,0,0,0,0", rows[4]);
        Assert.Equal("2019-09,1,1,1,0,0,0,1,121.0,0,0.0,0.0,0.0,0.0,0.0,0,0,0,0", rows[6]);
        Assert.Equal("2019-11,0,1,1,0,1,0,0,,0,0.0,0.0,0.0,0.0,0.0,0,0,0,0", rows[8]);
        Assert.Equal("2019-20,0,1,1,2,1,2,2,75.5,3,3.3,4.0,2.0,33.3,11.1,2,9,2,20", rows[13]);
        Assert.StartsWith("2020-03,", rows[12], StringComparison.Ordinal);
        Assert.EndsWith(",1,4,1,5", rows[12], StringComparison.Ordinal);

        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "mentoring", "--financial-year", "2019", "--format", "json"], output = new StringWriter(), error, App.CliSettings));
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal(75.5m, json.RootElement.GetProperty("rows")[12].GetProperty("average_match_days").GetDecimal());
        var kinds = json.RootElement.GetProperty("events_by_kind").EnumerateArray().ToDictionary(e => e.GetProperty("kind").GetString()!, e => (e.GetProperty("events").GetInt32(), e.GetProperty("children_attending").GetInt32(), e.GetProperty("others_attending").GetInt32()));
        Assert.Equal(new[] { (1, 2, 3), (0, 0, 0), (1, 0, 4), (0, 0, 0) }, new[] { kinds["FORUM_SESSION"], kinds["SUMMER_PROGRAMME"], kinds["CONSULTATION"], kinds["CO_DESIGN_WORKSHOP"] });
        var agencies = json.RootElement.GetProperty("partner_training_by_agency").EnumerateArray().ToDictionary(e => e.GetProperty("agency").GetString()!, e => (e.GetProperty("sessions").GetInt32(), e.GetProperty("attendees").GetInt32()));
        Assert.Equal(new[] { (2, 17), (1, 3), (0, 0) }, new[] { agencies["SCHOOL"], agencies["POLICE"], agencies["HEALTH"] });
        var xlsx = Path.Combine(Directory.CreateTempSubdirectory("beacon-mentoring-").FullName, "mentoring.xlsx");
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "mentoring", "--financial-year", "2019", "--format", "xlsx", "--out", xlsx], new StringWriter(), error, App.CliSettings));
        using (var workbook = System.IO.Compression.ZipFile.OpenRead(xlsx))
        {
            var text = string.Concat(workbook.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
            Assert.Contains("Partner training by agency", text, StringComparison.Ordinal);
            Assert.Contains("Forum session", text, StringComparison.Ordinal);
            Assert.DoesNotContain("FORUM_SESSION", text, StringComparison.Ordinal);
        }

        Assert.Equal(2, await Beacon.Cli.BeaconCli.RunAsync(["report", "mentoring", "--financial-year", "2019", "--format", "xlsx"], new StringWriter(), new StringWriter(), App.CliSettings));

        // The page: analysts (commissioners) see the figures, never a name; the mentor role does not see it.
        var page = await (await App.SignInAsync(BeaconApp.Analyst)).GetStringAsync("/reports/mentoring?year=2019");
        Assert.Contains("75.5", page, StringComparison.Ordinal);
        Assert.Contains("33.3%", page, StringComparison.Ordinal);
        Assert.Contains("Partner training attendees", page, StringComparison.Ordinal);
        Assert.Matches(@"School</th>\s*<td[^>]*>2</td>\s*<td[^>]*>17</td>", page);
        Assert.Matches(@"Forum session</th>\s*<td[^>]*>1</td>\s*<td[^>]*>2</td>\s*<td[^>]*>3</td>\s*<td[^>]*>5</td>", page);
        foreach (var name in new[] { "Reportmentor", "Reportvolunteer", "Reporttrainee", "Countyone" })
        {
            Assert.DoesNotContain(name, page, StringComparison.Ordinal);
        }

        var csv = await (await App.SignInAsync(BeaconApp.Analyst)).GetStringAsync("/reports/mentoring?handler=Csv&year=2019");
        Assert.Contains("2019-20,0,1,1,2,1,2,2,75.5,3,3.3,4.0,2.0,33.3,11.1,2,9,2,20", csv, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await (await App.SignInAsync("mentor@provider.beacon.example")).GetAsync("/reports/mentoring")).StatusCode);
    }
}

public sealed class SqliteMentorSupportTests(SqliteApp app) : MentorSupportTests<SqliteApp>(app);

public sealed class PostgresMentorSupportTests(PostgresApp app) : MentorSupportTests<PostgresApp>(app);
