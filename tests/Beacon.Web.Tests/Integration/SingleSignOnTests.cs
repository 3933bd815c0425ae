using System.Net;
using Beacon.Web.Features.Admin;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// Single sign-on against real OpenID Connect providers (issue #21 §1, ADR 17): Beacon's real handler talks HTTP to an
/// OpenIddict server on a loopback port; the person types their username on the provider's own page.
/// </summary>
public abstract class SingleSignOnTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    private const string Refused = "/account/sign-in?sso=refused";

    protected TApp App { get; } = app;

    [Fact]
    public async Task A_first_sign_in_links_by_verified_email_and_later_ones_by_issuer_and_subject_with_beacons_organisation_and_roles()
    {
        App.SkipIfUnavailable();
        var subject = SubjectOf(BeaconApp.CountyWorker);
        var username = TestIdentityProvider.County.Add(new IdpAccount(subject, BeaconApp.CountyWorker));
        var before = await LastAuditAsync();

        var (beacon, landing) = await SignInAsync("LA-860", username);
        Assert.Equal("/account/sso/signed-in?ReturnUrl=%2F", landing.Headers.Location!.OriginalString);
        var user = await App.WithDb(db => db.Users.SingleAsync(u => u.Email == BeaconApp.CountyWorker));
        var link = await App.WithDb(db => db.UserLogins.SingleAsync(l => l.UserId == user.Id));
        Assert.Equal((TestIdentityProvider.County.Authority, subject), (link.LoginProvider, link.ProviderKey));
        await AssertSignedInAsCountyWorkerAsync(beacon);
        var entries = await AuditSinceAsync(before);
        Assert.Contains(entries, e => e is { Action: "sso-link", Outcome: "allowed" } && e.RecordId == user.Id.ToString() && e.UserId == user.Id);
        Assert.Contains(entries, e => e is { Action: "sso-sign-in", Outcome: "allowed" } && e.RecordId == user.Id.ToString() && e.Details!.Contains("organisation=LA-860", StringComparison.Ordinal));

        // The provider now gives another email for the same subject: the link, not the email, decides.
        var again = TestIdentityProvider.County.Add(new IdpAccount(subject, "casey.renamed@county.beacon.example"));
        var (second, secondLanding) = await SignInAsync("LA-860", again);
        Assert.StartsWith("/account/sso/signed-in", secondLanding.Headers.Location!.OriginalString);
        await AssertSignedInAsCountyWorkerAsync(second);
        Assert.Equal(1, await App.WithDb(db => db.UserLogins.CountAsync(l => l.UserId == user.Id)));
    }

    [Fact]
    public async Task An_unknown_subject_an_unverified_email_and_an_email_outside_the_organisations_domains_are_refused_audited_and_create_nobody()
    {
        App.SkipIfUnavailable();
        var users = await App.WithDb(db => db.Users.CountAsync());
        var cases = new (IdpAccount Account, string Reason)[]
        {
            (new IdpAccount(Guid.NewGuid().ToString(), "new.starter@county.beacon.example"), "no Beacon user with that email"),
            (new IdpAccount(Guid.NewGuid().ToString(), BeaconApp.CountyManager, EmailVerified: false), "email not verified"),
            (new IdpAccount(Guid.NewGuid().ToString(), BeaconApp.PoliceLiaison), "email domain not configured"),
        };
        foreach (var (account, reason) in cases)
        {
            var before = await LastAuditAsync();
            var (beacon, landing) = await SignInAsync("LA-860", TestIdentityProvider.County.Add(account));
            Assert.Equal(Refused, landing.Headers.Location!.OriginalString);
            await AssertNotSignedInAsync(beacon);
            var refusal = Assert.Single(await AuditSinceAsync(before), e => e.Action == "sso-sign-in");
            Assert.Equal("denied", refusal.Outcome);
            Assert.Contains(reason, refusal.Details, StringComparison.Ordinal);
            Assert.Contains($"subject={account.Subject}", refusal.Details, StringComparison.Ordinal);
        }

        Assert.Equal(users, await App.WithDb(db => db.Users.CountAsync()));
        Assert.Equal(0, await App.WithDb(db => db.UserLogins.CountAsync(l => cases.Select(c => c.Account.Subject).Contains(l.ProviderKey))));
        var page = await App.Browser().GetStringAsync(Refused);
        Assert.Contains("could not match you to a Beacon account", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TokenDefect.Tampered, "Signature validation failed")]
    [InlineData(TokenDefect.Expired, "Lifetime validation failed")]
    [InlineData(TokenDefect.WrongIssuer, "Issuer validation failed")]
    public async Task A_tampered_expired_or_wrong_issuer_token_from_the_provider_is_refused_and_audited(TokenDefect defect, string reason)
    {
        App.SkipIfUnavailable();
        // The person is a real, linked Beacon user: only the token is wrong.
        var subject = SubjectOf(BeaconApp.CityManager);
        await SignInAsync("LA-861", TestIdentityProvider.City.Add(new IdpAccount(subject, BeaconApp.CityManager)));
        var before = await LastAuditAsync();

        var (beacon, landing) = await SignInAsync("LA-861", TestIdentityProvider.City.Add(new IdpAccount(subject, BeaconApp.CityManager, Defect: defect)));
        Assert.Equal(Refused, landing.Headers.Location!.OriginalString);
        await AssertNotSignedInAsync(beacon);
        var refusal = Assert.Single(await AuditSinceAsync(before));
        Assert.Equal(("sso-sign-in", "denied"), (refusal.Action, refusal.Outcome));
        Assert.Contains("organisation=LA-861", refusal.Details, StringComparison.Ordinal);
        Assert.True(refusal.Details!.Contains(reason, StringComparison.Ordinal), refusal.Details);
    }

    [Fact]
    public async Task A_user_of_one_organisation_presenting_its_provider_for_another_organisation_is_refused_and_audited()
    {
        App.SkipIfUnavailable();
        var subject = SubjectOf(BeaconApp.CountyManager);
        var username = TestIdentityProvider.County.Add(new IdpAccount(subject, BeaconApp.CountyManager));
        await SignInAsync("LA-860", username); // linked to the county's provider
        var manager = await App.WithDb(db => db.Users.SingleAsync(u => u.Email == BeaconApp.CountyManager));

        // 1. The county's provider is shared with the police force: the county manager picks "Sign in with the police".
        var before = await LastAuditAsync();
        var (beacon, landing) = await SignInAsync("POLICE-STAFFS", username);
        Assert.Equal(Refused, landing.Headers.Location!.OriginalString);
        await AssertNotSignedInAsync(beacon);
        var refusal = Assert.Single(await AuditSinceAsync(before));
        Assert.Equal(("sso-sign-in", "denied", manager.Id.ToString()), (refusal.Action, refusal.Outcome, refusal.RecordId));
        Assert.Contains("another organisation", refusal.Details, StringComparison.Ordinal);

        // 2. The county's answer (code and state) is replayed at the city council's sign-in address.
        before = await LastAuditAsync();
        var replay = App.Browser();
        var callback = await ProviderCallbackAsync(replay, "LA-860", username);
        var response = await replay.GetAsync(callback.PathAndQuery.Replace("/account/sso/LA-860/", "/account/sso/LA-861/", StringComparison.Ordinal));
        Assert.Equal(Refused, response.Headers.Location!.OriginalString);
        await AssertNotSignedInAsync(replay);
        refusal = Assert.Single(await AuditSinceAsync(before));
        Assert.Equal(("sso-sign-in", "denied"), (refusal.Action, refusal.Outcome));
        Assert.Contains("organisation=LA-861", refusal.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sso_session_ends_when_the_user_is_locked_or_their_roles_change_and_a_locked_user_cannot_sign_in_again()
    {
        App.SkipIfUnavailable();
        var subject = SubjectOf(BeaconApp.CityWorker);
        var username = TestIdentityProvider.City.Add(new IdpAccount(subject, BeaconApp.CityWorker));
        var (beacon, _) = await SignInAsync("LA-861", username);
        Assert.Equal(HttpStatusCode.OK, (await beacon.GetAsync("/")).StatusCode);
        var worker = await App.WithDb(db => db.Users.SingleAsync(u => u.Email == BeaconApp.CityWorker));

        await AdministerAsync(a => a.SetRolesAsync(worker.Id, [Beacon.Domain.Organisations.Roles.Practitioner, Beacon.Domain.Organisations.Roles.Mentor]));
        await AssertNotSignedInAsync(beacon);

        (beacon, _) = await SignInAsync("LA-861", username);
        Assert.Equal(HttpStatusCode.OK, (await beacon.GetAsync("/")).StatusCode);
        await AdministerAsync(a => a.SetLockedAsync(worker.Id, true));
        await AssertNotSignedInAsync(beacon);

        var before = await LastAuditAsync();
        var (locked, landing) = await SignInAsync("LA-861", username);
        Assert.Equal(Refused, landing.Headers.Location!.OriginalString);
        await AssertNotSignedInAsync(locked);
        Assert.Contains("locked", Assert.Single(await AuditSinceAsync(before)).Details, StringComparison.Ordinal);
        await AdministerAsync(a => a.SetLockedAsync(worker.Id, false));
        await AdministerAsync(a => a.SetRolesAsync(worker.Id, [Beacon.Domain.Organisations.Roles.Practitioner]));
    }

    [Fact]
    public async Task Signing_out_ends_the_beacon_session_and_the_providers_session()
    {
        App.SkipIfUnavailable();
        var subject = SubjectOf(BeaconApp.PoliceLiaison);
        var (beacon, _) = await SignInAsync("POLICE-STAFFS", TestIdentityProvider.County.Add(new IdpAccount(subject, BeaconApp.PoliceLiaison)));
        Assert.Equal(HttpStatusCode.OK, (await beacon.GetAsync("/")).StatusCode);

        var signOut = await BeaconApp.PostFormAsync(beacon, "/account/sign-out", new(), formPage: "/");
        var endSession = signOut.Headers.Location!;
        Assert.StartsWith(TestIdentityProvider.County.Authority + "connect/endsession", endSession.AbsoluteUri, StringComparison.Ordinal);
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = (await provider.GetAsync(endSession)).Headers.Location!;
        Assert.Contains(subject, TestIdentityProvider.County.EndedSessions);
        Assert.Equal("/account/sign-in?signed-out=true", (await beacon.GetAsync(back.PathAndQuery)).Headers.Location!.OriginalString);
        await AssertNotSignedInAsync(beacon);
    }

    [Fact]
    public async Task A_link_to_the_providers_remote_sign_out_address_does_not_sign_a_beacon_user_out()
    {
        App.SkipIfUnavailable();
        // Provider-initiated sign-out is not offered (ADR 17): the handler's address would sign anyone out from any link.
        var user = await App.SignInAsync(BeaconApp.Practitioner);
        foreach (var organisation in new[] { "LA-860", "POLICE-STAFFS" })
        {
            var response = await user.GetAsync($"/account/sso/{organisation}/remote-sign-out");
            Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("beacon.session=;", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/")).StatusCode);
    }

    /// <summary>Each demo person's subject at their organisation's provider (the same in every test).</summary>
    private static string SubjectOf(string email) => "subject-of-" + email;

    /// <summary>Starts at Beacon, signs in on the provider's page and returns the provider's redirect back to Beacon.</summary>
    private async Task<Uri> ProviderCallbackAsync(HttpClient beacon, string organisation, string username)
    {
        var start = await beacon.GetAsync($"/account/sso/{organisation}");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        using var provider = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        Assert.Contains("Username", await provider.GetStringAsync(authorize), StringComparison.Ordinal);
        var form = QueryHelpers.ParseQuery(authorize.Query).ToDictionary(q => q.Key, q => q.Value.ToString());
        form["username"] = username;
        var login = await provider.PostAsync(new Uri(authorize.GetLeftPart(UriPartial.Path)), new FormUrlEncodedContent(form));
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"the provider answered {(int)login.StatusCode}: {await login.Content.ReadAsStringAsync()}");
        return login.Headers.Location!;
    }

    private async Task<(HttpClient Beacon, HttpResponseMessage Landing)> SignInAsync(string organisation, string username)
    {
        var beacon = App.Browser();
        var callback = await ProviderCallbackAsync(beacon, organisation, username);
        Assert.Contains($"/account/sso/{organisation}/callback", callback.AbsolutePath, StringComparison.Ordinal);
        var landing = await beacon.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        return (beacon, landing);
    }

    private async Task AssertSignedInAsCountyWorkerAsync(HttpClient beacon)
    {
        Assert.Contains("Casey County-Worker", await beacon.GetStringAsync("/"), StringComparison.Ordinal);
        // Beacon's organisation and role decide what they see: the county's child, not the city's.
        Assert.Equal(HttpStatusCode.OK, (await beacon.GetAsync($"/children/{App.CountyChildId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await beacon.GetAsync($"/children/{App.CityChildId}")).StatusCode);
    }

    private static async Task AssertNotSignedInAsync(HttpClient beacon)
    {
        var home = await beacon.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Contains("/account/sign-in", home.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task AdministerAsync(Func<UserAdministration, Task<AdminResult>> change)
    {
        using var scope = App.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("test");
        var result = await change(scope.ServiceProvider.GetRequiredService<UserAdministration>());
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.ToString())));
    }

    private Task<long> LastAuditAsync() => App.WithDb(db => db.AuditEntries.MaxAsync(e => e.Sequence));

    private Task<List<AuditEntry>> AuditSinceAsync(long sequence) =>
        App.WithDb(db => db.AuditEntries.Where(e => e.Sequence > sequence && e.Action.StartsWith("sso-")).OrderBy(e => e.Sequence).ToListAsync());
}

public sealed class SqliteSingleSignOnTests(SsoSqliteApp app) : SingleSignOnTests<SsoSqliteApp>(app);

public sealed class PostgresSingleSignOnTests(SsoPostgresApp app) : SingleSignOnTests<SsoPostgresApp>(app);

/// <summary>Providers' answers are limited per address like sign-in posts, since each refusal is an audit entry.</summary>
public sealed class SsoCallbackLimitTests
{
    [Fact]
    public void Callbacks_from_one_address_are_limited_per_minute_and_nothing_else_is()
    {
        using var limiter = Beacon.Web.Features.SingleSignOn.SsoRegistration.CallbackLimiter(_ => 2);
        Microsoft.AspNetCore.Http.DefaultHttpContext Request(string path, string address)
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            context.Request.Path = path;
            context.Connection.RemoteIpAddress = IPAddress.Parse(address);
            return context;
        }

        var callback = Enumerable.Range(0, 3).Select(_ => limiter.AttemptAcquire(Request("/account/sso/LA-860/callback", "192.0.2.1")).IsAcquired).ToList();
        Assert.Equal([true, true, false], callback);
        Assert.True(limiter.AttemptAcquire(Request("/account/sso/LA-861/callback", "192.0.2.2")).IsAcquired);
        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(limiter.AttemptAcquire(Request("/account/sso/LA-860", "192.0.2.1")).IsAcquired));
    }
}
