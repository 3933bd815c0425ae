using Beacon.Domain.Exploitation;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Reports;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Integration;

/// <summary><c>beacon import exploitation-referrals</c> (issue #5 §5): good rows in, bad rows explained and written out to
/// fix, re-import idempotent, counted in the exploitation return; on each database.</summary>
public abstract class ReferralImportTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private Dictionary<string, string?> Settings => App.CliSettings;

    private const string Header = "referral_reference,police_person_id,given_name,family_name,date_of_birth,gender,ethnicity,district_code,responsible_authority,received_at,referrer_agency,risk_level,exploitation_types,pathway,work_type";

    [Fact]
    public async Task Historical_referrals_import_with_bad_rows_rejected_re_import_creating_nothing_and_count_in_the_return()
    {
        App.SkipIfUnavailable();
        var run = Guid.NewGuid().ToString("N")[..8];
        var folder = Directory.CreateTempSubdirectory("beacon-referral-import-").FullName;
        var file = Path.Combine(folder, "referrals.csv");
        var rows = new[]
        {
            $"OLD-{run}-1,PP-{run},Ima,Synthetic,2004-05-06,female,WBRI,E07000197,860,2018-06-30,School,HIGH,CSE;CCE,MACE,DIRECT_WORK",
            $"OLD-{run}-2,PP-{run},Ima,Synthetic,2004-05-06,female,WBRI,E07000197,860,2018-07-01T00:30:00+01:00,Police,LOW,cce,DIRECT,CONSULTATION", // same child; 1 July in London
            $"OLD-{run}-3,,Noel,Synthetic,2005-01-02,male,,E06000021,330,2018-04-02,Health,INAPPROPRIATE,CSE,DIRECT,",                        // placed by another council
            $"OLD-{run}-4,,Bad,Level,2005-01-02,male,,E06000021,861,2018-04-02,Health,SEVERE,CSE,DIRECT,",
            $"OLD-{run}-5,,Bad,Route,2005-01-02,male,,E06000021,861,2018-04-02,Health,NO_RISK,CSE,MACE,",
            $"OLD-{run}-6,,Bad,Date,2005-01-02,male,,E06000021,861,2099-04-02,Health,LOW,\"=HYPERLINK(\"\"http://example.org\"\")\",DIRECT,",
            $"OLD-{run}-1,PP-{run},Ima,Synthetic,2004-05-06,female,WBRI,E07000197,860,2018-06-30,School,HIGH,CSE;CCE,MACE,DIRECT_WORK",         // repeated in the file
        };
        await File.WriteAllTextAsync(file, Header + "\n" + string.Join("\n", rows) + "\n", TestContext.Current.CancellationToken);
        var before = await App.WithDb(db => db.Referrals.CountAsync());

        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await Beacon.Cli.BeaconCli.RunAsync(["import", "exploitation-referrals", file], output, errors, Settings);
        Assert.True(code == 3, $"exit {code}: {output} {errors}");
        var text = output.ToString();
        Assert.Contains("3 new", text);
        Assert.Contains("1 already received", text);
        Assert.Contains("3 rejected", text);
        Assert.Contains("line 5, risk_level: Risk level must be not for this service, no risk identified, low, medium or high", text);
        Assert.Contains("line 6, pathway: A referral that was not for this service, or with no risk identified, does not go to a MACE panel", text);
        Assert.Contains("line 7, received_at", text);
        Assert.Contains("line 7, exploitation_types", text);
        Assert.Equal(before + 3, await App.WithDb(db => db.Referrals.CountAsync()));

        var rejected = await File.ReadAllTextAsync(Path.Combine(folder, "referrals.rejected.csv"), TestContext.Current.CancellationToken);
        Assert.Contains($"OLD-{run}-4", rejected);
        Assert.Contains("'=HYPERLINK", rejected); // formula neutralised in the file the user opens

        var imported = await App.WithDb(db => db.Referrals.Include(r => r.Child).Where(r => r.LegacyReference!.StartsWith($"OLD-{run}-")).OrderBy(r => r.LegacyReference).ToListAsync());
        Assert.Equal(imported[0].ChildId, imported[1].ChildId); // one child, matched by police person id
        Assert.Equal((RiskLevel.High, Pathway.MacePanel, "Stafford", "DIRECT_WORK", Referral.Closed, 0), (imported[0].Level, imported[0].Pathway, imported[0].Panel, imported[0].WorkType, imported[0].Status, imported[0].TemplateVersion));
        Assert.Equal("CCE", imported[1].ExploitationTypes);
        Assert.Equal(new NodaTime.LocalDate(2018, 7, 1), imported[1].ReceivedOn);
        Assert.Equal((Referral.Inappropriate, "PLACED_BY_OTHER_LA"), (imported[2].Status, imported[2].Child!.LivingSituation));
        Assert.All(imported, r => Assert.Null(r.ReassessmentDueOn));

        // Re-importing creates nothing; a changed row with a used reference is rejected, not applied.
        var again = new StringWriter();
        await Beacon.Cli.BeaconCli.RunAsync(["import", "exploitation-referrals", file], again, new StringWriter(), Settings);
        Assert.Contains("0 new", again.ToString());
        Assert.Contains("4 already received", again.ToString());
        var changed = Path.Combine(folder, "changed.csv");
        await File.WriteAllTextAsync(changed, Header + "\n" + rows[0].Replace(",HIGH,", ",LOW,", StringComparison.Ordinal) + "\n", TestContext.Current.CancellationToken);
        var changedOutput = new StringWriter();
        Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["import", "exploitation-referrals", changed], changedOutput, new StringWriter(), Settings));
        Assert.Contains("already imported with different details", changedOutput.ToString());
        Assert.Equal(before + 3, await App.WithDb(db => db.Referrals.CountAsync()));

        // Counted in the quarter received: Q1 high (Stafford), Q2 low (1 July in London), inappropriate in Stoke-on-Trent Q1.
        var report = await App.WithDb(db => new ExploitationReturn(db).BuildAsync(2018, "quarterly"));
        int Count(string area, string kind, string quarter, string level) => report.Rows.Single(r => r.Area == area && r.AreaKind == kind && r.Period == quarter && r.RiskLevel == level).Referrals;
        Assert.Equal(1, Count("Stafford", "district", "Q1", "HIGH"));
        Assert.Equal(1, Count("Stafford", "district", "Q2", "LOW"));
        Assert.Equal(1, Count("Stoke-on-Trent", "district", "Q1", "INAPPROPRIATE"));
        Assert.Equal(1, report.Summaries.Single(s => s.AreaKind == "total" && s.Period == "Q2").Consultation);
    }
}

public sealed class SqliteReferralImportTests(SqliteApp app) : ReferralImportTests<SqliteApp>(app);

public sealed class PostgresReferralImportTests(PostgresApp app) : ReferralImportTests<PostgresApp>(app);
