using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Jobs;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Uploaded imports are stored before they are imported, report on their own page, and are finished by
/// another instance's recovery job if the receiving one dies (issue #7 §1).</summary>
public abstract class ImportRunTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    /// <summary>Uploads a CSV; <paramref name="force"/> is the "Police force that notified" choice provider staff make.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, Guid? force = null)
    {
        var page = await client.GetStringAsync("/notifications/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(BeaconApp.AntiforgeryToken(page)), "__RequestVerificationToken" },
        };
        if (force is { } chosen)
        {
            form.Add(new StringContent(chosen.ToString()), "notifying_police_force");
        }

        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "File", "notifications.csv");
        return await client.PostAsync("/notifications/import", form);
    }

    public static async Task<string> WaitForReportAsync(HttpClient client, string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string html;
        do
        {
            html = await client.GetStringAsync(location);
            if (html.Contains("rows read", StringComparison.Ordinal) || html.Contains("There is a problem with the file", StringComparison.Ordinal))
            {
                return html;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"The import at {location} did not finish: {html}");
    }

    [Fact]
    public async Task An_upload_is_kept_imported_in_the_background_and_reported_to_the_uploader_only()
    {
        App.SkipIfUnavailable();
        var good1 = Notifications.Valid();
        var good2 = Notifications.Valid();
        var bad = Notifications.Valid();
        bad["date_of_birth"] = "2011-02-30";
        var police = await App.SignInAsync(BeaconApp.PoliceLiaison);
        var uploaded = await UploadAsync(police, Notifications.Csv([good1, good2, bad]));
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var location = uploaded.Headers.Location!.OriginalString;
        Assert.StartsWith("/notifications/import/", location);

        var report = await WaitForReportAsync(police, location);
        Assert.Contains("3 rows read", report);
        Assert.Contains("2 new, 0 updated, 0 already received, 1 rejected", report);
        Assert.Contains("date_of_birth", report);
        var id = Guid.Parse(location.Split('/').Last());
        var run = await App.WithDb(db => db.ImportRuns.SingleAsync(r => r.Id == id));
        Assert.Equal(ImportRun.Done, run.Status);
        Assert.Null(run.Content); // the file is dropped once imported
        Assert.DoesNotContain(bad["family_name"]!, run.RejectedRows); // stored encrypted
        Assert.Equal(2, await App.WithDb(db => db.Episodes.CountAsync(e => e.PoliceReference == good1["police_reference"] || e.PoliceReference == good2["police_reference"])));

        // The finished run is audited (by whom, how many rows), just after its report is recorded.
        var audited = false;
        for (var attempt = 0; attempt < 50 && !audited; attempt++)
        {
            audited = await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "import" && a.RecordId == id.ToString() && a.Details!.Contains("rows: 3")));
            if (!audited)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
        }

        Assert.True(audited, "the import run was not audited");

        var rejected = await BeaconApp.PostFormAsync(police, $"{location}?handler=Rejected", [], location);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var rows = await rejected.Content.ReadAsStringAsync();
        Assert.Contains(bad["family_name"]!, rows);
        Assert.Contains("rejection_reasons", rows);

        // Another user who may import cannot see this run or its rejected rows.
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.NotFound, (await practitioner.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await BeaconApp.PostFormAsync(practitioner, $"{location}?handler=Rejected", [], "/notifications/import")).StatusCode);
        var admin = await App.SignInAsync(BeaconApp.Administrator);
        var adminView = await admin.GetAsync(location);
        Assert.NotEqual(HttpStatusCode.OK, adminView.StatusCode);
        Assert.DoesNotContain(bad["family_name"]!, await adminView.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_run_whose_instance_died_mid_import_is_finished_by_the_recovery_job_with_no_duplicates()
    {
        App.SkipIfUnavailable();
        var rows = Enumerable.Range(0, 5).Select(_ => Notifications.Valid()).ToList();
        // The dead instance had saved the first two rows before it died.
        var api = await App.ApiAsync(BeaconApp.PoliceLiaison);
        foreach (var row in rows.Take(2))
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/notifications", row)).StatusCode);
        }

        var uploader = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.PoliceLiaison).Select(u => u.Id).SingleAsync());
        var now = SystemClock.Instance.GetCurrentInstant();
        var id = Guid.NewGuid();
        await App.WithDb(async db =>
        {
            db.ImportRuns.Add(new ImportRun
            {
                Id = id,
                UploadedById = uploader,
                FileName = "orphan.csv",
                Content = System.Text.Encoding.UTF8.GetBytes(Notifications.Csv(rows)),
                Status = ImportRun.Running,
                LeaseOwner = "dead-host/1/abcdef",
                LeaseUntil = now - Duration.FromSeconds(1),
                Attempts = 1,
                CreatedAt = now - Duration.FromMinutes(5),
                StartedAt = now - Duration.FromMinutes(5),
                NotifyingPoliceForceId = await db.Organisations.Where(o => o.Code == "POLICE-STAFFS").Select(o => o.Id).SingleAsync(),
            });
            return await db.SaveChangesAsync();
        });

        Assert.Equal("1 runs waiting, 1 imported", await App.RunJobAsync("import-recovery"));
        Assert.Equal("0 runs waiting, 0 imported", await App.RunJobAsync("import-recovery"));

        var run = await App.WithDb(db => db.ImportRuns.SingleAsync(r => r.Id == id));
        Assert.Equal(ImportRun.Done, run.Status);
        Assert.Equal(2, run.Attempts);
        Assert.Equal((5L, 3L, 2L), (run.Rows, run.Created, run.Unchanged));
        foreach (var row in rows)
        {
            Assert.Equal(1, await App.WithDb(db => db.Episodes.CountAsync(e => e.PoliceReference == row["police_reference"])));
        }

        // Rejected rows are dropped 30 days after the import.
        var old = SystemClock.Instance.GetCurrentInstant() - Duration.FromDays(31);
        await App.WithDb(db => db.ImportRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.RejectedRows, "protected").SetProperty(r => r.FinishedAt, old)));
        await App.RunJobAsync("import-recovery");

        Assert.Null(await App.WithDb(db => db.ImportRuns.Where(r => r.Id == id).Select(r => r.RejectedRows).SingleAsync()));
    }
}

public sealed class SqliteImportRunTests(SqliteApp app) : ImportRunTests<SqliteApp>(app);

public sealed class PostgresImportRunTests(PostgresApp app) : ImportRunTests<PostgresApp>(app);
