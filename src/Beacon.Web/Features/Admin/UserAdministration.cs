using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Admin;

/// <summary>A request to create a user (from the admin page, the CLI or demo seeding).</summary>
public sealed record CreateUserCommand(string Email, string DisplayName, string OrganisationCode, IReadOnlyCollection<string> Roles, string Password, string? Team = null, bool IsDemo = false, bool IsServiceAccount = false, string? Locality = null);

/// <summary>The outcome of a user-administration command: the user, or field-keyed error messages.</summary>
public sealed record AdminResult(BeaconUser? User, IReadOnlyList<(string Field, string Message)> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static AdminResult Fail(string field, string message) => new(null, [(field, message)]);
}

/// <summary>User administration, shared by the admin pages and <c>beacon users ...</c>. Every change is audited.</summary>
public sealed class UserAdministration(UserManager<BeaconUser> users, RoleManager<IdentityRole<Guid>> roles, BeaconDbContext db, AuditLog audit, IClock clock)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.NewGuid() });
            }
        }
    }

    public async Task<AdminResult> CreateAsync(CreateUserCommand command, CancellationToken cancellationToken = default)
    {
        var errors = new List<(string, string)>();
        var email = command.Email.Trim();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            errors.Add(("Email", "Enter an email address in the correct format, like name@example.org"));
        }

        if (string.IsNullOrWhiteSpace(command.DisplayName))
        {
            errors.Add(("DisplayName", "Enter the person's full name"));
        }

        var organisation = await db.Organisations.SingleOrDefaultAsync(o => o.Code == command.OrganisationCode, cancellationToken);
        if (organisation is null)
        {
            errors.Add(("OrganisationCode", $"Select an organisation (no organisation has the code '{command.OrganisationCode}')"));
        }

        if (command.Roles.Count == 0)
        {
            errors.Add(("Roles", "Select at least one role"));
        }

        foreach (var unknown in command.Roles.Where(r => !Roles.IsKnown(r)))
        {
            errors.Add(("Roles", $"'{unknown}' is not a role. Roles are: {string.Join(", ", Roles.All)}"));
        }

        if (errors.Count > 0)
        {
            return new AdminResult(null, errors);
        }

        var user = new BeaconUser
        {
            Id = Guid.NewGuid(),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = command.DisplayName.Trim(),
            OrganisationId = organisation!.Id,
            Team = string.IsNullOrWhiteSpace(command.Team) ? null : command.Team.Trim(),
            Locality = string.IsNullOrWhiteSpace(command.Locality) ? null : command.Locality.Trim(),
            IsDemo = command.IsDemo,
            IsServiceAccount = command.IsServiceAccount,
            CreatedAt = clock.GetCurrentInstant(),
        };

        var created = await users.CreateAsync(user, command.Password);
        if (!created.Succeeded)
        {
            return new AdminResult(null, created.Errors.Select(e => (e.Code.Contains("Password", StringComparison.Ordinal) || e.Code is "Guessable" or "ContainsEmail" or "Repetitive" ? "Password" : "Email", e.Description)).ToList());
        }

        await users.AddToRolesAsync(user, command.Roles);
        await audit.RecordAsync("user-create", "User", user.Id.ToString(), details: $"roles: {string.Join(",", command.Roles)}; organisation: {organisation.Code}", cancellationToken: cancellationToken);
        return new AdminResult(user, []);
    }

    public async Task<AdminResult> SetRolesAsync(Guid userId, IReadOnlyCollection<string> newRoles, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return AdminResult.Fail("User", "No such user");
        }

        if (newRoles.Count == 0 || newRoles.Any(r => !Roles.IsKnown(r)))
        {
            return AdminResult.Fail("Roles", "Select at least one role from the list");
        }

        var current = await users.GetRolesAsync(user);
        await users.RemoveFromRolesAsync(user, current.Except(newRoles));
        await users.AddToRolesAsync(user, newRoles.Except(current));
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync("user-roles", "User", user.Id.ToString(), details: $"roles: {string.Join(",", newRoles)}", cancellationToken: cancellationToken);
        return new AdminResult(user, []);
    }

    /// <summary>Locks (disables) or unlocks an account. A locked account cannot sign in or use its API tokens.</summary>
    public async Task<AdminResult> SetLockedAsync(Guid userId, bool locked, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return AdminResult.Fail("User", "No such user");
        }

        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        if (!locked)
        {
            await users.ResetAccessFailedCountAsync(user);
        }

        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(locked ? "user-lock" : "user-unlock", "User", user.Id.ToString(), cancellationToken: cancellationToken);
        return new AdminResult(user, []);
    }

    public async Task<AdminResult> ResetPasswordAsync(Guid userId, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null)
        {
            return AdminResult.Fail("User", "No such user");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            return new AdminResult(null, result.Errors.Select(e => ("Password", e.Description)).ToList());
        }

        await audit.RecordAsync("user-password-reset", "User", user.Id.ToString(), cancellationToken: cancellationToken);
        return new AdminResult(user, []);
    }
}
