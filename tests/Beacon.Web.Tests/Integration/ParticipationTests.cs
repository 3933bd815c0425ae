using System.Net;
using System.Security.Claims;
using Beacon.Domain.Exploitation;
using Beacon.Domain.Organisations;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Features.Participation;
using Beacon.Web.Features.Reports;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Participation events and training delivered to partners (issue #20 §5, §6): attendance is scoped like the
/// child's record, and the exploitation return counts referrals by referrer agency beside partner training, from a
/// small hand-made dataset whose figures are worked out here.</summary>
public abstract class ParticipationTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    private async Task<Guid> MentorAsync(string name) => await App.WithDb(async db =>
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        var mentor = new Mentor { Id = Guid.NewGuid(), Name = name, Kind = Mentor.LivedExperienceMentor, Status = Beacon.Domain.Mentoring.MentorStatus.Active, CreatedAt = now, UpdatedAt = now };
        db.Set<Mentor>().Add(mentor);
        await db.SaveChangesAsync();
        return mentor.Id;
    });

    private Task<Guid> PractitionerIdAsync() => App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.Practitioner).Select(u => u.Id).SingleAsync());

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = BeaconApp.AntiforgeryToken(await client.GetStringAsync(path));
        return await client.PostAsync(path, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    /// <summary>A context and the participation services acting as a social worker of the given council (a scope that
    /// sees only that council's children).</summary>
    private static (BeaconDbContext Db, ParticipationWork Work) AsCouncilWorker(AsyncServiceScope scope, string council)
    {
        var organisation = scope.ServiceProvider.GetRequiredService<BeaconDbContext>().Organisations.IgnoreQueryFilters().Single(o => o.Code == council).Id;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Name, "council.worker"), new Claim(ClaimTypes.Role, Roles.Practitioner),
            new Claim(BeaconClaims.OrganisationId, organisation.ToString()), new Claim(BeaconClaims.OrganisationKind, nameof(OrganisationKind.LocalAuthority)),
        ], "test"));
        var actor = new CurrentActor(new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = principal } });
        var db = new BeaconDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<BeaconDbContext>>(), actor, SystemClock.Instance);
        var audit = new AuditLog(db, SystemClock.Instance, scope.ServiceProvider.GetRequiredService<AuditGroupCommit>(), scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>());
        return (db, new ParticipationWork(db, new ParticipationPeople(db), audit, new RecordOpener(audit), actor, SystemClock.Instance));
    }

    [Fact]
    public async Task Staff_record_an_event_and_a_viewer_who_may_not_see_an_attending_child_sees_only_a_count()
    {
        App.SkipIfUnavailable();
        var mentorId = await MentorAsync("Forum Mentor");
        var practitionerId = await PractitionerIdAsync();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Contains("Forum Mentor (mentor or volunteer)", await practitioner.GetStringAsync("/participation/new"));

        var saved = await PostAsync(practitioner, "/participation/new",
        [
            new("Kind", "FORUM_SESSION"), new("HeldOn", "3/6/2014"), new("Place", "Youth centre, Hanley"),
            new("Facilitators", $"user:{practitionerId}"), new("Facilitators", $"mentor:{mentorId}"),
            new("ChildReferences", "TEST-CITY, test-county"), new("OtherAttendees", "3"),
            new("CoProduced", "RHI form wording reviewed"), new("YouSaidWeDid", "You said the form felt like an interrogation; we reworded the opening questions."),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var eventId = Guid.Parse(saved.Headers.Location!.OriginalString.Split('/')[^1]);

        var details = await practitioner.GetStringAsync($"/participation/{eventId}");
        Assert.Contains("Cityone Testchild", details);
        Assert.Contains("Countyone Testchild", details);
        Assert.Contains("3 other young people", details);
        Assert.DoesNotContain("whom you cannot see", details);
        Assert.Contains("Forum Mentor (mentor or volunteer)", details);
        Assert.Contains("we reworded the opening questions", details);
        Assert.Contains("RHI form wording reviewed", await practitioner.GetStringAsync("/participation"));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "list" && a.RecordType == "Child" && a.Details!.Contains($"participation event {eventId}") && a.Details.Contains(App.CityChildId.ToString()))));

        // A Staffordshire council worker sees their own child, and Stoke-on-Trent's only as a count ...
        await using var scope = App.Services.CreateAsyncScope();
        var (db, work) = AsCouncilWorker(scope, "LA-860");
        var view = await work.OpenAsync(eventId, TestContext.Current.CancellationToken);
        Assert.NotNull(view);
        Assert.Equal(["TEST-COUNTY"], view.Children.Select(c => c.Reference));
        Assert.Equal(1, view.HiddenChildren);
        Assert.Equal(3, view.Event.OtherAttendees);

        // ... and can name only children they may see when recording.
        var (refused, errors) = await work.RecordAsync(new NewParticipationEvent("CONSULTATION", new LocalDate(2014, 6, 4), "School", [$"user:{practitionerId}"], "TEST-CITY", 0, "Consulted", null), TestContext.Current.CancellationToken);
        Assert.Null(refused);
        Assert.Contains(errors, e => e.Field == "ChildReferences" && e.Message.Contains("TEST-CITY", StringComparison.Ordinal));
        await db.DisposeAsync();
    }

    [Fact]
    public async Task An_event_with_nothing_filled_in_is_refused_with_every_error_and_nothing_is_saved()
    {
        App.SkipIfUnavailable();
        var coordinator = await App.SignInAsync("coordinator@provider.beacon.example");
        var before = await App.WithDb(db => db.Set<ParticipationEvent>().CountAsync());
        var response = await PostAsync(coordinator, "/participation/new", [new("OtherAttendees", "lots"), new("Facilitators", $"user:{Guid.NewGuid()}")]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var message in new[] { "Choose the kind of event", "Enter the date of the event", "Enter where it was held", "Choose who facilitated it from the list", "Enter how many other young people attended", "Enter what was co-produced" })
        {
            Assert.Contains(message, html);
        }

        Assert.Equal(before, await App.WithDb(db => db.Set<ParticipationEvent>().CountAsync()));
    }

    [Fact]
    public async Task Participation_figures_count_events_and_attendance_by_kind_in_each_period()
    {
        App.SkipIfUnavailable();
        var practitionerId = await PractitionerIdAsync();
        await App.WithDb(async db =>
        {
            ParticipationEvent Make(string kind, LocalDate on, int others, params Guid[] children)
            {
                var e = new ParticipationEvent { Id = Guid.NewGuid(), Kind = kind, HeldOn = on, Place = "Hall", CoProduced = "Ideas", OtherAttendees = others, RecordedBy = "test", RecordedAt = SystemClock.Instance.GetCurrentInstant() };
                db.Set<ParticipationAttendance>().AddRange(children.Select(c => new ParticipationAttendance { Id = Guid.NewGuid(), EventId = e.Id, ChildId = c }));
                db.Set<ParticipationFacilitator>().Add(new ParticipationFacilitator { Id = Guid.NewGuid(), EventId = e.Id, UserId = practitionerId });
                return e;
            }

            db.Set<ParticipationEvent>().AddRange(
                Make("FORUM_SESSION", new LocalDate(2013, 4, 1), 2, App.CityChildId, App.CountyChildId), // Q1, first day
                Make("FORUM_SESSION", new LocalDate(2013, 6, 30), 0, App.CityChildId),                  // Q1, last day
                Make("SUMMER_PROGRAMME", new LocalDate(2013, 8, 12), 10),                               // Q2
                Make("CO_DESIGN_WORKSHOP", new LocalDate(2014, 3, 31), 1, App.PlacedChildId),            // Q4, last day of the year
                Make("CONSULTATION", new LocalDate(2014, 4, 1), 5));                                    // next year
            return await db.SaveChangesAsync();
        });

        var figures = await App.WithDb(db => new ParticipationFigures(db).EventsAsync(FinancialYear.Quarters(2013)));
        ParticipationFigure At(string period, string kind) => figures.Single(f => f.Period == period && f.Kind == kind);
        Assert.Equal(4 * 4, figures.Count); // every quarter and kind, zeros included
        Assert.Equal((2, 3, 2), (At("Q1", "FORUM_SESSION").Events, At("Q1", "FORUM_SESSION").ChildrenAttending, At("Q1", "FORUM_SESSION").OthersAttending));
        Assert.Equal((1, 0, 10), (At("Q2", "SUMMER_PROGRAMME").Events, At("Q2", "SUMMER_PROGRAMME").ChildrenAttending, At("Q2", "SUMMER_PROGRAMME").OthersAttending));
        Assert.Equal((1, 2), (At("Q4", "CO_DESIGN_WORKSHOP").Events, At("Q4", "CO_DESIGN_WORKSHOP").Attending));
        Assert.Equal(0, figures.Where(f => f.Kind == "CONSULTATION").Sum(f => f.Events));
        var year = await App.WithDb(db => new ParticipationFigures(db).EventsAsync([FinancialYear.Year(2013)]));
        Assert.Equal((4, 17), (year.Sum(f => f.Events), year.Sum(f => f.Attending)));
    }

    private Referral Referral(LocalDate received, string agency, string status = Features.Exploitation.Referral.Open) => new()
    {
        Id = Guid.NewGuid(),
        ChildId = App.CountyChildId,
        Reference = $"TEST-{Guid.NewGuid():N}"[..20],
        TemplateVersion = 1,
        Answers = "{}",
        Points = 0,
        ScoredLevel = RiskLevel.Low,
        Level = RiskLevel.Low,
        ExploitationTypes = "CCE",
        ReferrerName = "Test",
        ReferrerAgency = agency,
        ReceivedOn = received,
        Status = status,
        Pathway = Pathway.KeyWork,
        CreatedAt = SystemClock.Instance.GetCurrentInstant(),
        UpdatedAt = SystemClock.Instance.GetCurrentInstant(),
    };

    [Fact]
    public async Task The_exploitation_return_counts_referrals_by_referrer_agency_beside_partner_training_in_the_same_period()
    {
        App.SkipIfUnavailable();
        const int year = 2015; // a year no other test writes referrals or training in
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var practitionerId = await PractitionerIdAsync();
        var mentorId = await MentorAsync("Briefing Mentor");
        // Recorded through the page: Q1, 12 from schools and 3 police officers, delivered by a practitioner and a mentor.
        var saved = await PostAsync(practitioner, "/partner-training/new",
        [
            new("DeliveredOn", "10/5/2015"), new("Topic", "Spotting criminal exploitation: designated safeguarding leads"),
            new("DeliveredBy", $"user:{practitionerId}"), new("DeliveredBy", $"mentor:{mentorId}"),
            new("Attending[SCHOOL]", "12"), new("Attending[POLICE]", " 3 "), new("Attending[HEALTH]", ""),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = await practitioner.GetStringAsync("/partner-training");
        Assert.Contains("Spotting criminal exploitation", list);
        Assert.Contains("Briefing Mentor (mentor or volunteer)", list);
        Assert.Contains("School 12; Police 3", list);

        await App.WithDb(async db =>
        {
            PartnerTraining Session(LocalDate on, params (string Agency, int Attending)[] audience)
            {
                var t = new PartnerTraining { Id = Guid.NewGuid(), DeliveredOn = on, Topic = "Briefing", RecordedBy = "test", RecordedAt = SystemClock.Instance.GetCurrentInstant() };
                db.Set<PartnerTrainingAudience>().AddRange(audience.Select(a => new PartnerTrainingAudience { Id = Guid.NewGuid(), TrainingId = t.Id, Agency = a.Agency, Attending = a.Attending }));
                return t;
            }

            db.Set<PartnerTraining>().AddRange(
                Session(new LocalDate(2015, 6, 30), ("SCHOOL", 4)),                             // Q1, last day
                Session(new LocalDate(2015, 7, 1), ("SOCIAL_CARE", 7), ("YOUTH_OFFENDING", 2)), // Q2, first day
                Session(new LocalDate(2016, 4, 1), ("SCHOOL", 30)));                            // next year
            db.Referrals.AddRange(
                Referral(new LocalDate(2015, 4, 1), "School"),                         // Q1
                Referral(new LocalDate(2015, 6, 30), "  schools "),                    // Q1: an accepted spelling
                Referral(new LocalDate(2015, 5, 2), "Police", Features.Exploitation.Referral.Inappropriate), // Q1: every referral counts
                Referral(new LocalDate(2015, 7, 1), "Children's Social Care"),         // Q2
                Referral(new LocalDate(2015, 8, 1), "YOT"),                            // Q2
                Referral(new LocalDate(2015, 9, 9), "Return home interview"),          // Q2: not a listed agency, so other
                Referral(new LocalDate(2016, 4, 1), "School"));                        // next year
            return await db.SaveChangesAsync();
        });

        var report = await App.WithDb(db => new ExploitationReturn(db).BuildAsync(year, "quarterly"));
        AgencyActivity At(string period, string agency) => report.Agencies.Single(a => a.Period == period && a.Agency == agency);
        Assert.Equal(4 * 8, report.Agencies.Count); // every quarter and agency, zeros included
        Assert.Equal((2, 2, 16), (At("Q1", "SCHOOL").Referrals, At("Q1", "SCHOOL").TrainingSessions, At("Q1", "SCHOOL").TrainingAttendees));
        Assert.Equal((1, 1, 3), (At("Q1", "POLICE").Referrals, At("Q1", "POLICE").TrainingSessions, At("Q1", "POLICE").TrainingAttendees));
        Assert.Equal((1, 1, 7), (At("Q2", "SOCIAL_CARE").Referrals, At("Q2", "SOCIAL_CARE").TrainingSessions, At("Q2", "SOCIAL_CARE").TrainingAttendees));
        Assert.Equal((1, 1, 2), (At("Q2", "YOUTH_OFFENDING").Referrals, At("Q2", "YOUTH_OFFENDING").TrainingSessions, At("Q2", "YOUTH_OFFENDING").TrainingAttendees));
        Assert.Equal((1, 0, 0), (At("Q2", "OTHER").Referrals, At("Q2", "OTHER").TrainingSessions, At("Q2", "OTHER").TrainingAttendees));
        Assert.Equal((0, 0, 0), (At("Q2", "SCHOOL").Referrals, At("Q2", "SCHOOL").TrainingSessions, At("Q2", "SCHOOL").TrainingAttendees));
        Assert.Equal(6, report.Agencies.Sum(a => a.Referrals));
        Assert.Equal(report.Rows.Where(r => r.AreaKind == "total").Sum(r => r.Referrals), report.Agencies.Sum(a => a.Referrals)); // the return's own total
        var totals = await App.WithDb(db => new ParticipationFigures(db).PartnerTrainingTotalsAsync(FinancialYear.Quarters(year)));
        Assert.Equal([(2, 19), (1, 9), (0, 0), (0, 0)], totals.Select(t => (t.Sessions, t.Attendees)));

        // The page, the CSV by agency, the workbook and the command line show the same figures.
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Roles.ServiceManager));
        Assert.Contains("Youth offending", await manager.GetStringAsync($"/reports/exploitation?year={year}"));
        var csv = await manager.GetStringAsync($"/reports/exploitation?handler=AgencyCsv&year={year}&period=quarterly");
        Assert.StartsWith("period,referrer_agency,referrals,partner_training_sessions,partner_training_attendees", csv);
        Assert.Contains("Q1,SCHOOL,2,2,16", csv);
        var xlsx = await manager.GetAsync($"/reports/exploitation?handler=Xlsx&year={year}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.True((await xlsx.Content.ReadAsByteArrayAsync()).Length > 1000);
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.True(0 == await Beacon.Cli.BeaconCli.RunAsync(["report", "exploitation-quarterly", "--financial-year", $"{year}", "--by-agency"], output, error, App.CliSettings), error.ToString());
        Assert.Contains("Q2,YOUTH_OFFENDING,1,1,2", output.ToString());
        var json = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "exploitation-quarterly", "--financial-year", $"{year}", "--format", "json"], json, new StringWriter(), App.CliSettings));
        Assert.Contains("\"training_attendees\": 16", json.ToString());
        var file = Path.Combine(Directory.CreateTempSubdirectory("beacon-exploitation-").FullName, "return.xlsx");
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["report", "exploitation-quarterly", "--financial-year", $"{year}", "--format", "xlsx", "--out", file], new StringWriter(), new StringWriter(), App.CliSettings));
        Assert.True(new FileInfo(file).Length > 1000);
    }

    [Fact]
    public async Task A_partner_training_session_needs_an_audience_and_numbers()
    {
        App.SkipIfUnavailable();
        var coordinator = await App.SignInAsync("coordinator@provider.beacon.example");
        var response = await PostAsync(coordinator, "/partner-training/new", [new("DeliveredOn", "1/1/2015"), new("Topic", "Briefing"), new("Attending[SCHOOL]", "a dozen"), new("Attending[NOT_AN_AGENCY]", "4")]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Enter how many attended from school as a number", html);
        Assert.Contains("Choose who delivered it", html);
        Assert.Contains("href=\"#Attending-SCHOOL\"", html);
        var practitionerId = await PractitionerIdAsync();
        var empty = await PostAsync(coordinator, "/partner-training/new", [new("DeliveredOn", "1/1/2015"), new("Topic", "Briefing"), new("DeliveredBy", $"user:{practitionerId}")]);
        var emptyHtml = await empty.Content.ReadAsStringAsync();
        Assert.True(emptyHtml.Contains("Enter how many attended from at least one agency", StringComparison.Ordinal), System.Text.RegularExpressions.Regex.Match(emptyHtml, "govuk-error-summary__list.{0,600}", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
    }
}

public sealed class SqliteParticipationTests(SqliteApp app) : ParticipationTests<SqliteApp>(app);

public sealed class PostgresParticipationTests(PostgresApp app) : ParticipationTests<PostgresApp>(app);
