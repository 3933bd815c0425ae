using System.CommandLine;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Features.Admin;

/// <summary>User accounts and API tokens: <c>beacon users ...</c> and <c>beacon tokens create</c>. (docs/decisions/0016)</summary>
internal sealed class AdminCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        cli.Root.Subcommands.Add(UsersCommand(cli));
        cli.Root.Subcommands.Add(TokensCommand(cli));
    }

    private static Command UsersCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var users = new Command("users", "Manage user accounts.");

        var email = new Option<string>("--email") { Description = "Email address (the sign-in name)", Required = true };
        var name = new Option<string>("--name") { Description = "Full name", Required = true };
        var organisation = new Option<string>("--organisation") { Description = "Organisation code, e.g. PROVIDER, LA-860 (see: beacon organisations list)", Required = true };
        var role = new Option<string[]>("--role") { Description = $"Role (repeatable): {string.Join(", ", Roles.All)}", Required = true, AllowMultipleArgumentsPerToken = true };
        var team = new Option<string?>("--team") { Description = "Team name" };
        var password = new Option<string?>("--password") { Description = "First password (else read from BEACON_NEW_PASSWORD)" };
        var service = new Option<bool>("--service-account") { Description = "A partner system's account: API tokens only, no interactive sign-in" };
        var create = new Command("create", "Create a user.") { email, name, organisation, role, team, password, service };
        create.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var secret = r.GetValue(password) ?? Environment.GetEnvironmentVariable("BEACON_NEW_PASSWORD");
            if (string.IsNullOrEmpty(secret))
            {
                await error.WriteLineAsync("beacon: give --password or set BEACON_NEW_PASSWORD");
                return 2;
            }

            var result = await sp.GetRequiredService<UserAdministration>().CreateAsync(
                new CreateUserCommand(r.GetValue(email)!, r.GetValue(name)!, r.GetValue(organisation)!, r.GetValue(role)!, secret, r.GetValue(team), IsServiceAccount: r.GetValue(service)), ct);
            if (!result.Succeeded)
            {
                foreach (var (field, message) in result.Errors)
                {
                    await error.WriteLineAsync($"beacon: {field}: {message}");
                }

                return 1;
            }

            await output.WriteLineAsync($"Created user {result.User!.Email} ({result.User.Id}).");
            return 0;
        }));

        var list = new Command("list", "List users.");
        list.SetAction((_, ct) => cli.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            var rows = await db.Users.AsNoTracking().Include(u => u.Organisation).OrderBy(u => u.Email).ToListAsync(ct);
            var now = sp.GetRequiredService<IClock>().GetCurrentInstant().ToDateTimeOffset();
            foreach (var u in rows)
            {
                await output.WriteLineAsync($"{u.Email}\t{u.DisplayName}\t{u.Organisation!.Code}\t{(u.LockoutEnd > now ? "locked" : "active")}{(u.IsDemo ? "\tdemo" : string.Empty)}");
            }

            return 0;
        }));

        var lockEmail = new Option<string>("--email") { Description = "Email address", Required = true };
        var lockCommand = new Command("lock", "Lock (disable) an account.") { lockEmail };
        lockCommand.SetAction((r, ct) => cli.WithServices(sp => SetLocked(sp, output, error, r.GetValue(lockEmail)!, true, ct)));
        var unlockEmail = new Option<string>("--email") { Description = "Email address", Required = true };
        var unlockCommand = new Command("unlock", "Unlock an account.") { unlockEmail };
        unlockCommand.SetAction((r, ct) => cli.WithServices(sp => SetLocked(sp, output, error, r.GetValue(unlockEmail)!, false, ct)));

        users.Subcommands.Add(create);
        users.Subcommands.Add(list);
        users.Subcommands.Add(lockCommand);
        users.Subcommands.Add(unlockCommand);
        return users;
    }

    private static async Task<int> SetLocked(IServiceProvider sp, TextWriter output, TextWriter error, string email, bool locked, CancellationToken ct)
    {
        var db = sp.GetRequiredService<BeaconDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == email.Trim().ToUpperInvariant(), ct);
        if (user is null)
        {
            await error.WriteLineAsync($"beacon: no user has the email {email}");
            return 1;
        }

        await sp.GetRequiredService<UserAdministration>().SetLockedAsync(user.Id, locked, ct);
        await output.WriteLineAsync($"{(locked ? "Locked" : "Unlocked")} {user.Email}.");
        return 0;
    }

    private static Command TokensCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var email = new Option<string>("--email") { Description = "The user or service account the token acts as", Required = true };
        var name = new Option<string>("--name") { Description = "What will use it", Required = true };
        var days = new Option<int>("--days") { Description = "Days until it expires (1-365)", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Issue an API token; it is printed once and stored only as a hash.") { email, name, days };
        create.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var d = r.GetValue(days);
            if (d is < 1 or > 365)
            {
                await error.WriteLineAsync("beacon: --days must be from 1 to 365");
                return 2;
            }

            var db = sp.GetRequiredService<BeaconDbContext>();
            var address = r.GetValue(email)!.Trim().ToUpperInvariant();
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == address, ct);
            if (user is null)
            {
                await error.WriteLineAsync($"beacon: no user has the email {r.GetValue(email)}");
                return 1;
            }

            var (token, secret) = await sp.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, r.GetValue(name)!, Duration.FromDays(d), ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("api-token-create", "User", user.Id.ToString(), details: $"token: {token.Prefix}", cancellationToken: ct);
            await output.WriteLineAsync(secret);
            return 0;
        }));
        var tokens = new Command("tokens", "Manage API tokens for partner systems.");
        tokens.Subcommands.Add(create);
        return tokens;
    }
}
