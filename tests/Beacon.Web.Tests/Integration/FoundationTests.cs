using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Access;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Integration;

/// <summary>Sign-in, access, audit and operations through HTTP, on each database (see the concrete classes at the end).</summary>
public abstract class FoundationTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task Every_cookie_beacon_sets_is_httponly_and_strict()
    {
        App.SkipIfUnavailable();
        var client = App.Browser();
        var page = await client.GetAsync("/account/sign-in");
        var signIn = await BeaconApp.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = BeaconApp.Practitioner, ["Password"] = BeaconApp.Password });
        var cookies = page.Headers.GetValues("Set-Cookie").Concat(signIn.Headers.GetValues("Set-Cookie")).Where(c => c.StartsWith("beacon.", StringComparison.Ordinal)).ToList();
        Assert.Contains(cookies, c => c.StartsWith("beacon.session=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("beacon.antiforgery=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("samesite=strict", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Health_checks_answer_without_signing_in()
    {
        App.SkipIfUnavailable();
        var client = App.Browser();
        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"database\":\"Healthy\"", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_and_api_require_authentication()
    {
        App.SkipIfUnavailable();
        var client = App.Browser();
        var page = await client.GetAsync($"/children/{App.CountyChildId}");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location!.OriginalString.Replace("http://localhost", string.Empty));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/children")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_shows_the_home_page_with_security_headers()
    {
        App.SkipIfUnavailable();
        var client = await App.SignInAsync(BeaconApp.Practitioner);
        var home = await client.GetAsync("/");
        var html = await home.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Pat Practitioner (demo)", html);
        Assert.Contains("script-src 'self'", home.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline", home.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", home.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", home.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("0", home.Headers.GetValues("X-XSS-Protection").Single());
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_clear_message_and_five_failures_make_the_address_wait()
    {
        App.SkipIfUnavailable();
        var email = $"lockout-{Guid.NewGuid():N}@provider.beacon.example";
        await CreateUserAsync(email, Roles.Practitioner);
        var client = App.Browser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await BeaconApp.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = email, ["Password"] = "not-the-right-password" });
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            var body = await failed.Content.ReadAsStringAsync();
            Assert.Contains("govuk-error-summary", body);
            Assert.Contains("Enter a correct email address and password", body);
        }

        // The address waits (docs/decisions/0005); the account itself is not locked, so an outsider cannot lock a person out.
        var correct = await BeaconApp.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = email, ["Password"] = BeaconApp.Password });
        Assert.Equal(HttpStatusCode.OK, correct.StatusCode);
        Assert.Contains("Too many failed attempts", await correct.Content.ReadAsStringAsync());
        Assert.Null(await App.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task A_form_post_without_the_antiforgery_token_is_rejected()
    {
        App.SkipIfUnavailable();
        var client = await App.SignInAsync(EmailFor(Roles.SystemAdministrator));
        var before = await App.WithDb(db => db.Users.CountAsync());
        var response = await client.PostAsync("/admin/users/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["DisplayName"] = "Forged User",
            ["Email"] = "forged@provider.beacon.example",
            ["OrganisationCode"] = "PROVIDER",
            ["Roles"] = Roles.Practitioner,
            ["Password"] = "Correct-Horse-Battery-77",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await App.WithDb(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_council_user_cannot_read_another_councils_child_through_the_ui_and_the_denial_is_audited()
    {
        App.SkipIfUnavailable();
        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        var own = await county.GetAsync($"/children/{App.CountyChildId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("Countyone", await own.Content.ReadAsStringAsync());

        var other = await county.GetAsync($"/children/{App.CityChildId}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.DoesNotContain("Cityone", await other.Content.ReadAsStringAsync());

        var denied = await App.WithDb(db => db.AuditEntries.Where(e => e.RecordId == App.CityChildId.ToString() && e.Outcome == "denied").ToListAsync());
        Assert.Contains(denied, e => e.UserName == BeaconApp.CountyWorker && e.OrganisationCode == "LA-860" && e.Action == "view");

        var list = await (await county.GetAsync("/children?q=Testchild")).Content.ReadAsStringAsync();
        Assert.Contains("Countyone", list);
        Assert.Contains("Placedone", list); // hosted in Stafford: the county is its host authority
        Assert.DoesNotContain("Cityone", list);
    }

    [Fact]
    public async Task A_council_user_cannot_list_search_read_or_guess_another_councils_child_through_the_api()
    {
        App.SkipIfUnavailable();
        var city = await App.ApiAsync(BeaconApp.CityWorker);
        var list = await city.GetFromJsonAsync<JsonElement>("/api/v1/children?pageSize=200");
        var ids = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(App.CityChildId, ids);
        Assert.DoesNotContain(App.CountyChildId, ids);
        Assert.DoesNotContain(App.PlacedChildId, ids);

        var search = await city.GetFromJsonAsync<JsonElement>("/api/v1/children?q=TEST-COUNTY");
        Assert.Equal(0, search.GetProperty("total").GetInt32());

        var read = await city.GetAsync($"/api/v1/children/{App.CountyChildId}");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var guess = await city.GetAsync($"/api/v1/children/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, guess.StatusCode);
        var (guessBody, readBody) = (await guess.Content.ReadFromJsonAsync<JsonElement>(), await read.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal(guessBody.GetProperty("detail").GetString(), readBody.GetProperty("detail").GetString()); // indistinguishable
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_database_filter_agrees_with_the_domain_rule_for_every_demo_user()
    {
        App.SkipIfUnavailable();
        var (rows, matches, users) = await App.WithDb(async db => (
            await db.Children.Select(c => new { c.Id, c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId }).ToListAsync(),
            await db.Set<Beacon.Web.Features.Mentoring.MentorMatch>().Where(m => m.EndedOn == null && m.Mentor!.UserId != null).Select(m => new { m.ChildId, UserId = m.Mentor!.UserId!.Value }).ToListAsync(),
            await db.Users.Include(u => u.Organisation).Where(u => u.IsDemo).ToListAsync()));
        Assert.NotEmpty(matches); // the demo mentor is matched, so the mentor's branch of the rule is exercised
        var children = rows.Select(c => new
        {
            c.Id,
            Facts = new ChildAccessFacts(c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId,
            [.. matches.Where(m => m.ChildId == c.Id).Select(m => m.UserId)])
        }).ToList();
        var roles = await App.WithDb(db => db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync());
        foreach (var user in users)
        {
            var scope = ChildVisibility.ScopeFor(user.Organisation!.Kind, user.OrganisationId, user.Id, roles.Where(r => r.UserId == user.Id).Select(r => r.Name!).ToList());
            var expected = children.Where(c => ChildVisibility.CanSee(scope, c.Facts)).Select(c => c.Id).OrderBy(i => i).ToList();
            var api = await App.ApiAsync(user.Email!);
            if (scope.Kind == ScopeKind.MatchedChildren)
            {
                // A mentor's children are their mentees, with only what mentoring needs (ADR 22): the children list
                // refuses them, and the mentees list is exactly the children the rule lets them see.
                Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/v1/children")).StatusCode);
                var mentees = await api.GetFromJsonAsync<JsonElement>("/api/v1/mentees");
                Assert.Equal(expected, mentees.EnumerateArray().Select(i => i.GetProperty("child_id").GetGuid()).OrderBy(i => i).ToList());
                continue;
            }

            var page = await api.GetFromJsonAsync<JsonElement>("/api/v1/children?pageSize=200");
            var actual = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).OrderBy(i => i).ToList();
            Assert.True(expected.SequenceEqual(actual), $"{user.Email}: filter and rule disagree");
        }
    }

    [Fact]
    public async Task Every_record_of_a_child_is_filtered_by_the_same_rule_for_every_demo_user()
    {
        // The central filter on every IChildRecord (ADR 36: "sees every child, or EXISTS a visible child with that id"),
        // read as each demo user straight from the database, against the domain rule: mentors see only mentoring records.
        // (Children themselves, and mentor matches, have rules of their own, checked above and in the mentoring tests.)
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var stoke = Notifications.Valid();
        (stoke["district_code"], stoke["responsible_authority"]) = ("E06000021", "861"); // a city child, beside a county one
        foreach (var notification in new[] { Notifications.Valid(), stoke })
        {
            Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", notification, TestContext.Current.CancellationToken)).StatusCode);
        }

        // The mentor's matched child has a record that is not for mentors (a flag), which the mentor must not see.
        await App.WithDb(async db =>
        {
            var matched = await db.Set<Beacon.Web.Features.Mentoring.MentorMatch>().Where(m => m.EndedOn == null).Select(m => m.ChildId).FirstAsync();
            db.ChildFlags.Add(new Beacon.Web.Features.Mace.ChildFlag
            {
                Id = Guid.NewGuid(),
                ChildId = matched,
                Kind = "other",
                SourceAgency = "provider",
                RecordedOn = new NodaTime.LocalDate(2026, 12, 1),
                RecordedBy = "test",
            });
            return await db.SaveChangesAsync();
        });
        var (rows, matches, users, roles) = await App.WithDb(async db => (
            await db.Children.Select(c => new { c.Id, c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId }).ToListAsync(),
            await db.Set<Beacon.Web.Features.Mentoring.MentorMatch>().Where(m => m.EndedOn == null && m.Mentor!.UserId != null).Select(m => new { m.ChildId, UserId = m.Mentor!.UserId!.Value }).ToListAsync(),
            await db.Users.Include(u => u.Organisation).Where(u => u.IsDemo).ToListAsync(),
            await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync()));
        var facts = rows.ToDictionary(c => c.Id, c => new ChildAccessFacts(c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId,
            [.. matches.Where(m => m.ChildId == c.Id).Select(m => m.UserId)]));
        var types = await App.WithDb(db => Task.FromResult(db.Model.GetEntityTypes()
            .Where(e => !e.IsOwned() && typeof(IChildRecord).IsAssignableFrom(e.ClrType) && e.ClrType != typeof(Child) && e.ClrType != typeof(Beacon.Web.Features.Mentoring.MentorMatch)).Select(e => e.ClrType).ToList()));
        var all = new Dictionary<Type, List<Guid>>();
        foreach (var type in types)
        {
            all[type] = await App.WithDb(db => ChildIdsAsync(db, type));
        }

        Assert.NotEmpty(all[typeof(Beacon.Web.Features.Missing.Episode)]);
        Assert.NotEmpty(all[typeof(Beacon.Web.Features.ReturnInterviews.ReturnInterview)]);
        foreach (var user in users)
        {
            var names = roles.Where(r => r.UserId == user.Id).Select(r => r.Name!).ToList();
            var scope = ChildVisibility.ScopeFor(user.Organisation!.Kind, user.OrganisationId, user.Id, names);
            await AsUserAsync(user.Email!, async sp =>
            {
                var db = sp.GetRequiredService<BeaconDbContext>();
                foreach (var type in types)
                {
                    var mentoring = typeof(Beacon.Web.Features.Mentoring.IMentoringRecord).IsAssignableFrom(type);
                    var expected = all[type].Where(id => (mentoring || scope.Kind != ScopeKind.MatchedChildren) && ChildVisibility.CanSee(scope, facts[id])).Order().ToList();
                    var actual = (await ChildIdsAsync(db, type)).Order().ToList();
                    Assert.True(expected.SequenceEqual(actual), $"{user.Email} ({scope.Kind}): {type.Name} shows {actual.Count} rows, the rule allows {expected.Count}");
                }

                return 0;
            });
        }
    }

    [Fact]
    public async Task Children_with_an_open_interview_are_the_readers_children_and_none_for_a_mentor()
    {
        // The list reads the interviews of children already filtered without the record rule (ADR 36), so the mentor's
        // exception is applied by hand: a mentor's matched child with an open interview is not "with an open interview".
        App.SkipIfUnavailable();
        var matched = await App.WithDb(async db =>
        {
            var child = await db.Set<Beacon.Web.Features.Mentoring.MentorMatch>().Where(m => m.EndedOn == null).Select(m => m.ChildId).FirstAsync();
            var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
            db.ReturnInterviews.Add(new Beacon.Web.Features.ReturnInterviews.ReturnInterview
            {
                Id = Guid.NewGuid(),
                ChildId = child,
                Reference = $"RHI-MENTEE{Random.Shared.Next(100000):D5}",
                Status = Beacon.Domain.Missing.RhiStatus.AwaitingOffer,
                FirstReturnedAt = now,
                DueAt = now + NodaTime.Duration.FromHours(72),
            });
            await db.SaveChangesAsync();
            return child;
        });
        var email = await App.WithDb(db => db.Set<Beacon.Web.Features.Mentoring.MentorMatch>().Where(m => m.ChildId == matched && m.EndedOn == null)
            .Join(db.Users, m => m.Mentor!.UserId, u => u.Id, (m, u) => u.Email).FirstAsync());
        var mentor = await App.SignInAsync(email!);
        Assert.Equal(0, await AsUserAsync(email!, sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            return Beacon.Web.Features.Children.ChildRecords.WithOpenInterview(db, db.Children).CountAsync(TestContext.Current.CancellationToken);
        }));
        // The children list itself sends a mentor to their mentees (ADR 22: no dates of birth, districts or care status).
        var refused = await mentor.GetAsync("/children?rhi=open");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/mentees", refused.Headers.Location!.OriginalString);
        var provider = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Contains($"/children/{matched}\"", await provider.GetStringAsync("/children?rhi=open&page=1"));
    }

    /// <summary>Runs <paramref name="work"/> in a scope signed in as the user with <paramref name="email"/> (their
    /// organisation and roles, as the sign-in claims carry them), straight against the services.</summary>
    private async Task<T> AsUserAsync<T>(string email, Func<IServiceProvider, Task<T>> work)
    {
        var (user, names) = await App.WithDb(async db =>
        {
            var found = await db.Users.Include(u => u.Organisation).SingleAsync(u => u.Email == email);
            return (found, await db.UserRoles.Where(ur => ur.UserId == found.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync());
        });
        using var services = App.Services.CreateScope();
        var accessor = services.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
        accessor.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [
                new(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id.ToString()),
                new(Beacon.Web.Infrastructure.Security.BeaconClaims.OrganisationId, user.OrganisationId.ToString()),
                new(Beacon.Web.Infrastructure.Security.BeaconClaims.OrganisationKind, user.Organisation!.Kind.ToString()),
                .. names.Select(n => new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, n)),
            ], "test")),
        };
        try
        {
            return await work(services.ServiceProvider);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    private static Task<List<Guid>> ChildIdsAsync(BeaconDbContext db, Type type) =>
        ((IQueryable<IChildRecord>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type).Invoke(db, null)!)
            .Select(r => r.ChildId).ToListAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Police_see_only_children_they_notified_and_analysts_see_no_records()
    {
        App.SkipIfUnavailable();
        var police = await (await App.ApiAsync(BeaconApp.PoliceLiaison)).GetFromJsonAsync<JsonElement>("/api/v1/children?pageSize=200");
        var ids = police.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(App.CountyChildId, ids);
        Assert.DoesNotContain(App.PlacedChildId, ids);

        var analyst = await App.ApiAsync(BeaconApp.Analyst);
        Assert.Equal(0, (await analyst.GetFromJsonAsync<JsonElement>("/api/v1/children")).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/v1/children/{App.CountyChildId}")).StatusCode);
    }

    [Fact]
    public async Task Opening_a_record_is_audited_and_managers_can_see_who_looked()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.OK, (await practitioner.GetAsync($"/children/{App.PlacedChildId}")).StatusCode);
        var view = await App.WithDb(db => db.AuditEntries.Where(e => e.RecordId == App.PlacedChildId.ToString() && e.Action == "view").OrderBy(e => e.Sequence).LastAsync());
        Assert.Equal(BeaconApp.Practitioner, view.UserName);
        Assert.Equal("PROVIDER", view.OrganisationCode);
        Assert.Equal("allowed", view.Outcome);

        var manager = await App.SignInAsync(EmailFor(Roles.TeamManager));
        var audit = await manager.GetStringAsync($"/audit?record={App.PlacedChildId}");
        Assert.Contains(BeaconApp.Practitioner, audit);
        var refused = await practitioner.GetAsync("/audit");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/account/access-denied", refused.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Audit_verify_detects_an_entry_edited_behind_the_apps_back()
    {
        App.SkipIfUnavailable();
        await App.SignInAsync(BeaconApp.Practitioner);
        var settings = App.CliSettings;
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], new StringWriter(), new StringWriter(), settings));

        // Someone with database access bypasses the append-only trigger and rewrites who did something.
        var postgres = App.Provider == DatabaseProvider.PostgreSql;
        var trigger = await App.WithDb(db => postgres ? Task.FromResult(string.Empty) : db.Database.SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE name = 'audit_entries_no_update'").SingleAsync());
        await App.WithDb(db => db.Database.ExecuteSqlRawAsync(postgres ? "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change" : "DROP TRIGGER audit_entries_no_update"));
        await App.WithDb(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET user_name = 'someone-else@example.org' WHERE sequence = 3"));
        try
        {
            var error = new StringWriter();
            Assert.Equal(3, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], new StringWriter(), error, settings));
            Assert.Contains("entry 3 was changed", error.ToString());
        }
        finally
        {
            await App.WithDb(db => db.Database.ExecuteSqlRawAsync(postgres
                ? "UPDATE audit_entries SET user_name = 'system:start-up' WHERE sequence = 3; ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change"
                : "UPDATE audit_entries SET user_name = 'system:start-up' WHERE sequence = 3; " + trigger));
        }

        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], new StringWriter(), new StringWriter(), settings));
    }

    [Fact]
    public async Task The_audit_log_refuses_updates_at_the_database()
    {
        App.SkipIfUnavailable();
        await App.SignInAsync(BeaconApp.Practitioner);
        var error = await Record.ExceptionAsync(() => App.WithDb(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET user_name = 'someone else'")));
        Assert.NotNull(error);
        Assert.Contains("append-only", error.GetBaseException().Message);
    }

    [Fact]
    public async Task The_migrated_schema_matches_the_model()
    {
        App.SkipIfUnavailable();
        var migrated = await SchemaReader.ReadAsync(App.Provider, App.ConnectionString);
        var fromModel = await SchemaReader.ReadModelSchemaAsync(App.Services, App.Provider, App.ConnectionString);
        Assert.Equal(fromModel.Tables, migrated.Tables);
        foreach (var table in fromModel.Tables)
        {
            Assert.Equal(fromModel.Columns(table), migrated.Columns(table));
            Assert.Equal(fromModel.Indexes(table), migrated.Indexes(table));
        }

        if (App.Provider == Beacon.Web.Infrastructure.Data.DatabaseProvider.PostgreSql)
        {
            // The indexes the model cannot declare, left out above, are there.
            var names = await App.WithDb(db => db.Database.SqlQueryRaw<string>("SELECT indexname AS \"Value\" FROM pg_indexes WHERE schemaname = 'public'").ToListAsync());
            Assert.Subset(names.ToHashSet(), Support.SchemaReader.ExpressionIndexes.ToHashSet());
        }
    }

    [Fact]
    public async Task Migrations_are_recorded_and_running_them_again_changes_nothing()
    {
        App.SkipIfUnavailable();
        var versions = await App.WithDb(db => db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_versions").ToListAsync());
        Assert.Equal(MigrationRunner.ScriptsFor(App.Provider == DatabaseProvider.PostgreSql).Select(s => s.Version), versions.Order());
        using var scope = App.Services.CreateScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync());
    }

    [Fact]
    public async Task An_administrator_creates_a_user_in_the_ui_with_validation_messages()
    {
        App.SkipIfUnavailable();
        var admin = await App.SignInAsync(EmailFor(Roles.SystemAdministrator));
        var bad = await BeaconApp.PostFormAsync(admin, "/admin/users/new", new() { ["DisplayName"] = string.Empty, ["Email"] = "not-an-email", ["OrganisationCode"] = "PROVIDER", ["Password"] = "short" });
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("There is a problem", html);
        Assert.Contains("Enter an email address in the correct format", html);
        Assert.Contains("Select at least one role", html);

        var email = $"new-{Guid.NewGuid():N}@provider.beacon.example";
        var good = await BeaconApp.PostFormAsync(admin, "/admin/users/new", new() { ["DisplayName"] = "Nova Newuser", ["Email"] = email, ["OrganisationCode"] = "LA-861", ["Roles"] = Roles.Practitioner, ["Password"] = "Correct-Horse-Battery-77" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var signedIn = await App.SignInAsync(email, "Correct-Horse-Battery-77");
        Assert.Contains("Nova Newuser", await signedIn.GetStringAsync("/"));

        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var forbidden = await practitioner.GetAsync("/admin/users");
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
    }

    [Fact]
    public async Task Api_tokens_are_stored_hashed_and_revoked_tokens_stop_working()
    {
        App.SkipIfUnavailable();
        var api = await App.ApiAsync(BeaconApp.CountyWorker);
        var me = await api.GetFromJsonAsync<JsonElement>("/api/v1/me");
        Assert.Equal("LA-860", me.GetProperty("organisation").GetString());
        var presented = api.DefaultRequestHeaders.Authorization!.Parameter!;
        var stored = await App.WithDb(db => db.ApiTokens.SingleAsync(t => presented.StartsWith(t.Prefix + "_")));
        Assert.DoesNotContain(presented, stored.SecretHash);
        await App.WithDb(async db =>
        {
            var token = await db.ApiTokens.SingleAsync(t => t.Id == stored.Id);
            token.RevokedAt = NodaTime.SystemClock.Instance.GetCurrentInstant();
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task Malformed_api_requests_get_problem_details_and_change_nothing()
    {
        App.SkipIfUnavailable();
        var api = await App.ApiAsync(BeaconApp.Practitioner);
        var before = await App.WithDb(db => db.Children.CountAsync());
        foreach (var path in new[] { "/api/v1/children?page=abc", "/api/v1/children?pageSize=%00%FF" })
        {
            var response = await api.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync()); // no stack trace
        }

        var unknown = await api.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        var anonymous = await App.Browser().GetAsync("/api/v1/children");
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await App.WithDb(db => db.Children.CountAsync()));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        App.SkipIfUnavailable();
        var client = await App.SignInAsync(BeaconApp.Practitioner);
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/children", out _));
        Assert.True(paths.TryGetProperty("/api/v1/children/{id}", out _));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/docs/index.html")).StatusCode);
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_a_code_after_the_password()
    {
        App.SkipIfUnavailable();
        var email = $"totp-{Guid.NewGuid():N}@provider.beacon.example";
        await CreateUserAsync(email, Roles.Practitioner);
        var client = await App.SignInAsync(email);
        var setup = await client.GetStringAsync("/account/two-factor");
        var key = System.Text.RegularExpressions.Regex.Match(setup, "id=\"authenticator-key\">([^<]+)<").Groups[1].Value.Replace(" ", string.Empty).ToUpperInvariant();
        var enable = await BeaconApp.PostFormAsync(client, "/account/two-factor?handler=Enable", new() { ["Code"] = Totp.Code(key), ["CurrentPassword"] = BeaconApp.Password }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);

        var fresh = App.Browser();
        var password = await BeaconApp.PostFormAsync(fresh, "/account/sign-in", new() { ["Email"] = email, ["Password"] = BeaconApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/sign-in/code", password.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/children")).StatusCode); // not signed in yet
        var wrong = await BeaconApp.PostFormAsync(fresh, "/account/sign-in/code", new() { ["Code"] = "000000" });
        Assert.Contains("not correct", await wrong.Content.ReadAsStringAsync());
        var right = await BeaconApp.PostFormAsync(fresh, "/account/sign-in/code", new() { ["Code"] = Totp.Code(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/children")).StatusCode);
    }

    [Fact]
    public async Task The_cli_creates_users_and_verifies_the_audit_chain_and_bad_settings_fail_with_one_line()
    {
        App.SkipIfUnavailable();
        var settings = new Dictionary<string, string?>
        {
            ["Beacon:Database:Provider"] = App.Provider.ToString(),
            ["Beacon:Database:ConnectionString"] = App.ConnectionString,
        };
        var output = new StringWriter();
        var error = new StringWriter();
        var email = $"cli-{Guid.NewGuid():N}@police.beacon.example";
        var created = await Beacon.Cli.BeaconCli.RunAsync(["users", "create", "--email", email, "--name", "Cleo Cli", "--organisation", "POLICE-STAFFS", "--role", Roles.PoliceLiaison, "--password", "Correct-Horse-Battery-77"], output, error, settings);
        Assert.True(created == 0, error.ToString());
        await App.SignInAsync(email, "Correct-Horse-Battery-77");

        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], output, error, settings));
        Assert.Contains("Audit log intact", output.ToString());

        var bad = new StringWriter();
        var code = await Beacon.Cli.BeaconCli.RunAsync(["users", "list"], new StringWriter(), bad, new Dictionary<string, string?> { ["Beacon:Database:Provider"] = "PostgreSql", ["Beacon:Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2" });
        Assert.NotEqual(0, code);
        Assert.Single(bad.ToString().Trim().Split('\n'));
    }

    private async Task CreateUserAsync(string email, string role)
    {
        var result = await Beacon.Cli.BeaconCli.RunAsync(["users", "create", "--email", email, "--name", "Test User", "--organisation", "PROVIDER", "--role", role, "--password", BeaconApp.Password], new StringWriter(), new StringWriter(), new Dictionary<string, string?>
        {
            ["Beacon:Database:Provider"] = App.Provider.ToString(),
            ["Beacon:Database:ConnectionString"] = App.ConnectionString,
        });
        Assert.Equal(0, result);
    }

    private static string EmailFor(string role) => BeaconApp.EmailFor(role);
}

public sealed class SqliteFoundationTests(SqliteApp app) : FoundationTests<SqliteApp>(app);

public sealed class PostgresFoundationTests(PostgresApp app) : FoundationTests<PostgresApp>(app);
