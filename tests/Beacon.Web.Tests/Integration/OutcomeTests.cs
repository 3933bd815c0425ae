using System.Net;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Outcomes;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>The outcome measure (issue #19 §1): readings through the page and the API, scoped and audited; the import;
/// the review alert; the report against hand-worked figures; on each database.</summary>
public abstract class OutcomeTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static LocalDate Today => ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());

    private static string D(LocalDate date) => date.ToString("d/M/yyyy", null);

    private static Dictionary<string, string> Reading(LocalDate on, params (string Area, string Score)[] scores)
    {
        var form = new Dictionary<string, string> { ["TakenOn"] = D(on) };
        foreach (var (area, score) in scores)
        {
            form[$"Scores[{area}]"] = score;
        }

        return form;
    }

    private Task<Guid> ChildAsync(string district, Guid? force = null, string? personId = null) => App.WithDb(async db =>
    {
        var area = await db.Areas.SingleAsync(a => a.GssCode == district);
        var now = SystemClock.Instance.GetCurrentInstant();
        var child = new Child
        {
            Id = Guid.NewGuid(),
            Reference = $"T-{Guid.NewGuid():N}"[..16],
            GivenName = "Outcome",
            FamilyName = "Testchild",
            DateOfBirth = new LocalDate(2008, 1, 1),
            Gender = "female",
            HostDistrictCode = district,
            HostAuthorityId = area.AuthorityId,
            ResponsibleAuthorityId = area.AuthorityId,
            LivingSituation = "HOME",
            NotifyingPoliceForceId = force,
            PolicePersonId = personId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Children.Add(child);
        await db.SaveChangesAsync();
        return child.Id;
    });

    [Fact]
    public async Task A_key_worker_takes_a_first_and_a_review_reading_the_star_changes_and_only_those_who_may_see_the_child_read_it()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var child = App.CountyChildId;
        var page = $"/children/{child}/outcomes/new";

        // Nothing scored, a score out of range, a future date: explained, nothing saved.
        var bad = await BeaconApp.PostFormAsync(practitioner, page, Reading(Today.PlusDays(1), ("HOME", "11")), page);
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.Contains("not in the future", badHtml);
        Assert.Contains("Home and where I live: choose a score from 1 to 10", badHtml);
        Assert.Contains("Score at least one life area", await (await BeaconApp.PostFormAsync(practitioner, page, Reading(Today.PlusDays(-90)), page)).Content.ReadAsStringAsync());
        Assert.Equal(0, await App.WithDb(db => db.Set<OutcomeReading>().CountAsync(r => r.ChildId == child)));

        // First reading 90 days ago with the child's words and a skipped area; a review today.
        var first = Reading(Today.PlusDays(-90), ("BEING_SAFE", "2"), ("HOME", "5"), ("FRIENDS_AND_COMMUNITY", ""));
        first["Words[BEING_SAFE]"] = "I don't feel safe at the park.";
        first["NextSteps"] = "Find a youth club together.";
        var saved = await BeaconApp.PostFormAsync(practitioner, page, first, page);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal($"/children/{child}/outcomes", saved.Headers.Location!.OriginalString);
        var one = await practitioner.GetStringAsync($"/children/{child}/outcomes");
        Assert.Contains("I don't feel safe at the park.", WebUtility.HtmlDecode(one));
        Assert.Contains("Next review reading due by", one);
        Assert.DoesNotContain("Dashed grey", one); // one reading: no overlay
        Assert.Contains("A reading was already taken on this date", await (await BeaconApp.PostFormAsync(practitioner, page, Reading(Today.PlusDays(-90), ("HOME", "6")), page)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, page, Reading(Today, ("BEING_SAFE", "7"), ("HOME", "4")), page)).StatusCode);

        // The charts are data for the chart library (ADR 33), with no inline style anywhere: nothing Beacon's CSP
        // (style-src 'self') would block.
        var outcomes = await practitioner.GetAsync($"/children/{child}/outcomes");
        Assert.Contains("style-src 'self';", outcomes.Headers.GetValues("Content-Security-Policy").Single());
        var outcomesHtml = await outcomes.Content.ReadAsStringAsync();
        Assert.Equal(9, outcomesHtml.Split(" data-chart=").Length - 1); // the star and a line per life area
        Assert.DoesNotContain(" style=", outcomesHtml);
        Assert.DoesNotContain("<style", outcomesHtml);
        var record = WebUtility.HtmlDecode(await practitioner.GetStringAsync($"/children/{child}"));
        Assert.Contains("<figure class=\"beacon-chart\" id=\"outcome-star\">", record);
        Assert.Contains("Dashed grey", record); // the first reading overlaid
        Assert.Contains("+5", record);          // Being safe 2 -> 7
        Assert.Contains("-1", record);          // Home 5 -> 4
        var scores = await App.WithDb(db => db.Set<OutcomeScore>().Where(s => s.ChildId == child).Select(s => s.Area + ":" + s.Score).ToListAsync());
        Assert.Equal(["BEING_SAFE:2", "BEING_SAFE:7", "HOME:4", "HOME:5"], scores.Order(StringComparer.Ordinal));

        // The council of the child reads them (page and API); the other council and the other force cannot, and cannot write.
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/children/{child}/outcomes")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await county.GetAsync(page)).StatusCode); // a council worker reads, does not take readings
        var countyApi = await App.ApiAsync(BeaconApp.CountyWorker);
        var json = await countyApi.GetStringAsync($"/api/v1/children/{child}/outcome-readings");
        Assert.Contains("I don't feel safe at the park.", json);
        foreach (var outsider in new[] { BeaconApp.CityWorker, BeaconApp.CityManager, BeaconApp.SecondForceLiaison })
        {
            var web = await App.SignInAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await web.GetAsync($"/children/{child}/outcomes")).StatusCode);
            var api = await App.ApiAsync(outsider);
            var response = await api.GetAsync($"/api/v1/children/{child}/outcome-readings");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("park", await response.Content.ReadAsStringAsync());
        }

        // Reads are audited, the refused ones as denied; the readings' creation through the child.
        var audit = await App.WithDb(db => db.AuditEntries.Where(e => e.RecordId!.StartsWith(child.ToString()) && (e.RecordType == "OutcomeReadings" || e.RecordType == "OutcomeReading"))
            .Select(e => new { e.RecordType, e.Action, e.Outcome, e.UserId }).ToListAsync());
        var (countyId, cityId) = await App.WithDb(async db => (await db.Users.Where(u => u.Email == BeaconApp.CountyWorker).Select(u => u.Id).SingleAsync(), await db.Users.Where(u => u.Email == BeaconApp.CityWorker).Select(u => u.Id).SingleAsync()));
        Assert.Contains(audit, e => e.RecordType == "OutcomeReadings" && e.Action == "view" && e.Outcome == "allowed" && e.UserId == countyId);
        Assert.Contains(audit, e => e.RecordType == "OutcomeReadings" && e.Action == "view" && e.Outcome == "denied" && e.UserId == cityId);
        Assert.Equal(2, audit.Count(e => e.RecordType == "OutcomeReading" && e.Action == "create"));
    }

    [Fact]
    public async Task Opening_the_record_page_is_one_audited_read_that_names_the_outcomes_and_family_plan_it_shows()
    {
        App.SkipIfUnavailable();
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        var child = App.CountyChildId;
        var countyId = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.CountyWorker).Select(u => u.Id).SingleAsync());
        var before = await App.WithDb(db => db.AuditEntries.MaxAsync(e => e.Sequence));

        Assert.Equal(HttpStatusCode.OK, (await county.GetAsync($"/children/{child}")).StatusCode);

        var entries = await App.WithDb(db => db.AuditEntries.Where(e => e.Sequence > before && e.UserId == countyId && e.RecordId!.StartsWith(child.ToString()))
            .Select(e => new { e.Action, e.RecordType, e.Outcome, e.Details }).ToListAsync());
        var view = Assert.Single(entries);
        Assert.Equal(("view", "Child", "allowed"), (view.Action, view.RecordType, view.Outcome));
        Assert.Contains("outcomes", view.Details, StringComparison.Ordinal);
        Assert.Contains("family plan", view.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_reading_due_alerts_the_key_worker()
    {
        App.SkipIfUnavailable();
        var child = await ChildAsync("E07000197");
        var worker = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        await App.WithDb(async db =>
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            db.Referrals.Add(new Referral
            {
                Id = Guid.NewGuid(),
                ChildId = child,
                Reference = $"EXP-{Guid.NewGuid():N}"[..16],
                TemplateVersion = 1,
                Answers = "{}",
                Level = RiskLevel.Medium,
                ScoredLevel = RiskLevel.Medium,
                ExploitationTypes = "CSE",
                ReferrerName = "Test",
                ReferrerAgency = "School",
                ReceivedOn = Today.PlusDays(-100),
                Status = Referral.Open,
                Pathway = Pathway.KeyWork,
                KeyWorkerId = worker,
                CreatedAt = now,
                UpdatedAt = now,
            });
            db.Set<OutcomeReading>().Add(new OutcomeReading { Id = Guid.NewGuid(), ChildId = child, TakenOn = Today.PlusWeeks(-12), FrameworkVersion = 1, TakenBy = "test", Source = OutcomeReading.Recorded, RecordedAt = now });
            return await db.SaveChangesAsync();
        });
        await App.RunJobAsync("alert-scan");
        var alerts = await App.WithDb(db => db.Alerts.Where(a => a.Kind == AlertKinds.OutcomeReviewDue && a.Link == $"/children/{child}/outcomes").Select(a => a.UserId).ToListAsync());
        Assert.Equal([worker], alerts);
    }

    [Fact]
    public async Task Historical_readings_import_by_the_notifying_forces_person_id_idempotent_on_child_date_and_area()
    {
        App.SkipIfUnavailable();
        var run = Guid.NewGuid().ToString("N")[..8];
        var (staffs, neighbour) = await App.WithDb(async db => (
            await db.Organisations.Where(o => o.Code == "POLICE-STAFFS").Select(o => o.Id).SingleAsync(),
            await db.Organisations.Where(o => o.Code == Beacon.Web.Features.Demo.DemoSeeder.NeighbouringForceCode).Select(o => o.Id).SingleAsync()));
        var ours = await ChildAsync("E07000197", staffs, $"PP-{run}");
        var theirs = await ChildAsync("E07000197", neighbour, $"PN-{run}"); // another force's person id: not this file's
        var folder = Directory.CreateTempSubdirectory("beacon-outcome-import-").FullName;
        var file = Path.Combine(folder, "readings.csv");
        string[] rows =
        [
            $"PP-{run},2021-05-01,BEING_SAFE,3,old.worker@example.org,First session",
            $"PP-{run},2021-05-01,home,6,,",
            $"PP-{run},2021-09-01,BEING_SAFE,5,,",
            $"PN-{run},2021-05-01,BEING_SAFE,3,,",
            $"PP-{run},2021-05-01,SLEEP,3,,",
            $"PP-{run},2021-05-01,HOME,0,,",
            $"PP-{run},2099-05-01,HOME,4,,",
            $"PP-{run},2021-09-01,BEING_SAFE,5,,",
        ];
        await File.WriteAllTextAsync(file, "police_person_id,taken_on,life_area,score,worker_email,notes\n" + string.Join("\n", rows) + "\n", TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var errors = new StringWriter();
        Assert.Equal(1, await Beacon.Cli.BeaconCli.RunAsync(["import", "outcome-readings", file], new StringWriter(), errors, App.CliSettings));
        Assert.Contains("--force", errors.ToString()); // two forces: the file must say whose ids it uses
        var code = await Beacon.Cli.BeaconCli.RunAsync(["import", "outcome-readings", file, "--force", "POLICE-STAFFS"], output, errors, App.CliSettings);
        var text = output.ToString();
        Assert.True(code == 3, $"exit {code}: {text} {errors}");
        Assert.Contains("3 new", text);
        Assert.Contains("1 already received", text);
        Assert.Contains("4 rejected", text);
        Assert.Contains("line 5, police_person_id: No child has this police person id from the notifying force", text);
        Assert.Contains("line 6, life_area", text);
        Assert.Contains("line 7, score", text);
        Assert.Contains("line 8, taken_on", text);
        Assert.True(File.Exists(Path.Combine(folder, "readings.rejected.csv")));
        var readings = await App.WithDb(db => db.Set<OutcomeReading>().Where(r => r.ChildId == ours).OrderBy(r => r.TakenOn).Select(r => new { r.TakenOn, r.TakenBy, r.Source }).ToListAsync());
        Assert.Equal(2, readings.Count);
        Assert.Equal(("old.worker@example.org", OutcomeReading.Imported), (readings[0].TakenBy, readings[0].Source));
        Assert.Equal(0, await App.WithDb(db => db.Set<OutcomeReading>().CountAsync(r => r.ChildId == theirs)));

        // Again: nothing new; a different score for a (child, date, area) already held is rejected, not applied.
        var again = new StringWriter();
        await Beacon.Cli.BeaconCli.RunAsync(["import", "outcome-readings", file, "--force", "POLICE-STAFFS"], again, new StringWriter(), App.CliSettings);
        Assert.Contains("0 new", again.ToString());
        var changed = Path.Combine(folder, "changed.csv");
        await File.WriteAllTextAsync(changed, $"police_person_id,taken_on,life_area,score\nPP-{run},2021-05-01,HOME,7\n", TestContext.Current.CancellationToken);
        var changedOutput = new StringWriter();
        Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["import", "outcome-readings", changed, "--force", "POLICE-STAFFS"], changedOutput, new StringWriter(), App.CliSettings));
        Assert.Contains("A score of 6 is already recorded", changedOutput.ToString());
        Assert.Equal(6, await App.WithDb(db => db.Set<OutcomeScore>().Where(s => s.ChildId == ours && s.Area == "HOME").Select(s => s.Score).SingleAsync()));
    }

    [Fact]
    public async Task The_report_matches_hand_worked_figures()
    {
        App.SkipIfUnavailable();
        // A framework version 2 (an administrator's rewording) exists: readings on it compare with version 1 by code.
        var admin = await App.SignInAsync(BeaconApp.Administrator);
        var broken = await BeaconApp.PostFormAsync(admin, "/admin/outcome-framework", new() { ["Definition"] = "{\"Name\":\"Broken\",\"Areas\":[{\"Code\":\"HOME\",\"Name\":\"Home\",\"Bands\":[{\"From\":1,\"To\":9,\"Text\":\"x\"}]}]}" });
        Assert.Contains("must cover 1 to 10", await broken.Content.ReadAsStringAsync());
        var current = await App.WithDb(db => db.Set<OutcomeFrameworkVersion>().OrderByDescending(v => v.Version).Select(v => v.Definition).FirstAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(admin, "/admin/outcome-framework", new() { ["Definition"] = current.Replace("Beacon outcome framework", "Reworded framework", StringComparison.Ordinal) })).StatusCode);
        var v2 = await App.WithDb(db => db.Set<OutcomeFrameworkVersion>().MaxAsync(v => v.Version));
        Assert.True(v2 >= 2);

        // Financial year 2019: 1 April 2019 to 31 March 2020. A, C, D in Stafford (North); B in Cannock Chase (South/East).
        var (a, b, c, d) = (await ChildAsync("E07000197"), await ChildAsync("E07000192"), await ChildAsync("E07000197"), await ChildAsync("E07000197"));
        await App.WithDb(async db =>
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            void Read(Guid child, string on, int version, params (string Area, int? Score)[] scores)
            {
                var reading = new OutcomeReading { Id = Guid.NewGuid(), ChildId = child, TakenOn = NodaTime.Text.LocalDatePattern.Iso.Parse(on).Value, FrameworkVersion = version, TakenBy = "test", Source = OutcomeReading.Recorded, RecordedAt = now };
                db.Set<OutcomeReading>().Add(reading);
                foreach (var (area, score) in scores)
                {
                    db.Set<OutcomeScore>().Add(new OutcomeScore { Id = Guid.NewGuid(), ReadingId = reading.Id, ChildId = child, Area = area, Score = score, ChildWords = score is null ? "Didn't want to say" : null });
                }
            }

            void Close(Guid child, string on, RiskLevel level, RiskLevel closing) => db.Referrals.Add(new Referral
            {
                Id = Guid.NewGuid(),
                ChildId = child,
                Reference = $"EXP-{Guid.NewGuid():N}"[..16],
                TemplateVersion = 1,
                Answers = "{}",
                Level = level,
                ScoredLevel = level,
                ExploitationTypes = "CSE",
                ReferrerName = "Test",
                ReferrerAgency = "School",
                ReceivedOn = new LocalDate(2019, 1, 1),
                Status = Referral.Closed,
                Pathway = Pathway.KeyWork,
                ClosedOn = NodaTime.Text.LocalDatePattern.Iso.Parse(on).Value,
                ClosureReason = "Other",
                ClosingLevel = closing,
                CreatedAt = now,
                UpdatedAt = now,
            });

            Read(a, "2019-03-01", 1, ("BEING_SAFE", 2), ("HOME", 5));                 // before the year: A's first
            Read(a, "2019-06-01", 1, ("BEING_SAFE", 5), ("HOME", null));              // HOME skipped (words only)
            Read(a, "2019-12-01", 1, ("BEING_SAFE", 6), ("HOME", 4));                 // A's latest in the year
            Read(a, "2020-05-01", 1, ("BEING_SAFE", 10));                             // after the year: ignored
            Read(b, "2019-05-01", 1, ("BEING_SAFE", 3), ("HOME", 3));
            Read(b, "2020-02-01", v2, ("BEING_SAFE", 3), ("HOME", 7));                // on version 2
            Read(c, "2019-07-01", 1, ("BEING_SAFE", 8));                              // one reading: not counted
            Read(c, "2018-01-01", 1, ("HOME", 2));
            Read(c, "2018-06-01", 1, ("HOME", 3));                                    // two readings, none in the year
            Read(d, "2019-04-01", 1, ("BEING_SAFE", 1), ("HOME", 6));                 // first day of the year
            Read(d, "2019-08-01", 1, ("HOME", 9));
            Read(d, "2020-03-31", 1, ("BEING_SAFE", 2));                              // last day of the year
            Close(a, "2019-09-01", RiskLevel.High, RiskLevel.Medium);                 // reduced
            Close(b, "2019-10-01", RiskLevel.Medium, RiskLevel.Medium);               // not reduced
            Close(c, "2019-05-01", RiskLevel.Low, RiskLevel.NoRiskIdentified);        // reduced
            Close(d, "2020-04-01", RiskLevel.High, RiskLevel.Low);                    // next year
            return await db.SaveChangesAsync();
        });

        var output = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "outcomes", "--financial-year", "2019", "--format", "csv"], output, new StringWriter(), App.CliSettings));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("area,area_kind,life_area,children,average_first,average_latest,average_change,improved,improved_percent", lines[0]);
        // Stafford: BEING_SAFE A 2->6, D 1->2; HOME A 5->4, D 6->9.
        Assert.Contains("Stafford,district,BEING_SAFE,2,1.50,4.00,2.50,2,100.0", lines);
        Assert.Contains("Stafford,district,HOME,2,5.50,6.50,1.00,1,50.0", lines);
        Assert.Contains("North,locality,HOME,2,5.50,6.50,1.00,1,50.0", lines);
        // Cannock Chase: B 3->3 (not improved), HOME 3->7 on version 2.
        Assert.Contains("Cannock Chase,district,BEING_SAFE,1,3.00,3.00,0.00,0,0.0", lines);
        Assert.Contains("Cannock Chase,district,HOME,1,3.00,7.00,4.00,1,100.0", lines);
        // Whole area: BEING_SAFE 2,3,1 -> 6,3,2; HOME 5,3,6 -> 4,7,9.
        Assert.Contains("Whole area,whole,BEING_SAFE,3,2.00,3.67,1.67,2,66.7", lines);
        Assert.Contains("Whole area,whole,HOME,3,4.67,6.67,2.00,2,66.7", lines);
        Assert.Contains("Whole area,whole,FAMILY_RELATIONSHIPS,0,,,,0,", lines);
        Assert.Contains("Tamworth,district,HOME,0,,,,0,", lines);

        var json = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "outcomes", "--financial-year", "2019", "--format", "json"], json, new StringWriter(), App.CliSettings));
        using var doc = System.Text.Json.JsonDocument.Parse(json.ToString());
        var whole = doc.RootElement.GetProperty("summaries").EnumerateArray().Single(s => s.GetProperty("area_kind").GetString() == "whole");
        // A 1 area, B 1, D 2: 4 / 3 = 1.33. Closures in the year: A (reduced), B (not), C (reduced): 66.7 %.
        Assert.Equal((3, 1.33m, 3, 2, 66.7m), (whole.GetProperty("children").GetInt32(), whole.GetProperty("areas_improved_per_child").GetDecimal(),
            whole.GetProperty("key_work_closures").GetInt32(), whole.GetProperty("closed_with_reduced_risk").GetInt32(), whole.GetProperty("reduced_risk_percent").GetDecimal()));
        var stafford = doc.RootElement.GetProperty("summaries").EnumerateArray().Single(s => s.GetProperty("area").GetString() == "Stafford");
        Assert.Equal((2, 1.50m, 2, 2), (stafford.GetProperty("children").GetInt32(), stafford.GetProperty("areas_improved_per_child").GetDecimal(), stafford.GetProperty("key_work_closures").GetInt32(), stafford.GetProperty("closed_with_reduced_risk").GetInt32()));

        var xlsx = Path.Combine(Directory.CreateTempSubdirectory("beacon-outcomes-").FullName, "outcomes.xlsx");
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "outcomes", "--financial-year", "2019", "--format", "xlsx", "--out", xlsx], new StringWriter(), new StringWriter(), App.CliSettings));
        Assert.True(new FileInfo(xlsx).Length > 1000);

        // The Reports page shows the same figures to a report reader, and its CSV is the command's.
        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        var html = WebUtility.HtmlDecode(await analyst.GetStringAsync("/reports/outcomes?year=2019"));
        Assert.Contains("66.7", html);
        Assert.Contains("1.33", html);
        // People read names, not codes (issue #17 §4): the life area's name and the kind of area in words.
        Assert.Contains("Being safe", html);
        Assert.DoesNotContain("BEING_SAFE", html);
        Assert.DoesNotContain("(whole)", html);
        Assert.Equal(output.ToString(), await analyst.GetStringAsync("/reports/outcomes?handler=Csv&year=2019"));
    }
}

public sealed class SqliteOutcomeTests(SqliteApp app) : OutcomeTests<SqliteApp>(app);

public sealed class PostgresOutcomeTests(PostgresApp app) : OutcomeTests<PostgresApp>(app);
