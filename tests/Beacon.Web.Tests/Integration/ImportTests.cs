using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Integration;

/// <summary><c>beacon import notifications</c> with good, bad and duplicate rows (issue #3 §1), on each database.</summary>
public abstract class ImportTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private Dictionary<string, string?> Settings => App.CliSettings;

    [Fact]
    public async Task Good_rows_import_bad_rows_are_rejected_with_line_column_and_reason_and_the_fixed_file_imports()
    {
        App.SkipIfUnavailable();
        var good1 = Notifications.Valid();
        var good2 = Notifications.Valid();
        var badDate = Notifications.Valid();
        badDate["date_of_birth"] = "05/17/2011"; // month first: never read as a date (17/05/2011 is, issue #17 §3)
        var badRisk = Notifications.Valid();
        badRisk["police_risk"] = "=HYPERLINK(\"http://example.org\")";
        var rows = new[] { good1, good2, good1, badDate, badRisk }; // good1 twice: the duplicate is not a new episode
        var folder = Directory.CreateTempSubdirectory("beacon-import-").FullName;
        var file = Path.Combine(folder, "notifications.csv");
        await File.WriteAllTextAsync(file, Notifications.Csv(rows), TestContext.Current.CancellationToken);
        var before = await App.WithDb(db => db.Episodes.CountAsync());

        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], output, errors, Settings);
        Assert.True(code == 3, errors.ToString());
        Assert.Contains("5 rows", output.ToString());
        Assert.Contains("2 new", output.ToString());
        Assert.Contains("1 already received", output.ToString());
        Assert.Contains("2 rejected", output.ToString());
        Assert.Contains("line 5, date_of_birth: The date of birth must be a real date, like 23/04/2010 or 2010-04-23", output.ToString());
        Assert.Contains("line 6, police_risk: Police risk must be high, medium, low or no apparent risk", output.ToString());
        Assert.Equal(before + 2, await App.WithDb(db => db.Episodes.CountAsync()));

        var rejectedFile = Path.Combine(folder, "notifications.rejected.csv");
        var rejected = await File.ReadAllLinesAsync(rejectedFile, TestContext.Current.CancellationToken);
        Assert.Equal(3, rejected.Length);
        Assert.EndsWith(",rejection_reasons", rejected[0]);
        Assert.Contains("'=HYPERLINK", rejected[2]); // neutralised for spreadsheets

        // The same file again creates nothing new.
        Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], new StringWriter(), new StringWriter(), Settings));
        Assert.Equal(before + 2, await App.WithDb(db => db.Episodes.CountAsync()));

        // Fix the rejected rows in place and import that file: both go in.
        var fixedText = (await File.ReadAllTextAsync(rejectedFile, TestContext.Current.CancellationToken)).Replace("05/17/2011", "2011-05-17").Replace("\"'=HYPERLINK(\"\"http://example.org\"\")\"", "LOW");
        var fixedFile = Path.Combine(folder, "fixed.csv");
        await File.WriteAllTextAsync(fixedFile, fixedText, TestContext.Current.CancellationToken);
        var fixedOutput = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", fixedFile], fixedOutput, new StringWriter(), Settings));
        Assert.Contains("2 new", fixedOutput.ToString());
        Assert.Equal(before + 4, await App.WithDb(db => db.Episodes.CountAsync()));
    }

    [Fact]
    public async Task Columns_may_come_in_any_order_and_a_missing_column_imports_nothing()
    {
        App.SkipIfUnavailable();
        var folder = Directory.CreateTempSubdirectory("beacon-import-").FullName;
        var reversed = Beacon.Web.Features.Missing.NotificationInput.Columns.Reverse().Append("extra_column").ToList();
        var row = Notifications.Valid();
        var file = Path.Combine(folder, "reordered.csv");
        await File.WriteAllTextAsync(file, Notifications.Csv([row], reversed), TestContext.Current.CancellationToken);
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], new StringWriter(), new StringWriter(), Settings));
        Assert.True(await App.WithDb(db => db.Episodes.AnyAsync(e => e.PoliceReference == row["police_reference"])));

        var before = await App.WithDb(db => db.Episodes.CountAsync());
        var withoutRisk = Beacon.Web.Features.Missing.NotificationInput.Columns.Where(c => c != "police_risk").ToList();
        var broken = Path.Combine(folder, "broken.csv");
        await File.WriteAllTextAsync(broken, Notifications.Csv([Notifications.Valid()], withoutRisk), TestContext.Current.CancellationToken);
        var error = new StringWriter();
        Assert.Equal(1, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", broken], new StringWriter(), error, Settings));
        Assert.Contains("no column police_risk", error.ToString());
        Assert.Equal(before, await App.WithDb(db => db.Episodes.CountAsync()));
    }

    [Fact]
    public async Task Historical_return_interviews_migrate_onto_imported_episodes_and_bad_rows_are_explained()
    {
        App.SkipIfUnavailable();
        var folder = Directory.CreateTempSubdirectory("beacon-import-").FullName;
        var personId = $"PP-{Guid.NewGuid():N}"[..14];
        var episodes = new[] { Notifications.Valid(personId: personId), Notifications.Valid(personId: personId), Notifications.Valid() };
        var notifications = Path.Combine(folder, "notifications.csv");
        await File.WriteAllTextAsync(notifications, Notifications.Csv(episodes), TestContext.Current.CancellationToken);
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", notifications], new StringWriter(), new StringWriter(), Settings));
        var automatic = await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == episodes[0]["police_reference"]).Select(e => e.ReturnInterviewId).SingleAsync());

        var legacyRef = $"OLD-{Guid.NewGuid():N}"[..16];
        var columns = Beacon.Web.Features.ReturnInterviews.ReturnInterviewImport.Columns;
        string Row(params string[] values) => string.Join(",", values);
        var csv = string.Join("\n",
            string.Join(",", columns),
            Row(legacyRef, $"{episodes[0]["police_reference"]};{episodes[1]["police_reference"]}", episodes[0]["prevention_interview_at"]!, "COMPLETED", episodes[0]["notified_at"]!, "FACE_TO_FACE", "SCHOOL", "", "", "FAMILY"),
            Row("OLD-BAD-1", "NO-SUCH-REF", "", "NOT_OFFERED", episodes[2]["notified_at"]!, "", "", "", "TURNED_18", ""),
            Row("OLD-BAD-2", episodes[2]["police_reference"]!, episodes[2]["notified_at"]!, "DECLINED", episodes[2]["notified_at"]!, "", "", "", "", ""),
            Row("OLD-BAD-3", $"{episodes[0]["police_reference"]};{episodes[2]["police_reference"]}", episodes[2]["notified_at"]!, "NO_CONTACT", episodes[2]["notified_at"]!, "", "", "", "", "")) + "\n";
        var file = Path.Combine(folder, "rhis.csv");
        await File.WriteAllTextAsync(file, csv, TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await Beacon.Cli.BeaconCli.RunAsync(["import", "return-interviews", file], output, errors, Settings);
        Assert.True(code == 3, output + errors.ToString());
        var text = output.ToString();
        Assert.Contains("1 new", text);
        Assert.Contains("3 rejected", text);
        Assert.Contains("line 3, police_references: No notification has the police reference NO-SUCH-REF", text);
        Assert.Contains("line 4, declined_by: Say who declined", text);
        Assert.Contains("line 5, police_references: The episodes belong to different children", text);

        var migrated = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.LegacyReference == legacyRef));
        Assert.Equal(Beacon.Domain.Missing.RhiStatus.Completed, migrated.Status);
        Assert.Equal("FAMILY", migrated.PrimaryReason);
        Assert.Equal(2, await App.WithDb(db => db.Episodes.CountAsync(e => e.ReturnInterviewId == migrated.Id)));
        Assert.False(await App.WithDb(db => db.ReturnInterviews.AnyAsync(r => r.Id == automatic))); // the empty automatic RHI was replaced

        // Again: nothing new.
        var again = new StringWriter();
        await Beacon.Cli.BeaconCli.RunAsync(["import", "return-interviews", file], again, new StringWriter(), Settings);
        Assert.Contains("0 new", again.ToString());
        Assert.Contains("1 already received", again.ToString());
    }

    [Fact]
    public async Task Historical_rows_repeated_or_overlapping_within_one_file_create_one_interview_per_episode()
    {
        App.SkipIfUnavailable();
        var folder = Directory.CreateTempSubdirectory("beacon-import-").FullName;
        var personId = $"PP-{Guid.NewGuid():N}"[..14];
        var earlier = NodaTime.SystemClock.Instance.GetCurrentInstant() - NodaTime.Duration.FromHours(30); // the first episode ended 30 hours before the second
        var episodes = new[] { Notifications.Valid(personId: personId, now: earlier), Notifications.Valid(personId: personId), Notifications.Valid() };
        var notifications = Path.Combine(folder, "notifications.csv");
        await File.WriteAllTextAsync(notifications, Notifications.Csv(episodes), TestContext.Current.CancellationToken);
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", notifications], new StringWriter(), new StringWriter(), Settings));
        var second = await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == episodes[1]["police_reference"]).Select(e => e.ReturnInterviewId).SingleAsync());
        var automatic = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == second));
        Assert.Equal(2, await App.WithDb(db => db.Episodes.CountAsync(e => e.ReturnInterviewId == second))); // one automatic RHI covers both

        var legacyRef = $"OLD-{Guid.NewGuid():N}"[..16];
        var overlapping = $"OLD-{Guid.NewGuid():N}"[..16];
        var early = $"OLD-{Guid.NewGuid():N}"[..16];
        string Row(params string[] values) => string.Join(",", values);
        var completed = Row(legacyRef, episodes[0]["police_reference"]!, episodes[0]["prevention_interview_at"]!, "COMPLETED", episodes[0]["notified_at"]!, "PHONE", "HOME", "", "", "SCHOOL");
        var csv = string.Join("\n",
            string.Join(",", Beacon.Web.Features.ReturnInterviews.ReturnInterviewImport.Columns),
            completed,
            completed,
            Row(legacyRef, episodes[0]["police_reference"]!, episodes[0]["prevention_interview_at"]!, "DECLINED", episodes[0]["notified_at"]!, "", "", "CHILD", "", ""),
            Row(overlapping, $"{episodes[0]["police_reference"]};{episodes[1]["police_reference"]}", episodes[0]["notified_at"]!, "DECLINED", episodes[0]["notified_at"]!, "", "", "CHILD", "", ""),
            Row(early, episodes[2]["police_reference"]!, episodes[2]["reported_missing_at"]!, "DECLINED", episodes[2]["notified_at"]!, "", "", "PARENT_CARER", "", "")) + "\n";
        var file = Path.Combine(folder, "rhis.csv");
        await File.WriteAllTextAsync(file, csv, TestContext.Current.CancellationToken);
        var output = new StringWriter();
        Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["import", "return-interviews", file], output, new StringWriter(), Settings));
        var text = output.ToString();
        Assert.Contains("1 new", text);
        Assert.Contains("1 already received", text);
        Assert.Contains("3 rejected", text);
        Assert.Contains("line 4, rhi_reference: An earlier row of this file has this reference with different details", text);
        Assert.Contains($"line 5, police_references: Episode {episodes[0]["police_reference"]} is already covered by the interview {legacyRef} on an earlier row", text);
        Assert.Contains("line 6, offered_at: Is before the child returned", text);

        var migrated = await App.WithDb(db => db.ReturnInterviews.Where(r => r.LegacyReference == legacyRef).ToListAsync());
        Assert.Equal(Beacon.Domain.Missing.RhiStatus.Completed, Assert.Single(migrated).Status);
        Assert.False(await App.WithDb(db => db.ReturnInterviews.AnyAsync(r => r.LegacyReference == overlapping || r.LegacyReference == early)));
        Assert.Equal(second, await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == episodes[1]["police_reference"]).Select(e => e.ReturnInterviewId).SingleAsync()));
        // The automatic RHI left with the second episode counts 72 hours from that episode's return, not the first's.
        var secondReturn = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(episodes[1]["returned_at"]!).Value.ToInstant();
        var remaining = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == second));
        Assert.NotEqual(secondReturn, automatic.FirstReturnedAt);
        Assert.Equal(secondReturn, remaining.FirstReturnedAt);
        Assert.Equal(secondReturn + NodaTime.Duration.FromHours(72), remaining.DueAt);

        var again = new StringWriter();
        Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["import", "return-interviews", file], again, new StringWriter(), Settings));
        Assert.Contains("0 new", again.ToString());
        Assert.Contains("2 already received", again.ToString());
        Assert.Single(await App.WithDb(db => db.ReturnInterviews.Where(r => r.LegacyReference == legacyRef).ToListAsync()));
    }

    [Fact]
    public async Task A_row_with_invalid_utf8_is_rejected_alone()
    {
        App.SkipIfUnavailable();
        var folder = Directory.CreateTempSubdirectory("beacon-import-").FullName;
        var good = Notifications.Valid();
        var bad = Notifications.Valid();
        bad["given_name"] = "BADNAME";
        var bytes = System.Text.Encoding.UTF8.GetBytes(Notifications.Csv([bad, good])).ToList();
        var at = Enumerable.Range(0, bytes.Count - 7).First(i => System.Text.Encoding.ASCII.GetString(bytes.GetRange(i, 7).ToArray()) == "BADNAME");
        bytes[at] = 0xC3; // a lead byte without its continuation
        var file = Path.Combine(folder, "mixed.csv");
        await File.WriteAllBytesAsync(file, bytes.ToArray(), TestContext.Current.CancellationToken);
        var output = new StringWriter();
        Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file], output, new StringWriter(), Settings));
        Assert.Contains("line 2, row: the row is not valid UTF-8 text", output.ToString());
        Assert.True(await App.WithDb(db => db.Episodes.AnyAsync(e => e.PoliceReference == good["police_reference"])));
    }

    /// <summary>Imports are written by the bulk path (COPY / prepared inserts), the API by EF: the stored rows must be
    /// the same in every column, down to how the database holds them (text case of ids, timestamp format, storage class).</summary>
    [Fact]
    public async Task An_imported_notification_is_stored_exactly_as_one_received_through_the_api()
    {
        App.SkipIfUnavailable();
        var viaApi = Notifications.Valid();
        viaApi["nhs_number"] = "9434765919";
        var viaImport = new Dictionary<string, string?>(viaApi)
        {
            ["police_reference"] = $"SP-{Guid.NewGuid():N}"[..16],
            ["police_person_id"] = $"PP-{Guid.NewGuid():N}"[..14],
            ["nhs_number"] = "9434765870",
        };
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", viaApi, TestContext.Current.CancellationToken)).StatusCode);
        var file = Path.Combine(Directory.CreateTempSubdirectory("beacon-import-").FullName, "one.csv");
        // Among 40 rows, so the compared row is written by a prepared statement being reused, not its first use.
        var rows = Enumerable.Range(0, 40).Select(_ => (IReadOnlyDictionary<string, string?>)Notifications.Valid()).ToList();
        rows[15] = viaImport;
        await File.WriteAllTextAsync(file, Notifications.Csv(rows), TestContext.Current.CancellationToken);
        var output = new StringWriter();
        Assert.True(await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file, "--force", "POLICE-STAFFS"], output, new StringWriter(), Settings) == 0, output.ToString());

        string[] varying = ["id", "police_reference", "police_person_id", "nhs_number", "child_id", "return_interview_id", "reference", "source", "created_at", "updated_at", "notifying_police_force_id"];
        var references = new[] { viaApi["police_reference"]!, viaImport["police_reference"]! };
        var episodes = await App.WithDb(db => RawRowsAsync(db, "SELECT * FROM episodes WHERE police_reference IN ({0}, {1}) ORDER BY police_reference = {0} DESC", references));
        AssertSameStorage(episodes, varying);
        var children = await App.WithDb(db => RawRowsAsync(db, "SELECT * FROM children WHERE id IN (SELECT child_id FROM episodes WHERE police_reference IN ({0}, {1})) ORDER BY police_person_id = {2} DESC", [.. references, viaApi["police_person_id"]!]));
        AssertSameStorage(children, varying);
        var interviews = await App.WithDb(db => RawRowsAsync(db, "SELECT r.* FROM return_interviews r JOIN episodes e ON e.return_interview_id = r.id WHERE e.police_reference IN ({0}, {1}) ORDER BY e.police_reference = {0} DESC", references));
        AssertSameStorage(interviews, varying);

        // And EF reads the imported child back by every typed key.
        var child = await App.WithDb(db => db.Children.IgnoreQueryFilters().SingleAsync(c => c.PolicePersonId == viaImport["police_person_id"]));
        Assert.Equal(new NodaTime.LocalDate(2011, 5, 17), child.DateOfBirth);
        Assert.True(await App.WithDb(db => db.Episodes.IgnoreQueryFilters().AnyAsync(e => e.ChildId == child.Id && e.ReturnInterviewId != null)));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.RecordType == "Child" && a.RecordId == child.Id.ToString() && a.Action == "create")));
    }

    /// <summary>Within one import batch: a row joins a stored child by police person id, a row with an unknown id joins
    /// by NHS number, and rows join a child created by an earlier row of the same file by either key; every new record
    /// is audited once.</summary>
    [Fact]
    public async Task Rows_join_children_by_police_person_id_then_nhs_number_including_children_created_earlier_in_the_file()
    {
        App.SkipIfUnavailable();
        var stored = Notifications.Valid();
        stored["nhs_number"] = "9434765927";
        var storedOther = Notifications.Valid();
        storedOther["nhs_number"] = "9434765943";
        await PostAsync(stored, storedOther);

        var samePerson = Notifications.Valid(personId: stored["police_person_id"]);
        var sameNhs = Notifications.Valid();
        sameNhs["nhs_number"] = "9434765943";
        var newChild = Notifications.Valid();
        newChild["nhs_number"] = "9434765935";
        var newChildAgainById = Notifications.Valid(personId: newChild["police_person_id"]);
        var newChildAgainByNhs = Notifications.Valid();
        newChildAgainByNhs["nhs_number"] = "9434765935";
        await ImportAsync([samePerson, sameNhs, newChild, newChildAgainById, newChildAgainByNhs]);

        async Task<(Guid Child, List<Guid?> Interviews)> EpisodesOf(params Dictionary<string, string?>[] rows)
        {
            var references = rows.Select(r => r["police_reference"]!).ToList();
            var episodes = await App.WithDb(db => db.Episodes.IgnoreQueryFilters().Where(e => references.Contains(e.PoliceReference)).ToListAsync());
            Assert.Equal(rows.Length, episodes.Count);
            return (Assert.Single(episodes.Select(e => e.ChildId).Distinct()), episodes.Select(e => e.ReturnInterviewId).Distinct().ToList());
        }

        var first = await EpisodesOf(stored, samePerson);
        var other = await EpisodesOf(storedOther, sameNhs);
        Assert.NotEqual(first.Child, other.Child);
        var second = await EpisodesOf(newChild, newChildAgainById, newChildAgainByNhs);
        Assert.NotEqual(first.Child, second.Child);
        Assert.NotNull(Assert.Single(first.Interviews)); // one open RHI covers each child's episodes
        Assert.NotNull(Assert.Single(other.Interviews));
        Assert.NotNull(Assert.Single(second.Interviews));
        var audited = await App.WithDb(db => db.AuditEntries.Where(a => a.Action == "create" && (a.RecordId == second.Child.ToString() || a.RecordId!.StartsWith(second.Child.ToString() + "/")))
            .GroupBy(a => a.RecordType).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.Equal(1, audited["Child"]);
        Assert.Equal(3, audited["Episode"]);
        Assert.Equal(1, audited["ReturnInterview"]);
    }

    /// <summary>A later file about a stored child: the child moves to the district of its most recent episode (never
    /// back to an older one's, whatever order the rows come in), and an earlier return brings the open RHI's due time
    /// forward — the stored rows are changed, versioned and audited as updates.</summary>
    [Fact]
    public async Task A_later_file_updates_the_stored_child_and_its_open_rhi_and_audits_both()
    {
        App.SkipIfUnavailable();
        var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
        var first = Notifications.Valid(now: now - NodaTime.Duration.FromDays(1));
        var newer = Notifications.Valid(personId: first["police_person_id"], now: now);
        newer["district_code"] = "E07000198";
        var older = Notifications.Valid(personId: first["police_person_id"], now: now - NodaTime.Duration.FromDays(3));
        older["district_code"] = "E07000199";
        var oldest = Notifications.Valid(personId: first["police_person_id"], now: now - NodaTime.Duration.FromDays(5));
        oldest["district_code"] = "E07000199";
        oldest["living_situation"] = "LA_CARE";
        await ImportAsync([first]);
        await ImportAsync([newer, older]); // in one file, the most recent first
        await ImportAsync([oldest]); // a file of older history later still

        var child = await App.WithDb(db => db.Children.IgnoreQueryFilters().SingleAsync(c => c.PolicePersonId == first["police_person_id"]));
        Assert.Equal(("E07000198", "HOME", 1), (child.HostDistrictCode, child.LivingSituation, child.Version));
        var rhi = await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().SingleAsync(r => r.ChildId == child.Id));
        var oldestReturn = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(oldest["returned_at"]!).Value.ToInstant();
        Assert.Equal(oldestReturn, rhi.FirstReturnedAt);
        Assert.Equal(oldestReturn + NodaTime.Duration.FromHours(72), rhi.DueAt);
        Assert.Equal(4, await App.WithDb(db => db.Episodes.IgnoreQueryFilters().CountAsync(e => e.ReturnInterviewId == rhi.Id)));
        Assert.Equal("E07000199", await App.WithDb(db => db.Episodes.IgnoreQueryFilters().Where(e => e.PoliceReference == oldest["police_reference"]).Select(e => e.HostDistrictCode).SingleAsync()));
        var updates = await App.WithDb(db => db.AuditEntries.Where(a => a.Action == "update" && (a.RecordId == child.Id.ToString() || a.RecordId == $"{child.Id}/{rhi.Id}"))
            .Select(a => a.RecordType + " " + a.Details).ToListAsync());
        Assert.Contains(updates, u => u.StartsWith("Child ", StringComparison.Ordinal) && u.Contains("HostDistrictCode", StringComparison.Ordinal));
        Assert.Contains(updates, u => u.StartsWith("ReturnInterview ", StringComparison.Ordinal) && u.Contains("DueAt", StringComparison.Ordinal));
    }

    /// <summary>A file with a child's new returned episode and, after it, the return of an episode sent before without one:
    /// one RHI covers both (the return filled in joins the RHI the earlier row opened, not a second one).</summary>
    [Fact]
    public async Task A_return_filled_in_by_a_resend_joins_the_rhi_an_earlier_row_of_the_file_opened()
    {
        App.SkipIfUnavailable();
        var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
        var missing = Notifications.Valid(now: now - NodaTime.Duration.FromDays(2));
        var unreturned = new Dictionary<string, string?>(missing) { ["returned_at"] = null, ["prevention_interview_at"] = null };
        await ImportAsync([unreturned]);
        var again = Notifications.Valid(personId: missing["police_person_id"], now: now);
        await ImportAsync([again, missing]); // a new returned episode, then the first one's return

        var child = await App.WithDb(db => db.Children.IgnoreQueryFilters().Where(c => c.PolicePersonId == missing["police_person_id"]).Select(c => c.Id).SingleAsync());
        var rhi = Assert.Single(await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters().Where(r => r.ChildId == child).ToListAsync()));
        Assert.Equal(2, await App.WithDb(db => db.Episodes.IgnoreQueryFilters().CountAsync(e => e.ReturnInterviewId == rhi.Id)));
        Assert.Equal(NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(missing["returned_at"]!).Value.ToInstant(), rhi.FirstReturnedAt);
    }

    /// <summary>The import's bulk save checks a changed row's version as EF does: a child changed by someone else since
    /// the import read it is not overwritten, and the whole batch (with its audit entries) is rolled back.</summary>
    [Fact]
    public async Task A_bulk_save_refuses_a_row_changed_since_it_was_read_and_writes_nothing()
    {
        App.SkipIfUnavailable();
        var notification = Notifications.Valid();
        await PostAsync(notification);
        var personId = notification["police_person_id"];
        await App.WithDb(async stale =>
        {
            var child = await stale.Children.IgnoreQueryFilters().SingleAsync(c => c.PolicePersonId == personId);
            await App.WithDb(async other =>
            {
                var same = await other.Children.IgnoreQueryFilters().SingleAsync(c => c.PolicePersonId == personId);
                same.LivingSituation = "LA_CARE";
                return await other.SaveChangesAsync();
            });
            stale.InsertInBulk = true;
            child.HostDistrictCode = "E07000199";
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
            return 0;
        });

        var stored = await App.WithDb(db => db.Children.IgnoreQueryFilters().SingleAsync(c => c.PolicePersonId == personId));
        Assert.Equal(("E07000197", "LA_CARE", 1), (stored.HostDistrictCode, stored.LivingSituation, stored.Version));
        var updates = await App.WithDb(db => db.AuditEntries.Where(a => a.Action == "update" && a.RecordId == stored.Id.ToString()).Select(a => a.Details).ToListAsync());
        Assert.Equal(["fields: LivingSituation,UpdatedAt,Version"], updates); // only the other change was audited
    }

    /// <summary>Sends notifications through the API, as the police system would; each must be accepted as new.</summary>
    protected async Task PostAsync(params Dictionary<string, string?>[] notifications)
    {
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        foreach (var notification in notifications)
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", notification, TestContext.Current.CancellationToken)).StatusCode);
        }
    }

    /// <summary>Imports the rows as one CSV file with <c>beacon import notifications</c>, which must succeed.</summary>
    private async Task ImportAsync(IEnumerable<IReadOnlyDictionary<string, string?>> rows)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("beacon-import-").FullName, "notifications.csv");
        await File.WriteAllTextAsync(file, Notifications.Csv(rows), TestContext.Current.CancellationToken);
        var output = new StringWriter();
        Assert.True(await Beacon.Cli.BeaconCli.RunAsync(["import", "notifications", file, "--force", "POLICE-STAFFS"], output, new StringWriter(), Settings) == 0, output.ToString());
    }

    private static async Task<List<Dictionary<string, string>>> RawRowsAsync(BeaconDbContext db, string sql, string[] values)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var names = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@v" + i;
            parameter.Value = values[i];
            command.Parameters.Add(parameter);
            names.Add("@v" + i);
        }

        command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, [.. names]);
        var rows = new List<Dictionary<string, string>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(
                reader.GetName,
                i => reader.IsDBNull(i) ? "null" : $"{reader.GetValue(i).GetType().Name}:{Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}"));
        }

        return rows;
    }

    private static void AssertSameStorage(List<Dictionary<string, string>> rows, string[] varying)
    {
        Assert.Equal(2, rows.Count);
        foreach (var column in rows[0].Keys)
        {
            // Columns that differ by design are compared by shape: storage type, punctuation, and letter case.
            static string Shape(string value) => Regex.Replace(value[..Math.Min(value.Length, 30)], "[0-9A-Za-z]+", "#")
                + (value.Any(char.IsLower) ? " lower" : string.Empty) + (value.Any(char.IsUpper) ? " upper" : string.Empty);
            var (api, import) = (rows[0][column], rows[1][column]);
            Assert.True(varying.Contains(column) ? Shape(api) == Shape(import) : api == import, $"{column}: API stored {api}, import stored {import}");
        }
    }
}

public sealed class SqliteImportTests(SqliteApp app) : ImportTests<SqliteApp>(app);

/// <summary>PostgreSQL only: it alone retries a transaction that lost its connection (SQLite has no connection to lose).</summary>
public sealed class PostgresImportTests(PostgresApp app) : ImportTests<PostgresApp>(app)
{
    /// <summary>PostgreSQL retries a transaction that lost its connection (execution strategy). A bulk save retried
    /// after its rows and audit entries were written (and rolled back) writes each new and changed row again, once, and
    /// numbers its audit entries again from the tail: one entry per change and an intact chain.</summary>
    [Fact]
    public async Task A_bulk_save_retried_after_a_dropped_connection_writes_each_row_and_audit_entry_once()
    {
        App.SkipIfUnavailable();
        var notification = Notifications.Valid();
        await PostAsync(notification);
        var personId = notification["police_person_id"];

        using var scope = App.Services.CreateScope();
        var actor = scope.ServiceProvider.GetRequiredService<Beacon.Web.Infrastructure.Security.CurrentActor>();
        actor.UseSystem("test");
        var failure = new FailOnceAtCommit();
        var options = new DbContextOptionsBuilder<BeaconDbContext>(scope.ServiceProvider.GetRequiredService<DbContextOptions<BeaconDbContext>>()).AddInterceptors(failure).Options;
        await using (var db = new BeaconDbContext(options, actor, NodaTime.SystemClock.Instance))
        {
            db.InsertInBulk = true;
            var stored = await db.Children.IgnoreQueryFilters().SingleAsync(c => c.PolicePersonId == personId, TestContext.Current.CancellationToken);
            var added = (Child)db.Entry(stored).CurrentValues.ToObject();
            added.Id = Guid.CreateVersion7();
            added.Reference = RecordReferences.New("BCN");
            added.PolicePersonId = $"PP-{Guid.NewGuid():N}"[..14];
            var placing = new Organisation { Id = Guid.CreateVersion7(), Code = $"LA-T{Random.Shared.Next(100000, 999999)}", Name = "A placing council (test)", Kind = Beacon.Domain.Organisations.OrganisationKind.LocalAuthority };
            db.Organisations.Add(placing); // tracked, as the intake adds an unknown council
            added.ResponsibleAuthorityId = placing.Id;
            db.AddNew(added);
            stored.HostDistrictCode = "E07000199";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            Assert.Equal(2, failure.Failures); // failed once, then committed

            var children = await App.WithDb(d => d.Children.IgnoreQueryFilters().Where(c => c.Id == added.Id || c.Id == stored.Id).ToDictionaryAsync(c => c.Id));
            Assert.Equal(2, children.Count);
            Assert.Equal(("E07000199", 1), (children[stored.Id].HostDistrictCode, children[stored.Id].Version));
            var entries = await App.WithDb(d => d.AuditEntries.Where(a => a.RecordId == added.Id.ToString() || (a.RecordId == stored.Id.ToString() && a.Action == "update")).Select(a => a.Action).OrderBy(a => a).ToListAsync());
            Assert.Equal(["create", "update"], entries);
        }

        using var verifying = App.Services.CreateScope();
        var verification = await verifying.ServiceProvider.GetRequiredService<Beacon.Web.Infrastructure.Auditing.AuditLog>().VerifyAsync(TestContext.Current.CancellationToken);
        Assert.True(verification.IsIntact, verification.Problem);
    }

    /// <summary>Drops the "connection" once, at the commit: after the batch's rows and audit entries are written.</summary>
    private sealed class FailOnceAtCommit : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
    {
        public int Failures { get; private set; }

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult> TransactionCommittingAsync(System.Data.Common.DbTransaction transaction, Microsoft.EntityFrameworkCore.Diagnostics.TransactionEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Failures++ == 0)
            {
                throw new Npgsql.NpgsqlException("simulated dropped connection", new IOException("simulated"));
            }

            return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
        }
    }
}
