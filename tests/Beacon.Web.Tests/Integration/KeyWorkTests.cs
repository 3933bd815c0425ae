using System.Net;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Key work (issue #5 §4): plan, sessions, caseloads, closure rules and the family, through HTTP on each database.</summary>
public abstract class KeyWorkTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private static LocalDate Today => ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant());

    private async Task<Guid> ReferAsync(HttpClient client, Guid childId, string indicator)
    {
        var template = await App.WithDb(db => new RfmTemplates(db, SystemClock.Instance).CurrentAsync());
        var form = template.Indicators.ToDictionary(i => $"Answers[{i.Code}]", i => i.Code == indicator ? "Known" : "No");
        form["ReferrerName"] = "Sam Example";
        form["ReferrerAgency"] = "School";
        form["ReceivedOn"] = Today.PlusDays(-10).ToString("d/M/yyyy", null);
        form["Types"] = "CSE";
        var page = $"/children/{childId}/referrals/new";
        var response = await BeaconApp.PostFormAsync(client, page, form, page);
        return Guid.Parse(response.Headers.Location!.OriginalString.Split('/')[^1]);
    }

    private static void Saved(HttpResponseMessage response, string startsWith)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(startsWith, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_key_worker_plans_records_sessions_and_closes_only_on_reduced_risk_or_another_recorded_reason()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var referral = await ReferAsync(practitioner, App.CountyChildId, "DRUG_DEBT"); // Medium
        var page = $"/referrals/{referral}/key-work";
        var me = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());
        var version = await App.WithDb(db => db.Referrals.Where(r => r.Id == referral).Select(r => r.Version).SingleAsync());

        Saved(await BeaconApp.PostFormAsync(practitioner, page + "?handler=Plan", new() { ["KeyWorkerId"] = me.ToString(), ["WorkType"] = "DIRECT_WORK", ["PlanGoals"] = "Feel safe going to school.\nKnow who to call.", ["Version"] = version.ToString() }, page), page);
        var planned = await App.WithDb(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral));
        Assert.Equal((me, "DIRECT_WORK"), (planned.KeyWorkerId!.Value, planned.WorkType));

        var noNotes = await BeaconApp.PostFormAsync(practitioner, page + "?handler=Session", new() { ["HeldOn"] = Today.PlusDays(1).ToString("d/M/yyyy", null), ["SessionWorkType"] = "DIRECT_WORK", ["Minutes"] = "0" }, page);
        var noNotesHtml = await noNotes.Content.ReadAsStringAsync();
        Assert.Contains("between the referral and today", noNotesHtml);
        Assert.Contains("in minutes (1 to 600)", noNotesHtml);
        Assert.Contains("Enter what was done", noNotesHtml);
        Assert.Equal(0, await App.WithDb(db => db.KeyWorkSessions.CountAsync(s => s.ReferralId == referral)));
        Saved(await BeaconApp.PostFormAsync(practitioner, page + "?handler=Session", new() { ["HeldOn"] = Today.ToString("d/M/yyyy", null), ["SessionWorkType"] = "DIRECT_WORK", ["Minutes"] = "45", ["Notes"] = "Safety mapping at school." }, page), page);
        var caseload = await practitioner.GetStringAsync("/key-work");
        Assert.Contains("Countyone Testchild", caseload.Split("id=\"cases\"")[1]);

        // Closing: "risk reduced" needs a lower level; another reason needs words.
        version = await App.WithDb(db => db.Referrals.Where(r => r.Id == referral).Select(r => r.Version).SingleAsync());
        var notLower = await BeaconApp.PostFormAsync(practitioner, page + "?handler=Close", new() { ["Reason"] = "RiskReduced", ["ClosingLevel"] = "Medium", ["Version"] = version.ToString() }, page);
        Assert.Contains("Risk reduced needs a closing level lower", await notLower.Content.ReadAsStringAsync());
        var unexplained = await BeaconApp.PostFormAsync(practitioner, page + "?handler=Close", new() { ["Reason"] = "Other", ["ClosingLevel"] = "Medium", ["Version"] = version.ToString() }, page);
        Assert.Contains("Explain the reason for closing", await unexplained.Content.ReadAsStringAsync());
        Assert.Equal(Referral.Open, await App.WithDb(db => db.Referrals.Where(r => r.Id == referral).Select(r => r.Status).SingleAsync()));
        Saved(await BeaconApp.PostFormAsync(practitioner, page + "?handler=Close", new() { ["Reason"] = "RiskReduced", ["ClosingLevel"] = "Low", ["Version"] = version.ToString() }, page), page);
        var closed = await App.WithDb(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == referral));
        Assert.Equal((Referral.Closed, "RiskReduced", RiskLevel.Low, Today), (closed.Status, closed.ClosureReason, closed.ClosingLevel!.Value, closed.ClosedOn!.Value));
        Assert.Null(closed.ReassessmentDueOn);
        Assert.Contains("Risk has reduced", await practitioner.GetStringAsync(page));

        var audit = await App.WithDb(db => db.AuditEntries.Where(e => e.RecordId!.StartsWith(App.CountyChildId.ToString())).Select(e => e.RecordType + ":" + e.Action).ToListAsync());
        Assert.Contains("KeyWorkSession:create", audit);
        Assert.Contains("KeyWork:view", audit);
    }

    [Fact]
    public async Task A_young_person_of_18_is_closed_only_with_a_transition_plan_and_the_family_is_recorded()
    {
        App.SkipIfUnavailable();
        var adultId = await App.WithDb(async db =>
        {
            var county = await db.Children.AsNoTracking().SingleAsync(c => c.Id == App.CountyChildId);
            var eighteen = new Child
            {
                Id = Guid.NewGuid(),
                Reference = $"TEST-18-{Guid.NewGuid():N}"[..20],
                GivenName = "Eighteen",
                FamilyName = "Testchild",
                DateOfBirth = Today.PlusYears(-18),
                Gender = "male",
                HostDistrictCode = county.HostDistrictCode,
                HostAuthorityId = county.HostAuthorityId,
                ResponsibleAuthorityId = county.ResponsibleAuthorityId,
                LivingSituation = "HOME",
                CreatedAt = SystemClock.Instance.GetCurrentInstant(),
                UpdatedAt = SystemClock.Instance.GetCurrentInstant(),
            };
            db.Children.Add(eighteen);
            await db.SaveChangesAsync();
            return eighteen.Id;
        });
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var referral = await ReferAsync(practitioner, adultId, "DRUG_DEBT");
        var page = $"/referrals/{referral}/key-work";
        Assert.Contains("is 18 or over", await practitioner.GetStringAsync(page));
        var version = await App.WithDb(db => db.Referrals.Where(r => r.Id == referral).Select(r => r.Version).SingleAsync());
        var noPlan = await BeaconApp.PostFormAsync(practitioner, page + "?handler=Close", new() { ["Reason"] = "RiskReduced", ["ClosingLevel"] = "Low", ["Version"] = version.ToString() }, page);
        Assert.Contains("needs a transition plan", await noPlan.Content.ReadAsStringAsync());
        Saved(await BeaconApp.PostFormAsync(practitioner, page + "?handler=Close",
            new() { ["Reason"] = "TransitionToAdultServices", ["ClosingLevel"] = "Low", ["Note"] = "Starting college; adult social care lead.", ["TransitionPlan"] = "Joint visit with adult social care; mentor continues for three months.", ["Version"] = version.ToString() }, page), page);
        Assert.Equal("Joint visit with adult social care; mentor continues for three months.", await App.WithDb(db => db.Referrals.Where(r => r.Id == referral).Select(r => r.TransitionPlan).SingleAsync()));

        // The family: members and goals; a goal marked achieved.
        var family = $"/children/{adultId}/family";
        var missing = await BeaconApp.PostFormAsync(practitioner, family + "?handler=Member", new() { ["MemberName"] = "", ["Relationship"] = "Mother" }, family);
        Assert.Contains("Enter the family member", await missing.Content.ReadAsStringAsync());
        Saved(await BeaconApp.PostFormAsync(practitioner, family + "?handler=Member", new() { ["MemberName"] = "Pat Testparent", ["Relationship"] = "Mother" }, family), family);
        Saved(await BeaconApp.PostFormAsync(practitioner, family + "?handler=Goal", new() { ["Goal"] = "Eat together twice a week." }, family), family);
        var goal = await App.WithDb(db => db.FamilyGoals.AsNoTracking().SingleAsync(g => g.ChildId == adultId));
        Saved(await BeaconApp.PostFormAsync(practitioner, family + "?handler=GoalStatus", new() { ["GoalId"] = goal.Id.ToString(), ["Status"] = "achieved", ["Version"] = goal.Version.ToString() }, family), family);
        var html = await practitioner.GetStringAsync(family);
        Assert.Contains("Pat Testparent", html);
        Assert.Equal("achieved", await App.WithDb(db => db.FamilyGoals.Where(g => g.Id == goal.Id).Select(g => g.Status).SingleAsync()));

        // Another council cannot see this child's family.
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        Assert.NotEqual(HttpStatusCode.OK, (await city.GetAsync(family)).StatusCode);
    }
}

public sealed class SqliteKeyWorkTests(SqliteApp app) : KeyWorkTests<SqliteApp>(app);

public sealed class PostgresKeyWorkTests(PostgresApp app) : KeyWorkTests<PostgresApp>(app);
