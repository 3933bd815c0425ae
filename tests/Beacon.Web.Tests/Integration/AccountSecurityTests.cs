using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Admin;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Issue #16 §3, §4, §7 (docs/decisions/0005): tokens are for the API only; changing how a person signs in needs that
/// person; sessions and tokens end when they should; nobody changes their own roles; an administrator who could read
/// children's records needs a second administrator; password resets are audited and notified.
/// </summary>
public abstract class AccountSecurityTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task A_token_alone_opens_no_page_so_it_cannot_list_children_mint_a_token_or_turn_off_two_factor()
    {
        App.SkipIfUnavailable();
        var email = NewEmail("token-pages");
        var id = await CreateUserAsync(email, Roles.Practitioner);
        await App.WithDb(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnabled, true)));
        var serviceId = await CreateUserAsync(NewEmail("token-service"), Roles.Practitioner, service: true);
        foreach (var owner in new[] { email, (await App.WithDb(db => db.Users.SingleAsync(u => u.Id == serviceId))).Email! })
        {
            var browser = await TokenBrowserAsync(owner);
            foreach (var page in new[] { "/children", "/account/api-tokens", "/account/two-factor", "/" })
            {
                var response = await browser.GetAsync(page);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/account/sign-in", response.Headers.Location!.OriginalString.Replace("http://localhost", string.Empty));
            }

            var disable = await browser.PostAsync("/account/two-factor?handler=Disable", new FormUrlEncodedContent([]));
            Assert.NotEqual(HttpStatusCode.OK, disable.StatusCode);
            var create = await browser.PostAsync("/account/api-tokens?handler=Create", new FormUrlEncodedContent([new("Name", "minted"), new("Days", "365")]));
            Assert.NotEqual(HttpStatusCode.OK, create.StatusCode);
        }

        Assert.True(await App.WithDb(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Equal(0, await App.WithDb(db => db.ApiTokens.CountAsync(t => t.Name == "minted")));
    }

    [Fact]
    public async Task Creating_a_token_and_changing_two_factor_or_the_password_need_the_persons_password_or_code()
    {
        App.SkipIfUnavailable();
        var email = NewEmail("reauth");
        var id = await CreateUserAsync(email, Roles.Practitioner);
        var client = await App.SignInAsync(email);
        foreach (var password in new[] { string.Empty, "Not-The-Password-123" })
        {
            var refused = await BeaconApp.PostFormAsync(client, "/account/api-tokens?handler=Create", new() { ["Name"] = "partner", ["Days"] = "365", ["CurrentPassword"] = password }, "/account/api-tokens");
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Enter your current password", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(0, await App.WithDb(db => db.ApiTokens.CountAsync(t => t.UserId == id)));
        var created = await BeaconApp.PostFormAsync(client, "/account/api-tokens?handler=Create", new() { ["Name"] = "partner", ["Days"] = "30", ["CurrentPassword"] = BeaconApp.Password }, "/account/api-tokens");
        Assert.Contains("id=\"new-token\"", await created.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.WithDb(db => db.ApiTokens.CountAsync(t => t.UserId == id)));

        var setup = await client.GetStringAsync("/account/two-factor");
        var key = Regex.Match(setup, "id=\"authenticator-key\">([^<]+)<").Groups[1].Value.Replace(" ", string.Empty).ToUpperInvariant();
        var noPassword = await BeaconApp.PostFormAsync(client, "/account/two-factor?handler=Enable", new() { ["Code"] = Totp.Code(key) }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, noPassword.StatusCode);
        Assert.False(await TwoFactorAsync(id));
        var enable = await BeaconApp.PostFormAsync(client, "/account/two-factor?handler=Enable", new() { ["Code"] = Totp.Code(key), ["CurrentPassword"] = BeaconApp.Password }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
        Assert.True(await TwoFactorAsync(id));

        var disable = await BeaconApp.PostFormAsync(client, "/account/two-factor?handler=Disable", [], "/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.True(await TwoFactorAsync(id));
        var disableWithCode = await BeaconApp.PostFormAsync(client, "/account/two-factor?handler=Disable", new() { ["CurrentPassword"] = Totp.Code(key) }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, disableWithCode.StatusCode);
        Assert.False(await TwoFactorAsync(id));

        // A password change needs the current one, and ends the person's tokens and their other sessions.
        var api = await App.ApiAsync(email);
        var other = await App.SignInAsync(email);
        var wrong = await BeaconApp.PostFormAsync(client, "/account/password", new() { ["CurrentPassword"] = "Not-The-Password-123", ["NewPassword"] = "Copper-Meadow-Lantern-77" });
        Assert.Contains("Enter your current password", await wrong.Content.ReadAsStringAsync());
        var changed = await BeaconApp.PostFormAsync(client, "/account/password", new() { ["CurrentPassword"] = BeaconApp.Password, ["NewPassword"] = "Copper-Meadow-Lantern-77" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
    }

    [Fact]
    public async Task A_stolen_session_cannot_be_used_to_guess_the_password()
    {
        App.SkipIfUnavailable();
        var email = NewEmail("guess");
        var id = await CreateUserAsync(email, Roles.Practitioner);
        var client = await App.SignInAsync(email);
        for (var attempt = 0; attempt < SignInThrottle.PairLimit; attempt++)
        {
            await BeaconApp.PostFormAsync(client, "/account/api-tokens?handler=Create", new() { ["Name"] = "guess", ["Days"] = "1", ["CurrentPassword"] = $"Guess-Number-{attempt}-xyz" }, "/account/api-tokens");
        }

        var right = await BeaconApp.PostFormAsync(client, "/account/api-tokens?handler=Create", new() { ["Name"] = "guess", ["Days"] = "1", ["CurrentPassword"] = BeaconApp.Password }, "/account/api-tokens");
        Assert.Contains("Enter your current password", await right.Content.ReadAsStringAsync());
        Assert.Equal(0, await App.WithDb(db => db.ApiTokens.CountAsync(t => t.UserId == id)));
    }

    [Fact]
    public async Task A_session_cookie_copied_before_sign_out_stops_working_at_once()
    {
        App.SkipIfUnavailable();
        var email = NewEmail("sign-out");
        await CreateUserAsync(email, Roles.Practitioner);
        var (client, jar) = await CookieClientAsync(email);
        var copied = App.Browser();
        copied.DefaultRequestHeaders.Add("Cookie", $"beacon.session={jar.Container.GetCookies(App.Server.BaseAddress)["beacon.session"]!.Value}");
        Assert.Equal(HttpStatusCode.OK, (await copied.GetAsync("/account")).StatusCode);

        var signOut = await BeaconApp.PostFormAsync(client, "/account/sign-out", [], "/account");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var after = await copied.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.OriginalString.Replace("http://localhost", string.Empty));
    }

    [Fact]
    public async Task A_password_reset_lock_or_role_removal_ends_tokens_and_sessions_and_a_reset_is_audited_and_notified()
    {
        App.SkipIfUnavailable();
        var admin = await App.SignInAsync(BeaconApp.Administrator);
        var email = NewEmail("reset");
        var id = await CreateUserAsync(email, Roles.Practitioner, Roles.Mentor);
        var (api, session) = (await App.ApiAsync(email), await App.SignInAsync(email));
        var reset = await BeaconApp.PostFormAsync(admin, $"/admin/users/{id}?handler=Password", new() { ["Password"] = "Copper-Meadow-Lantern-77" }, $"/admin/users/{id}");
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/account")).StatusCode);
        var alert = await App.WithDb(db => db.Alerts.SingleAsync(a => a.UserId == id && a.Kind == AlertKinds.PasswordReset));
        Assert.Contains(BeaconApp.Administrator, alert.Title);
        Assert.Equal(AlertEmailState.Pending, alert.EmailState);
        var audited = await App.WithDb(db => db.AuditEntries.SingleAsync(e => e.Action == "user-password-reset" && e.RecordId == id.ToString()));
        Assert.Equal(BeaconApp.Administrator, audited.UserName);

        // Locking ends tokens for good: unlocking does not bring them back.
        api = await App.ApiAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/me")).StatusCode);
        await BeaconApp.PostFormAsync(admin, $"/admin/users/{id}?handler=Lock", new() { ["locked"] = "true" }, $"/admin/users/{id}");
        await BeaconApp.PostFormAsync(admin, $"/admin/users/{id}?handler=Lock", new() { ["locked"] = "false" }, $"/admin/users/{id}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);

        // Removing a role ends tokens and sessions.
        (api, session) = (await App.ApiAsync(email), await App.SignInAsync(email, "Copper-Meadow-Lantern-77"));
        var roles = await BeaconApp.PostFormAsync(admin, $"/admin/users/{id}?handler=Roles", new() { ["Roles"] = Roles.Mentor }, $"/admin/users/{id}");
        Assert.Equal(HttpStatusCode.Redirect, roles.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task Nobody_changes_their_own_roles_and_every_grant_of_access_to_children_needs_a_second_administrator()
    {
        App.SkipIfUnavailable();
        var first = await App.SignInAsync(BeaconApp.Administrator);
        var firstId = await UserIdAsync(BeaconApp.Administrator);
        var own = await BeaconApp.PostFormAsync(first, $"/admin/users/{firstId}?handler=Roles", new() { ["Roles"] = Roles.Practitioner }, $"/admin/users/{firstId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains("You cannot change your own roles", await own.Content.ReadAsStringAsync());
        Assert.Equal([Roles.SystemAdministrator], await RolesAsync(firstId));

        var secondEmail = NewEmail("second-admin");
        await CreateUserAsync(secondEmail, Roles.SystemAdministrator);
        var targetId = await CreateUserAsync(NewEmail("target-admin"), Roles.SystemAdministrator);
        var asked = await first.PostAsync($"/admin/users/{targetId}?handler=Roles", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", BeaconApp.AntiforgeryToken(await first.GetStringAsync($"/admin/users/{targetId}"))), new("Roles", Roles.SystemAdministrator), new("Roles", Roles.Practitioner)]));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal([Roles.SystemAdministrator], await RolesAsync(targetId));
        var grantId = await App.WithDb(db => db.PendingRoleGrants.Where(g => g.UserId == targetId).Select(g => g.Id).SingleAsync());

        var self = await BeaconApp.PostFormAsync(first, "/admin/role-grants", new() { ["id"] = grantId.ToString(), ["approve"] = "true" });
        Assert.Contains("A different administrator", await self.Content.ReadAsStringAsync());
        Assert.Equal([Roles.SystemAdministrator], await RolesAsync(targetId));

        var second = await App.SignInAsync(secondEmail);
        Assert.Contains(grantId.ToString(), await second.GetStringAsync("/admin/role-grants"));
        var approved = await BeaconApp.PostFormAsync(second, "/admin/role-grants", new() { ["id"] = grantId.ToString(), ["approve"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal([Roles.Practitioner, Roles.SystemAdministrator], await RolesAsync(targetId));
        var audit = await App.WithDb(db => db.AuditEntries.SingleAsync(e => e.Action == "user-roles-approved" && e.RecordId == targetId.ToString()));
        Assert.Equal(secondEmail, audit.UserName);
        Assert.Contains($"requested by: {BeaconApp.Administrator}", audit.Details);
        Assert.Contains($"approved by: {secondEmail}", audit.Details);

        // A new account that could read children (administrator or not) is made with no roles and waits for a second
        // administrator: an administrator cannot read children through an account whose password they chose.
        var created = await BeaconApp.PostFormAsync(first, "/admin/users/new", new()
        {
            ["DisplayName"] = "Admin Only",
            ["Email"] = NewEmail("admin-only"),
            ["OrganisationCode"] = "PROVIDER",
            ["Roles"] = Roles.SystemAdministrator,
            ["Password"] = "Copper-Meadow-Lantern-77",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode); // an administrator alone reads no child: no approval needed
        Assert.DoesNotContain("role-grants", created.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var puppetEmail = NewEmail("puppet");
        var puppet = await BeaconApp.PostFormAsync(first, "/admin/users/new", new()
        {
            ["DisplayName"] = "Sock Puppet",
            ["Email"] = puppetEmail,
            ["OrganisationCode"] = "PROVIDER",
            ["Roles"] = Roles.Practitioner,
            ["Password"] = "Copper-Meadow-Lantern-77",
        });
        Assert.Equal(HttpStatusCode.Redirect, puppet.StatusCode);
        Assert.Equal("/admin/role-grants", puppet.Headers.Location!.OriginalString);
        var puppetId = await UserIdAsync(puppetEmail);
        Assert.Empty(await RolesAsync(puppetId));
        var signedIn = await App.SignInAsync(puppetEmail, "Copper-Meadow-Lantern-77");
        Assert.NotEqual(HttpStatusCode.OK, (await signedIn.GetAsync($"/children/{App.CountyChildId}")).StatusCode);
        var puppetGrant = await App.WithDb(db => db.PendingRoleGrants.Where(g => g.UserId == puppetId && g.Approved == null).Select(g => g.Id).SingleAsync());
        Assert.Contains("A different administrator", await (await BeaconApp.PostFormAsync(first, "/admin/role-grants", new() { ["id"] = puppetGrant.ToString(), ["approve"] = "true" })).Content.ReadAsStringAsync());
        Assert.Empty(await RolesAsync(puppetId));
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(second, "/admin/role-grants", new() { ["id"] = puppetGrant.ToString(), ["approve"] = "true" })).StatusCode);
        Assert.Equal([Roles.Practitioner], await RolesAsync(puppetId));
    }

    private static string NewEmail(string what) => $"{what}-{Guid.NewGuid():N}@provider.beacon.example";

    private async Task<bool> TwoFactorAsync(Guid id) => await App.WithDb(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync());

    private async Task<Guid> UserIdAsync(string email) => await App.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private async Task<List<string>> RolesAsync(Guid id) => await App.WithDb(db => db.UserRoles.Where(r => r.UserId == id)
        .Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).OrderBy(n => n).ToListAsync());

    private async Task<Guid> CreateUserAsync(string email, string role, string? second = null, bool service = false)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
        var roles = second is null ? new[] { role } : [role, second];
        var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>().CreateAsync(new CreateUserCommand(email, "Test User", "PROVIDER", roles, BeaconApp.Password, IsServiceAccount: service));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.User!.Id;
    }

    /// <summary>A browser-like client (cookies kept, no session) that presents the user's API token.</summary>
    private async Task<HttpClient> TokenBrowserAsync(string email)
    {
        var browser = App.Browser();
        browser.DefaultRequestHeaders.Authorization = (await App.ApiAsync(email)).DefaultRequestHeaders.Authorization;
        return browser;
    }

    /// <summary>A signed-in client whose cookies the test can read.</summary>
    private async Task<(HttpClient Client, CookieContainerHandler Jar)> CookieClientAsync(string email)
    {
        var jar = new CookieContainerHandler();
        var client = App.CreateDefaultClient(App.Server.BaseAddress, jar);
        var signIn = await BeaconApp.PostFormAsync(client, "/account/sign-in", new() { ["Email"] = email, ["Password"] = BeaconApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return (client, jar);
    }
}

public sealed class SqliteAccountSecurityTests(SqliteApp app) : AccountSecurityTests<SqliteApp>(app);

public sealed class PostgresAccountSecurityTests(PostgresApp app) : AccountSecurityTests<PostgresApp>(app);
