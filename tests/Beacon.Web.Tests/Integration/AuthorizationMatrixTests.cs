using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Demo;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Every page and API endpoint, taken from the app's own endpoint list (so a new one is covered without editing this
/// test), called as anonymous and as every demo user, with ids of records belonging to Stoke-on-Trent's child.
/// Nobody gets a server error; anonymous callers get nothing but the sign-in challenge; users who may not see that
/// child never see its name or id. An endpoint that allows anonymous access must be on the list below.
/// </summary>
public abstract class AuthorizationMatrixTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    private static readonly HashSet<string> AnonymousAllowed =
    [
        "health/live", "health/ready", "account/sign-in", "account/sign-in/code", "account/sign-out", "account/access-denied", "error",
        "account/sso/{organisation}", "account/sso/signed-in", // single sign-on: start (404 unless configured) and landing (ADR 17)
    ];

    protected TApp App { get; } = app;

    [Fact]
    public async Task Every_endpoint_as_every_role_fails_closed_and_leaks_nothing()
    {
        App.SkipIfUnavailable();
        var (episodeId, interviewId) = await CityRecordsAsync();
        var cityWorkerId = await App.WithDb(db => db.Users.Where(u => u.Email == BeaconApp.CityWorker).Select(u => u.Id).SingleAsync());
        var (mentorId, personalData) = await MentorWithPersonalDataAsync();
        var onwardId = await CityOnwardReferralAsync();
        var participationId = await CityChildAttendsAnEventAsync();
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains("{**", StringComparison.Ordinal))
            .Select(e => (Pattern: e.RoutePattern.RawText!.TrimStart('/'), Anonymous: e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]))
            .Where(e => e.Methods.Contains("GET"))
            .DistinctBy(e => e.Pattern)
            .ToList();
        Assert.True(endpoints.Count > 20, "the endpoint list was not read");

        var unexpectedAnonymous = endpoints.Where(e => e.Anonymous && !AnonymousAllowed.Contains(e.Pattern)).Select(e => e.Pattern).ToList();
        Assert.True(unexpectedAnonymous.Count == 0, $"Endpoints open without sign-in that are not on the allowed list: {string.Join(", ", unexpectedAnonymous)}");

        string Url(string pattern) => "/" + System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
        {
            "documentName" => "v1",
            "version" => "1", // a safety plan's version (issue #19 §2)
            _ when pattern.StartsWith("api/v1/notifications", StringComparison.Ordinal) => episodeId.ToString(),
            _ when pattern.Contains("return-interviews", StringComparison.Ordinal) => interviewId.ToString(),
            _ when pattern.StartsWith("admin/users", StringComparison.Ordinal) => cityWorkerId.ToString(),
            _ when pattern.StartsWith("mentoring/", StringComparison.Ordinal) => mentorId.ToString(),
            _ when pattern.Contains("onward-referrals/", StringComparison.Ordinal) => onwardId.ToString(),
            _ when pattern.StartsWith("participation/", StringComparison.Ordinal) => participationId.ToString(), // Stoke-on-Trent's child attended it
            _ when pattern.Contains("mentees", StringComparison.Ordinal) => App.CityChildId.ToString(), // the demo mentor is not matched to it
            _ when pattern.Contains("children", StringComparison.Ordinal) => App.CityChildId.ToString(),
            _ => Guid.NewGuid().ToString(),
        });

        var mayNotSeeCityChild = new HashSet<string> { BeaconApp.CountyWorker, BeaconApp.CountyManager, BeaconApp.SecondForceLiaison, BeaconApp.Analyst, "admin@provider.beacon.example", "mentor@provider.beacon.example" };
        var callers = new List<(string Name, HttpClient Pages, HttpClient Api)> { ("anonymous", App.Browser(), App.Browser()) };
        foreach (var account in DemoSeeder.Accounts)
        {
            callers.Add((account.Email, await App.SignInAsync(account.Email), await App.ApiAsync(account.Email)));
        }

        var failures = new List<string>();
        foreach (var (pattern, anonymous, _) in endpoints)
        {
            var url = Url(pattern);
            foreach (var (name, pages, api) in callers)
            {
                var client = url.StartsWith("/api/v1", StringComparison.Ordinal) ? api : pages;
                var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{name} GET {url}: {(int)response.StatusCode}");
                }

                if (name == "anonymous" && !anonymous && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Redirect)
                    && !(url == "/account/access-denied" && response.StatusCode == HttpStatusCode.Forbidden))
                {
                    failures.Add($"anonymous GET {url}: {(int)response.StatusCode} (expected 401 or a redirect to sign in)");
                }

                if (name == "anonymous" && response.StatusCode == HttpStatusCode.Redirect && !anonymous
                    && !response.Headers.Location!.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal))
                {
                    failures.Add($"anonymous GET {url}: redirected to {response.Headers.Location}");
                }

                // A mentor's personal data (issue #20 §1): the provider's mentor coordinators only.
                if (name != "coordinator@provider.beacon.example" && body.Contains(personalData, StringComparison.Ordinal))
                {
                    failures.Add($"{name} GET {url}: {(int)response.StatusCode} showed a mentor's personal data");
                }

                // Audit readers (including administrators) may see record ids in the audit log, never names: that is its purpose.
                var auditReader = url == "/audit" && DemoSeeder.Accounts.Any(a => a.Email == name && Beacon.Domain.Organisations.Roles.AuditReaders.Contains(a.Role));
                if (auditReader)
                {
                    Assert.DoesNotContain("Cityone", body);
                }
                else if ((name == "anonymous" || mayNotSeeCityChild.Contains(name))
                    && (body.Contains("Cityone", StringComparison.Ordinal) || body.Contains(App.CityChildId.ToString(), StringComparison.OrdinalIgnoreCase) || body.Contains("TEST-CITY", StringComparison.Ordinal)))
                {
                    failures.Add($"{name} GET {url}: {(int)response.StatusCode} leaked Stoke-on-Trent's child");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var coordinator = callers.Single(c => c.Name == "coordinator@provider.beacon.example").Pages;
        Assert.Contains(personalData, await coordinator.GetStringAsync($"/mentoring/{mentorId}"), StringComparison.Ordinal); // the check above can fail
        Assert.Contains("Rang back on 07700 900 461", await coordinator.GetStringAsync($"/mentoring/{mentorId}/support"), StringComparison.Ordinal);
        var analyst = callers.Single(c => c.Name == BeaconApp.Analyst).Pages;
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync("/reports/mentoring")).StatusCode); // commissioners see the mentoring figures (issue #20 §7)
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/reports/mentoring")).StatusCode); // and so does the coordinator who runs mentoring
    }

    /// <summary>
    /// Tokens authenticate /api/v1 and nothing else; the sign-in cookie authenticates everything else and never /api/v1
    /// (docs/decisions/0005). Every endpoint and method in the app's endpoint list, as every demo user: a request with
    /// only the user's token on a page, or only their session cookie on the API, gets exactly what an anonymous request
    /// gets — the sign-in redirect or 401 — never the page or the data.
    /// </summary>
    [Fact]
    public async Task A_token_opens_no_page_and_a_cookie_opens_no_api_endpoint()
    {
        App.SkipIfUnavailable();
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains("{**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"]).Select(m => (Pattern: e.RoutePattern.RawText!.TrimStart('/'), Method: m)))
            .Distinct().ToList();
        Assert.True(endpoints.Count(e => e.Pattern.StartsWith("api/v1", StringComparison.Ordinal)) > 10, "the API endpoints were not read");
        Assert.True(endpoints.Count(e => !e.Pattern.StartsWith("api/v1", StringComparison.Ordinal)) > 20, "the pages were not read");
        var anonymous = App.Browser();
        var callers = new List<(string Name, HttpClient TokenOnly, HttpClient CookieOnly)>();
        foreach (var account in DemoSeeder.Accounts)
        {
            var tokenOnly = App.Browser();
            tokenOnly.DefaultRequestHeaders.Authorization = (await App.ApiAsync(account.Email)).DefaultRequestHeaders.Authorization;
            callers.Add((account.Email, tokenOnly, await App.SignInAsync(account.Email)));
        }

        var failures = new List<string>();
        foreach (var (pattern, method) in endpoints.Where(e => !e.Pattern.StartsWith("account/sign-out", StringComparison.Ordinal)))
        {
            var url = "/" + System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value == "documentName" ? "v1" : Guid.NewGuid().ToString());
            var api = url.StartsWith("/api/v1", StringComparison.Ordinal);
            HttpRequestMessage Request() => new(new HttpMethod(method), url) { Content = method is "GET" or "HEAD" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            var expected = await anonymous.SendAsync(Request());
            if (expected.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound)
                && !(url == "/account/access-denied" && expected.StatusCode == HttpStatusCode.Forbidden))
            {
                failures.Add($"anonymous {method} {url}: {(int)expected.StatusCode}");
            }

            foreach (var (name, tokenOnly, cookieOnly) in callers)
            {
                var response = await (api ? cookieOnly : tokenOnly).SendAsync(Request());
                if (response.StatusCode != expected.StatusCode || response.Headers.Location?.OriginalString != expected.Headers.Location?.OriginalString)
                {
                    failures.Add($"{name} {method} {url} with only {(api ? "a session cookie" : "an API token")}: {(int)response.StatusCode} {response.Headers.Location}, anonymous gets {(int)expected.StatusCode} {expected.Headers.Location}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(50)));
    }

    [Fact]
    public async Task A_post_or_a_handler_no_page_answers_is_refused_never_a_server_error()
    {
        App.SkipIfUnavailable();
        var (_, interviewId) = await CityRecordsAsync();
        var pages = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/')).Distinct()
            .Where(p => !p.StartsWith("account/sign-", StringComparison.Ordinal)) // would end the session under test
            .ToList();
        Assert.True(pages.Count > 20, "the page list was not read");
        var client = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.TeamManager));
        var token = BeaconApp.AntiforgeryToken(await client.GetStringAsync("/account/alerts"));
        var failures = new List<string>();
        foreach (var pattern in pages)
        {
            var url = "/" + System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m =>
                pattern.Contains("return-interviews", StringComparison.Ordinal) ? interviewId.ToString() : pattern.Contains("children", StringComparison.Ordinal) ? App.CityChildId.ToString() : Guid.NewGuid().ToString());
            var posted = await client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            var unknown = await client.GetAsync(url + (url.Contains('?') ? "&" : "?") + "handler=NoSuchHandler");
            // A server error shows as a 5xx, or (for pages) as the error handler's redirect to /error.
            static bool Failed(HttpResponseMessage r) => (int)r.StatusCode >= 500 || r.Headers.Location?.OriginalString.StartsWith("/error", StringComparison.Ordinal) == true;
            if (Failed(posted) || Failed(unknown))
            {
                failures.Add($"{url}: POST {(int)posted.StatusCode}, unknown handler {(int)unknown.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Council_team_managers_open_only_their_own_council_s_children_and_audit_entries()
    {
        App.SkipIfUnavailable();
        foreach (var (manager, own, other) in new[] { (BeaconApp.CountyManager, App.CountyChildId, App.CityChildId), (BeaconApp.CityManager, App.CityChildId, App.CountyChildId) })
        {
            var pages = await App.SignInAsync(manager);
            var api = await App.ApiAsync(manager);
            Assert.Equal(HttpStatusCode.OK, (await pages.GetAsync($"/children/{own}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/children/{own}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/children/{other}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/children/{other}")).StatusCode);
            Assert.DoesNotContain(other.ToString(), await api.GetStringAsync("/api/v1/children?pageSize=200"), StringComparison.OrdinalIgnoreCase);
            Assert.NotEmpty(AuditScopeTests<TApp>.Rows(await pages.GetStringAsync($"/audit?record={own}")));
            Assert.Empty(AuditScopeTests<TApp>.Rows(await pages.GetStringAsync($"/audit?record={other}")));
        }
    }

    /// <summary>An onward referral (issue #19 §3) of the Stoke-on-Trent test child whose notes name it.</summary>
    private Task<Guid> CityOnwardReferralAsync() => App.WithDb(async db =>
    {
        var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
        var resource = new Beacon.Web.Features.Onward.CommunityResource { Id = Guid.NewGuid(), Name = $"Matrix resource {Guid.NewGuid():N}", Kind = "ARTS", CreatedAt = now, UpdatedAt = now, UpdatedBy = "test" };
        db.Add(resource);
        var (referral, step) = Beacon.Web.Features.Onward.OnwardReferrals.New(App.CityChildId, resource.Id, "FAMILY", null, new NodaTime.LocalDate(2026, 1, 5), "TEST-CITY onward note", "test", now);
        db.Add(referral);
        db.Add(step);
        await db.SaveChangesAsync();
        return referral.Id;
    });

    /// <summary>A register entry whose phone number marks personal data that only coordinators may see.</summary>
    /// <summary>A participation event Stoke-on-Trent's child attended (issue #20 §5): its page names the child only to
    /// those who may see the child.</summary>
    private Task<Guid> CityChildAttendsAnEventAsync() => App.WithDb(async db =>
    {
        var item = new Beacon.Web.Features.Participation.ParticipationEvent
        {
            Id = Guid.NewGuid(),
            Kind = "FORUM_SESSION",
            HeldOn = new NodaTime.LocalDate(2026, 1, 10),
            Place = "Hall",
            CoProduced = "Ideas",
            RecordedBy = "test",
            RecordedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
        };
        db.Add(item);
        db.Add(new Beacon.Web.Features.Participation.ParticipationAttendance { Id = Guid.NewGuid(), EventId = item.Id, ChildId = App.CityChildId });
        await db.SaveChangesAsync();
        return item.Id;
    });

    private Task<(Guid Id, string Marker)> MentorWithPersonalDataAsync() => App.WithDb(async db =>
    {
        var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
        var mentor = new Beacon.Web.Features.Mentoring.Mentor
        {
            Id = Guid.NewGuid(),
            Name = "Matrix Mentor",
            Phone = "07700 900 461",
            Email = "matrix.mentor@home.example",
            Kind = "mentor",
            Status = "active",
            DbsCertificateNumber = "000555666777",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Set<Beacon.Web.Features.Mentoring.Mentor>().Add(mentor);
        // Supervision and wellbeing notes (issue #20 §4) are coordinators' only too: they carry the same marker.
        db.Set<Beacon.Web.Features.Mentoring.MentorSupervision>().Add(new() { Id = Guid.NewGuid(), MentorId = mentor.Id, HeldOn = new NodaTime.LocalDate(2026, 1, 5), Minutes = 60, Supervisor = "S", Notes = "Rang back on 07700 900 461", RecordedBy = "test", RecordedAt = now });
        db.Set<Beacon.Web.Features.Mentoring.MentorWellbeingCheck>().Add(new() { Id = Guid.NewGuid(), MentorId = mentor.Id, HeldOn = new NodaTime.LocalDate(2026, 1, 5), Score = 4, Concerns = "Call 07700 900 461 first", RecordedBy = "test", RecordedAt = now });
        await db.SaveChangesAsync();
        return (mentor.Id, "07700 900 461");
    });

    /// <summary>
    /// Issue #18: commissioners see figures, never children. The commissioner (the analyst at the commissioner's office)
    /// opens every page of the contract view; no child record, no hardship request form; the service manager opens them
    /// too, and a practitioner none of the figures pages.
    /// </summary>
    [Fact]
    public async Task Commissioners_open_every_contract_page_and_no_child_record()
    {
        App.SkipIfUnavailable();
        string[] pages = ["/reports/missing/cohorts", "/reports/missing/cohorts?handler=Csv", "/reports/committee-pack", "/contract/budget", "/contract/hardship", "/contract/kpis",
            "/contract/annual-report", "/contract/annual-report?print=true&suppress=true", "/contract/annual-report?handler=Xlsx", "/contract/annual-report?handler=Json&year=2024"];
        var commissioner = await App.SignInAsync(BeaconApp.Analyst);
        var manager = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.ServiceManager));
        var practitioner = await App.SignInAsync(BeaconApp.EmailFor(Beacon.Domain.Organisations.Roles.Practitioner));
        foreach (var page in pages)
        {
            foreach (var (name, client) in new[] { ("commissioner", commissioner), ("service manager", manager) })
            {
                var response = await client.GetAsync(page);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name} GET {page}: {(int)response.StatusCode}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("Countyone", body);
                Assert.DoesNotContain("Cityone", body);
            }

            Assert.NotEqual(HttpStatusCode.OK, (await practitioner.GetAsync(page)).StatusCode);
        }

        // Spot-purchase invoices list RHI references: the provider's managers and the purchasing council's own users only;
        // commissioners open the page for the prices and each council's totals, never an invoice's lines.
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/spot-purchase/invoices?council=861&handler=Csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await commissioner.GetAsync("/spot-purchase/invoices")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await commissioner.GetAsync("/spot-purchase/invoices?council=861&handler=Csv")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await practitioner.GetAsync("/spot-purchase/invoices")).StatusCode);
        foreach (var child in new[] { App.CountyChildId, App.CityChildId, App.PlacedChildId })
        {
            Assert.NotEqual(HttpStatusCode.OK, (await commissioner.GetAsync($"/children/{child}")).StatusCode);
            Assert.NotEqual(HttpStatusCode.OK, (await commissioner.GetAsync($"/children/{child}/hardship")).StatusCode);
        }
    }

    /// <summary>An episode, a completed RHI and an outcome reading of the Stoke-on-Trent test child.</summary>
    private async Task<(Guid Episode, Guid Interview)> CityRecordsAsync()
    {
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid(personId: $"CITY-{App.CityChildId:N}"[..20]);
        body["district_code"] = "E06000021";
        body["responsible_authority"] = "861";
        var result = await (await police.PostAsJsonAsync("/api/v1/notifications", body)).Content.ReadFromJsonAsync<JsonElement>();
        var episode = result.GetProperty("episode_id").GetGuid();
        var interview = result.GetProperty("return_interview_id").GetGuid();
        await App.WithDb(async db =>
        {
            // Attach the episode and its RHI to the fixture's Stoke-on-Trent child, and complete the RHI.
            var e = await db.Episodes.SingleAsync(x => x.Id == episode);
            var r = await db.ReturnInterviews.SingleAsync(x => x.Id == interview);
            e.ChildId = App.CityChildId;
            r.ChildId = App.CityChildId;
            r.Status = RhiStatus.Completed;
            r.OfferedAt = r.FirstReturnedAt;
            r.SubmittedAt = r.FirstReturnedAt;
            // An outcome reading (issue #19) whose words name the child: any page or endpoint that leaks it is caught.
            if (!await db.Set<Beacon.Web.Features.Outcomes.OutcomeReading>().AnyAsync(x => x.ChildId == App.CityChildId))
            {
                var reading = new Beacon.Web.Features.Outcomes.OutcomeReading { Id = Guid.NewGuid(), ChildId = App.CityChildId, TakenOn = new NodaTime.LocalDate(2026, 1, 5), FrameworkVersion = 1, TakenBy = "test", Source = "recorded", RecordedAt = r.FirstReturnedAt };
                db.Add(reading);
                db.Add(new Beacon.Web.Features.Outcomes.OutcomeScore { Id = Guid.NewGuid(), ReadingId = reading.Id, ChildId = App.CityChildId, Area = "HOME", Score = 4, ChildWords = "TEST-CITY says home is calmer" });
            }

            // A safety plan (issue #19 §2) whose risks and overdue action name the child, owned by the city council.
            if (!await db.Set<Beacon.Web.Features.SupportPlans.SafetyPlan>().AnyAsync(x => x.ChildId == App.CityChildId))
            {
                var plan = new Beacon.Web.Features.SupportPlans.SafetyPlan { Id = Guid.NewGuid(), ChildId = App.CityChildId, Version = 1, IsCurrent = true, Risks = "TEST-CITY risk", SavedBy = "test", SavedAt = r.FirstReturnedAt };
                var city = await db.Organisations.SingleAsync(o => o.Code == "LA-861");
                db.Add(plan);
                db.Add(new Beacon.Web.Features.SupportPlans.SafetyPlanAction { Id = Guid.NewGuid(), PlanId = plan.Id, ChildId = App.CityChildId, Position = 1, Action = "TEST-CITY action", OwnerOrganisationId = city.Id, DueOn = new NodaTime.LocalDate(2026, 1, 5), IsCurrent = true });
            }

            // A family goal with progress (issue #19 §4) naming the child: shown on the record, to those who may see it only.
            if (!await db.FamilyGoals.AnyAsync(x => x.ChildId == App.CityChildId && x.Goal == "TEST-CITY family goal"))
            {
                var goal = new Beacon.Web.Features.KeyWork.FamilyGoal { Id = Guid.NewGuid(), ChildId = App.CityChildId, Goal = "TEST-CITY family goal", Status = "open", CreatedAt = r.FirstReturnedAt, UpdatedAt = r.FirstReturnedAt };
                db.Add(goal);
                db.Add(new Beacon.Web.Features.SupportPlans.FamilyGoalProgress { Id = Guid.NewGuid(), GoalId = goal.Id, ChildId = App.CityChildId, RecordedOn = new NodaTime.LocalDate(2026, 1, 5), Score = 4, Note = "TEST-CITY progress", RecordedBy = "test", RecordedAt = r.FirstReturnedAt });
            }

            return await db.SaveChangesAsync();
        });
        return (episode, interview);
    }

    /// <summary>The council child id upload (issue #17 §5), as every demo role: the page for council caseworkers only;
    /// an upload's report and rows not applied for its uploader only (a Stoke-on-Trent manager's here).</summary>
    [Fact]
    public async Task Council_child_id_uploads_are_for_council_caseworkers_and_each_report_for_its_uploader()
    {
        App.SkipIfUnavailable();
        var marker = $"city-ids-{Guid.NewGuid():N}.csv";
        var runId = await App.WithDb(async db =>
        {
            var run = new Beacon.Web.Features.Missing.ImportRun
            {
                Id = Guid.NewGuid(),
                Kind = Beacon.Web.Features.CouncilChildIds.CouncilChildIdImport.Kind,
                FileName = marker,
                Status = Beacon.Web.Features.Missing.ImportRun.Done,
                UploadedById = await db.Users.Where(u => u.Email == BeaconApp.CityManager).Select(u => u.Id).SingleAsync(),
                Rows = 1,
                Rejected = 1,
                Problems = "[]",
                RejectedRows = "not readable without the uploader's key",
                CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
            };
            db.Add(run);
            await db.SaveChangesAsync();
            return run.Id;
        });
        var failures = new List<string>();
        foreach (var account in DemoSeeder.Accounts.Select(a => (Email: a.Email, OrganisationCode: a.OrganisationCode, Role: a.Role)).Prepend((Email: "anonymous", OrganisationCode: "", Role: "")))
        {
            var client = account.Email == "anonymous" ? App.Browser() : await App.SignInAsync(account.Email);
            var councilCaseworker = account.OrganisationCode.StartsWith("LA-", StringComparison.Ordinal)
                && account.Role is Beacon.Domain.Organisations.Roles.Practitioner or Beacon.Domain.Organisations.Roles.TeamManager or Beacon.Domain.Organisations.Roles.ServiceManager;
            var upload = await client.GetAsync("/council-child-ids");
            if ((upload.StatusCode == HttpStatusCode.OK) != councilCaseworker || (int)upload.StatusCode >= 500)
            {
                failures.Add($"{account.Email} GET /council-child-ids: {(int)upload.StatusCode}");
            }

            var report = await client.GetAsync($"/council-child-ids/{runId}");
            var body = await report.Content.ReadAsStringAsync();
            if ((report.StatusCode == HttpStatusCode.OK) != (account.Email == BeaconApp.CityManager) || (body.Contains(marker, StringComparison.Ordinal) != (account.Email == BeaconApp.CityManager)))
            {
                failures.Add($"{account.Email} GET /council-child-ids/{runId}: {(int)report.StatusCode}");
            }

            if (councilCaseworker && account.Email != BeaconApp.CityManager
                && (await BeaconApp.PostFormAsync(client, $"/council-child-ids/{runId}?handler=Rejected", [], "/council-child-ids")).StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{account.Email} POST the rows not applied of another user's upload");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

public sealed class SqliteAuthorizationMatrixTests(SqliteApp app) : AuthorizationMatrixTests<SqliteApp>(app);

public sealed class PostgresAuthorizationMatrixTests(PostgresApp app) : AuthorizationMatrixTests<PostgresApp>(app);
