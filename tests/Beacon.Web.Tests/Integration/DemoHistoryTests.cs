using System.Net;
using Beacon.Domain.Contract;
using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Contract;
using Beacon.Web.Features.Demo;
using Beacon.Web.Features.Reports;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Issue #17 §8: demo mode seeds financial years of history through the real intake and services, so a newcomer sees
/// every report with figures. Two small years here (the README's demo has three): last year's quarterly missing return
/// has notifications and offers in every district and cohort, the KPIs have figures for every council, the exploitation
/// return and the panels have activity, and a second start seeds nothing more.
/// </summary>
public abstract class DemoHistoryTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static int LastYear => FinancialYear.Of(ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant())) - 1;

    private async Task<T> WithService<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
        return await work(scope.ServiceProvider);
    }

    [Fact]
    public async Task Last_years_missing_return_has_notifications_and_offers_in_every_district_and_cohort()
    {
        App.SkipIfUnavailable();
        var districts = await App.WithDb(db => db.Areas.Where(a => a.Kind != "county").Select(a => a.Name).ToListAsync());
        var rows = await WithService(sp => sp.GetRequiredService<MissingReturn>().BuildAsync(LastYear, "quarterly", TestContext.Current.CancellationToken));
        Assert.All(districts, district =>
        {
            var year = rows.Where(r => r.AreaKind == "district" && r.Area == district).ToList();
            Assert.True(year.Sum(r => r.Notifications) > 0, $"{district}: no notifications");
            Assert.True(year.Sum(r => r.RhiOffered) > 0, $"{district}: no offers");
            Assert.True(year.Sum(r => r.TotalRhi) > 0, $"{district}: no completed interviews");
        });
        var cohorts = await WithService(sp => sp.GetRequiredService<MissingReturnByCohort>().BuildAsync(LastYear, "quarterly", TestContext.Current.CancellationToken));
        Assert.All(districts, district => Assert.All(MissingReturnByCohort.Cohorts, cohort =>
            Assert.True(cohorts.Where(r => r.AreaKind == "district" && r.Area == district && r.Cohort == cohort).Sum(r => r.RhiOffered) > 0, $"{district} {cohort}: no offers")));
        Assert.True(rows.Where(r => r.AreaKind != "district").Sum(r => r.NotOffered) > 0);
    }

    [Fact]
    public async Task Last_years_kpis_have_figures_for_every_council_and_the_pages_show_them()
    {
        App.SkipIfUnavailable();
        var rows = await WithService(sp => sp.GetRequiredService<KpiReport>().ComputeAsync(LastYear, null, TestContext.Current.CancellationToken));
        Assert.All(rows.Select(r => r.Council).Distinct(), council =>
        {
            decimal? Ytd(KpiIndicator kpi) => rows.Single(r => r.Indicator == kpi.Id && r.Period == "YTD" && r.Council == council).Value;
            Assert.True(Ytd(Kpis.NotificationsOffered) > 0, $"{council}: no offers");
            Assert.True(Ytd(Kpis.RhiOfferedWithin72h) > 0, $"{council}: none in time");
            Assert.NotNull(Ytd(Kpis.MedianHoursToOffer));
        });
        Assert.Contains(rows, r => r.Indicator == Kpis.RepeatMeetingsOnTime.Id && r.Period == "YTD" && r.Council == KpiReport.Whole && r.Value > 0);
        Assert.Contains(rows, r => r.Indicator == Kpis.ReferralsDecidedInTime.Id && r.Period == "YTD" && r.Council == KpiReport.Whole && r.Value > 0);

        var exploitation = await WithService(sp => sp.GetRequiredService<ExploitationReturn>().BuildAsync(LastYear, "quarterly", TestContext.Current.CancellationToken));
        Assert.True(exploitation.Summaries.Where(s => s.AreaKind == "total").Sum(s => s.Referrals) > 0);
        Assert.True(exploitation.Panels.Sum(p => p.MeetingsHeld) > 0);

        var analyst = await App.SignInAsync(BeaconApp.Analyst);
        foreach (var page in new[] { $"/contract/kpis?year={LastYear}", $"/reports/missing?year={LastYear}", $"/reports/committee-pack?year={LastYear}" })
        {
            Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync(page, TestContext.Current.CancellationToken)).StatusCode);
        }
    }

    [Fact]
    public async Task The_historys_completed_interviews_are_shared_with_council_and_force_and_every_episode_was_notified_after_its_prevention_interview()
    {
        App.SkipIfUnavailable();
        var completed = await App.WithDb(db => db.ReturnInterviews.IgnoreQueryFilters()
            .Where(r => r.Status == RhiStatus.Completed && db.Episodes.IgnoreQueryFilters().Any(e => e.ReturnInterviewId == r.Id && e.PoliceReference.StartsWith(DemoHistory.Prefix)))
            .Select(r => new { r.Id, r.Child!.ResponsibleAuthorityId, r.Child.NotifyingPoliceForceId, Shared = db.RhiShares.IgnoreQueryFilters().Where(s => s.ReturnInterviewId == r.Id).Select(s => s.OrganisationId).ToList() })
            .ToListAsync());
        Assert.NotEmpty(completed);
        Assert.All(completed, r => Assert.Equal(new[] { r.ResponsibleAuthorityId, r.NotifyingPoliceForceId }.OfType<Guid>().Distinct().Order(), r.Shared.Order()));

        // Police notify after their prevention interview: a history row notified before it was refused by the intake.
        Assert.False(await App.WithDb(db => db.Episodes.IgnoreQueryFilters().AnyAsync(e => e.PoliceReference.StartsWith(DemoHistory.Prefix) && e.PreventionInterviewAt > e.NotifiedAt)));
    }

    [Fact]
    public async Task A_second_start_seeds_no_more_history()
    {
        App.SkipIfUnavailable();
        async Task<(int, int)> Count() => await App.WithDb(async db => (await db.Episodes.CountAsync(e => e.PoliceReference.StartsWith(DemoHistory.Prefix)), await db.Referrals.CountAsync()));
        var before = await Count();
        Assert.True(before.Item1 > 0);
        await WithService(async sp =>
        {
            await sp.GetRequiredService<DemoSeeder>().SeedAsync(TestContext.Current.CancellationToken);
            return 0;
        });
        Assert.Equal(before, await Count());
    }
}

/// <summary>The usual fixture with two small financial years of demo history.</summary>
public sealed class SqliteDemoHistoryApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Demo:Years", "2");
        builder.UseSetting("Beacon:Demo:EpisodesPerYear", "160");
    }
}

/// <summary>The usual fixture with two small financial years of demo history.</summary>
public sealed class PostgresDemoHistoryApp : PostgresApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Beacon:Demo:Years", "2");
        builder.UseSetting("Beacon:Demo:EpisodesPerYear", "160");
    }
}

public sealed class SqliteDemoHistoryTests(SqliteDemoHistoryApp app) : DemoHistoryTests<SqliteDemoHistoryApp>(app);

public sealed class PostgresDemoHistoryTests(PostgresDemoHistoryApp app) : DemoHistoryTests<PostgresDemoHistoryApp>(app);
