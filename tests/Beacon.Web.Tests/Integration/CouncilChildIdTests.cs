using System.Net;
using System.Net.Http.Headers;
using Beacon.Web.Features.CouncilChildIds;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>A council's own child ids in bulk (issue #17 §5): <c>beacon import council-child-ids</c> and the upload page
/// match by NHS number, then exact name and date of birth, only among the council's own children; everything else is
/// reported per line and not applied; re-importing changes nothing; a changed id is audited; on each database.</summary>
public abstract class CouncilChildIdTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private const string Header = "local_authority_child_id,nhs_number,given_name,family_name,date_of_birth";

    private static string Run() => Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>A child whose responsible council is <paramref name="responsible"/>, living in <paramref name="district"/>.</summary>
    private Task<(Guid Id, string Reference)> ChildAsync(string responsible, string given, LocalDate born, string? nhs = null, string? councilId = null, string district = "E07000197") =>
        App.WithDb(async db =>
        {
            var organisations = await db.Organisations.ToDictionaryAsync(o => o.Code, o => o.Id);
            var now = SystemClock.Instance.GetCurrentInstant();
            var child = new Child
            {
                Id = Guid.NewGuid(),
                Reference = $"CID-{Guid.NewGuid().ToString("N")[..10]}",
                GivenName = given,
                FamilyName = "Idtest",
                DateOfBirth = born,
                Gender = "female",
                NhsNumber = nhs,
                LocalAuthorityChildId = councilId,
                HostDistrictCode = district,
                HostAuthorityId = organisations[district == "E06000021" ? "LA-861" : "LA-860"],
                ResponsibleAuthorityId = organisations[responsible],
                LivingSituation = "LA_CARE",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Children.Add(child);
            await db.SaveChangesAsync();
            return (child.Id, child.Reference);
        });

    private Task<string?> IdOf(Guid child) => App.WithDb(db => db.Children.Where(c => c.Id == child).Select(c => c.LocalAuthorityChildId).SingleAsync());

    private Task<List<string>> AuditOf(Guid child) => App.WithDb(db => db.AuditEntries.Where(a => a.RecordId == child.ToString() && a.Action != "view")
        .OrderBy(a => a.Sequence).Select(a => a.Action + " " + a.Details).ToListAsync());

    private async Task<(int Code, string Output, string Errors)> CliAsync(string csv, string authority = "860")
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("beacon-council-ids-").FullName, "ids.csv");
        await File.WriteAllTextAsync(file, csv, TestContext.Current.CancellationToken);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await Beacon.Cli.BeaconCli.RunAsync(["import", "council-child-ids", file, "--authority", authority], output, errors, App.CliSettings);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    public async Task The_command_matches_by_nhs_number_then_name_and_birth_among_the_councils_own_children_and_reports_the_rest()
    {
        App.SkipIfUnavailable();
        var run = Run();
        var (nhsA, nhsD, nhsCity) = (Notifications.RandomNhsNumber(), Notifications.RandomNhsNumber(), Notifications.RandomNhsNumber());
        var a = await ChildAsync("LA-860", $"Alpha{run}", new LocalDate(2010, 1, 1), nhsA);
        var b = await ChildAsync("LA-860", $"Bravo{run}", new LocalDate(2010, 2, 2));
        var c1 = await ChildAsync("LA-860", $"Charlie{run}", new LocalDate(2010, 3, 3));
        var c2 = await ChildAsync("LA-860", $"Charlie{run}", new LocalDate(2010, 3, 3));
        var d = await ChildAsync("LA-860", $"Delta{run}", new LocalDate(2010, 4, 4), nhsD);
        var city = await ChildAsync("LA-861", $"Echo{run}", new LocalDate(2010, 5, 5), nhsCity); // Stoke-on-Trent's child, placed in the county
        // Columns in another order and case, as a council's system may write them.
        var csv = "Date_Of_Birth,family_name,NHS_Number,given_name,Local_Authority_Child_Id\n" + string.Join("\n",
            $",,{nhsA},,A{run}",                                  // line 2: by NHS number
            $"02/02/2010,IDTEST,,bravo{run},B{run}",              // line 3: by exact name (any case) and date of birth
            $"2010-03-03,Idtest,,Charlie{run},C{run}",            // line 4: two children: ambiguous
            $"2010-06-06,Idtest,,Nobody{run},N{run}",             // line 5: no such child
            $",,{nhsA},,bad id!",                                 // line 6: not an id
            $",,{nhsCity},,X{run}",                               // line 7: another council's child: as if it did not exist
            $"2011-04-04,,{nhsD},,D{run}",                        // line 8: NHS number matches, date of birth does not
            $"2010-02-02,Idtest,,Bravo{run},A{run}",              // line 9: A's id again, for another child
            $"2010-02-02,Idtest,,Bravo{run},B{run}") + "\n";      // line 10: the same again: nothing to do

        var (code, output, errors) = await CliAsync(csv);
        Assert.True(code == 3, $"exit {code}: {output} {errors}");
        Assert.Contains("2 new, 0 updated, 1 already received, 6 rejected", output);
        Assert.Contains("line 4, given_name: 2 of your council's children have this name and date of birth", output);
        Assert.Contains($"line 5, given_name: {CouncilChildIdImport.NotFound}", output);
        Assert.Contains($"line 6, local_authority_child_id: {CouncilChildIdRules.FormatMessage}", output);
        Assert.Contains($"line 7, nhs_number: {CouncilChildIdImport.NotFound}", output);
        Assert.Contains("line 8, date_of_birth: The child with this NHS number has a different date of birth", output);
        Assert.Contains("line 9, local_authority_child_id: Another row of this file gives this", output);
        Assert.Equal(($"A{run}", $"B{run}"), (await IdOf(a.Id), await IdOf(b.Id)));
        foreach (var untouched in new[] { c1.Id, c2.Id, d.Id, city.Id })
        {
            Assert.Null(await IdOf(untouched));
        }

        Assert.Contains($"council-child-id old: none; new: A{run}; via: import (command line)", await AuditOf(a.Id));

        // Idempotent: the same file again changes nothing and adds nothing to the children's audit.
        var (auditA, auditB) = (await AuditOf(a.Id), await AuditOf(b.Id));
        var imports = await App.WithDb(db => db.AuditEntries.CountAsync(e => e.Action == "import" && e.RecordType == "CouncilChildIds"));
        var again = await CliAsync(csv);
        Assert.Contains("0 new, 0 updated, 3 already received, 6 rejected", again.Output);
        Assert.Equal(auditA, await AuditOf(a.Id));
        Assert.Equal(auditB, await AuditOf(b.Id));
        Assert.Equal(imports + 1, await App.WithDb(db => db.AuditEntries.CountAsync(e => e.Action == "import" && e.RecordType == "CouncilChildIds")));

        // A changed id is applied and audited, old and new, on the child's record.
        var changed = await CliAsync($"{Header}\nA2{run},{nhsA},,,\n");
        Assert.True(changed.Code == 0, changed.Output + changed.Errors);
        Assert.Contains("0 new, 1 updated", changed.Output);
        Assert.Equal($"A2{run}", await IdOf(a.Id));
        Assert.Contains($"council-child-id old: A{run}; new: A2{run}; via: import (command line)", await AuditOf(a.Id));

        // An id another child of the council already has is refused.
        var taken = await CliAsync($"{Header}\nA2{run},,Bravo{run},Idtest,2010-02-02\n");
        Assert.Contains($"Another child of this council ({a.Reference}) already has this id", taken.Output);
        Assert.Equal($"B{run}", await IdOf(b.Id));
    }

    [Fact]
    public async Task A_bad_file_or_an_unknown_council_is_refused_with_a_clear_message_and_changes_nothing()
    {
        App.SkipIfUnavailable();
        var nhs = Notifications.RandomNhsNumber();
        var child = await ChildAsync("LA-860", $"Foxtrot{Run()}", new LocalDate(2010, 6, 6), nhs);
        var noColumn = await CliAsync($"child_id,nhs_number,given_name,family_name,date_of_birth\nZ1,{nhs},,,\n");
        Assert.Equal(1, noColumn.Code);
        Assert.Contains("nothing imported: The file has no column local_authority_child_id", noColumn.Errors);
        var empty = await CliAsync(string.Empty);
        Assert.Equal(1, empty.Code);
        Assert.Contains("The file is empty", empty.Errors);
        var unknown = await CliAsync($"{Header}\nZ1,{nhs},,,\n", authority: "999");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("no council has the DfE LA number 999", unknown.Errors);
        Assert.Null(await IdOf(child.Id));
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv)
    {
        var page = await client.GetStringAsync("/council-child-ids");
        using var form = new MultipartFormDataContent { { new StringContent(BeaconApp.AntiforgeryToken(page)), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "File", "ids.csv");
        return await client.PostAsync("/council-child-ids", form);
    }

    [Fact]
    public async Task A_city_upload_never_sets_ids_on_county_children_even_those_it_can_see_with_matching_nhs_numbers()
    {
        App.SkipIfUnavailable();
        var run = Run();
        var (nhsCity, nhsCounty) = (Notifications.RandomNhsNumber(), Notifications.RandomNhsNumber());
        var own = await ChildAsync("LA-861", $"Golf{run}", new LocalDate(2011, 7, 7), nhsCity, district: "E06000021");
        var byName = await ChildAsync("LA-861", $"Hotel{run}", new LocalDate(2011, 8, 8), district: "E06000021");
        // The county's child placed in the city: the city's staff may see it (host council), but its id is the county's.
        var hosted = await ChildAsync("LA-860", $"India{run}", new LocalDate(2011, 9, 9), nhsCounty, district: "E06000021");
        var countyAtHome = await ChildAsync("LA-860", $"Hotel{run}", new LocalDate(2011, 8, 8)); // same name and birthday, county's
        var manager = await App.SignInAsync(BeaconApp.CityManager);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/children/{hosted.Id}")).StatusCode);

        var uploaded = await UploadAsync(manager, $"{Header}\nS{run},{nhsCity},,,\nT{run},{nhsCounty},India{run},Idtest,09/09/2011\nU{run},,Hotel{run},Idtest,2011-08-08\n");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var location = uploaded.Headers.Location!.OriginalString;
        Assert.StartsWith("/council-child-ids/", location);
        var report = await manager.GetStringAsync(location);
        Assert.Contains("3 rows read", report);
        Assert.Contains("2 recorded, 0 changed, 0 already recorded, 1 not applied", report);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(CouncilChildIdImport.NotFound), report);
        Assert.Equal(($"S{run}", $"U{run}"), (await IdOf(own.Id), await IdOf(byName.Id)));
        Assert.Null(await IdOf(hosted.Id));
        Assert.Null(await IdOf(countyAtHome.Id));

        // The run is recorded as the uploader's, like other imports; its rows not applied are theirs to download.
        var id = Guid.Parse(location.Split('/').Last());
        var stored = await App.WithDb(db => db.ImportRuns.SingleAsync(r => r.Id == id));
        Assert.Equal((CouncilChildIdImport.Kind, 3L, 2L, 1L), (stored.Kind, stored.Rows, stored.Created, stored.Rejected));
        Assert.DoesNotContain($"India{run}", stored.RejectedRows); // kept encrypted
        var rejected = await BeaconApp.PostFormAsync(manager, $"{location}?handler=Rejected", [], location);
        Assert.Contains($"India{run}", await rejected.Content.ReadAsStringAsync());
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "import" && e.RecordId == id.ToString() && e.Details!.Contains("rows: 3"))));
        var worker = await App.SignInAsync(BeaconApp.CityWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync(location)).StatusCode);

        // Uploading it again changes nothing.
        var again = await manager.GetStringAsync((await UploadAsync(manager, $"{Header}\nS{run},{nhsCity},,,\nU{run},,Hotel{run},Idtest,2011-08-08\n")).Headers.Location!.OriginalString);
        Assert.Contains("0 recorded, 0 changed, 2 already recorded, 0 not applied", again);

        // A file without the columns is refused on the form, and changes nothing.
        var bad = await UploadAsync(manager, $"id,nhs\nV{run},{nhsCity}\n");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("There is a problem", html);
        Assert.Contains("Nothing was imported. The file has no column local_authority_child_id", html);
        Assert.Equal($"S{run}", await IdOf(own.Id));
    }

    [Fact]
    public async Task The_childs_page_keeps_the_same_rules_and_audits_a_change()
    {
        App.SkipIfUnavailable();
        var run = Run();
        var first = await ChildAsync("LA-861", $"Juliet{run}", new LocalDate(2012, 1, 1), councilId: $"J{run}", district: "E06000021");
        var second = await ChildAsync("LA-861", $"Kilo{run}", new LocalDate(2012, 2, 2), councilId: $"K{run}", district: "E06000021");
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        async Task<HttpResponseMessage> Save(string value) =>
            await BeaconApp.PostFormAsync(city, $"/children/{second.Id}?handler=CouncilId", new() { ["LocalAuthorityChildId"] = value }, $"/children/{second.Id}");

        var taken = await Save($"J{run}");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains($"Another child of this council ({first.Reference}) already has this id", await taken.Content.ReadAsStringAsync());
        Assert.Contains("must be up to 20 letters and numbers", await (await Save("no spaces")).Content.ReadAsStringAsync());
        Assert.Equal($"K{run}", await IdOf(second.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await Save($"L{run}")).StatusCode);
        Assert.Equal($"L{run}", await IdOf(second.Id));
        Assert.Contains($"council-child-id old: K{run}; new: L{run}; via: child's page", await AuditOf(second.Id));
    }

    [Fact]
    public async Task The_ssda903_rule_failures_link_to_each_childs_page()
    {
        App.SkipIfUnavailable();
        var child = await ChildAsync("LA-861", $"Lima{Run()}", new LocalDate(2008, 3, 3), district: "E06000021");
        await App.WithDb(async db =>
        {
            var c = await db.Children.SingleAsync(x => x.Id == child.Id);
            var start = Instant.FromUtc(2019, 6, 1, 10, 0);
            db.Episodes.Add(new Episode
            {
                Id = Guid.NewGuid(),
                ChildId = c.Id,
                PoliceReference = $"CID-{Guid.NewGuid():N}"[..20],
                GivenName = c.GivenName,
                FamilyName = c.FamilyName,
                DateOfBirth = c.DateOfBirth,
                Gender = c.Gender,
                HostDistrictCode = c.HostDistrictCode,
                LivingSituation = "LA_CARE",
                ResponsibleAuthorityId = c.ResponsibleAuthorityId,
                ReportedMissingAt = start,
                ReturnedAt = start + Duration.FromHours(5),
                MissingOrAbsent = "M",
                PoliceRisk = "LOW",
                NotifiedAt = start + Duration.FromHours(1),
                Source = "import",
                CreatedAt = start,
                UpdatedAt = start,
            });
            return await db.SaveChangesAsync();
        });
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        var html = await (await BeaconApp.PostFormAsync(city, "/exports?handler=Ssda903", new() { ["CollectionYear"] = "2019" }, "/exports")).Content.ReadAsStringAsync();
        Assert.Contains($"<a class=\"govuk-link\" href=\"/children/{child.Id}\">{child.Reference}</a>", html);
        Assert.Contains("href=\"/council-child-ids\"", html);
    }
}

public sealed class SqliteCouncilChildIdTests(SqliteApp app) : CouncilChildIdTests<SqliteApp>(app);

public sealed class PostgresCouncilChildIdTests(PostgresApp app) : CouncilChildIdTests<PostgresApp>(app);
