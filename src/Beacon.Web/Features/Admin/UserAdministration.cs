using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
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

    /// <summary>The change waits for a second administrator (a role grant that needs approval).</summary>
    public bool Pending { get; init; }

    public static AdminResult Fail(string field, string message) => new(null, [(field, message)]);
}

/// <summary>User administration, shared by the admin pages and <c>beacon users ...</c>. Every change is audited.</summary>
public sealed class UserAdministration(UserManager<BeaconUser> users, RoleManager<IdentityRole<Guid>> roles, BeaconDbContext db, AuditLog audit, AccountSecurity security, Features.Alerts.AlertWriter alerts, CurrentActor actor, IClock clock)
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

        // An account made by a person that could read children waits, with no roles, for a second administrator.
        if (actor.UserId is { } requesterId && PendingRoleGrant.NeedsSecondAdministrator(organisation.Kind, organisation.Id, user.Id, [], command.Roles))
        {
            await audit.RecordAsync("user-create", "User", user.Id.ToString(), details: $"roles: none yet; organisation: {organisation.Code}", cancellationToken: cancellationToken);
            await RequestGrantAsync(user, requesterId, command.Roles, cancellationToken);
            return new AdminResult(user, []) { Pending = true };
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

        if (actor.UserId == userId)
        {
            await audit.RecordAsync("user-roles", "User", user.Id.ToString(), "denied", "own roles", cancellationToken);
            return AdminResult.Fail("Roles", "You cannot change your own roles. Ask another administrator.");
        }

        var current = await users.GetRolesAsync(user);
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == user.OrganisationId, cancellationToken);
        if (actor.UserId is { } requesterId && PendingRoleGrant.NeedsSecondAdministrator(organisation.Kind, organisation.Id, user.Id, [.. current], newRoles))
        {
            await RequestGrantAsync(user, requesterId, newRoles, cancellationToken);
            return new AdminResult(user, []) { Pending = true };
        }

        await ApplyRolesAsync(user, current, newRoles, cancellationToken);
        await audit.RecordAsync("user-roles", "User", user.Id.ToString(), details: $"roles: {string.Join(",", newRoles)}", cancellationToken: cancellationToken);
        return new AdminResult(user, []);
    }

    private async Task RequestGrantAsync(BeaconUser user, Guid requesterId, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        var grant = new PendingRoleGrant
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            Roles = string.Join(",", roles.Distinct()),
            RequestedById = requesterId,
            RequestedBy = actor.UserName,
            RequestedAt = clock.GetCurrentInstant(),
        };
        db.PendingRoleGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("user-roles-requested", "User", user.Id.ToString(), "pending", $"roles: {grant.Roles}; requested by: {grant.RequestedBy}; needs a second administrator", cancellationToken);
    }

    /// <summary>
    /// A second administrator approves or refuses a pending grant. Neither the requester nor the user it is for may
    /// decide it. Approval applies the roles; both are audited with both names.
    /// </summary>
    public async Task<AdminResult> DecideGrantAsync(Guid grantId, bool approve, CancellationToken cancellationToken = default)
    {
        var grant = await db.PendingRoleGrants.SingleOrDefaultAsync(g => g.Id == grantId && g.Approved == null, cancellationToken);
        if (grant is null)
        {
            return AdminResult.Fail("Grant", "No such request waiting for a decision");
        }

        if (actor.UserId is not { } deciderId || deciderId == grant.RequestedById || deciderId == grant.UserId)
        {
            await audit.RecordAsync("user-roles-decide", "User", grant.UserId.ToString(), "denied", $"grant: {grant.Id}; a second administrator must decide", cancellationToken);
            return AdminResult.Fail("Grant", "A different administrator from the one who asked (and from the person it is for) must decide this");
        }

        var user = (await users.FindByIdAsync(grant.UserId.ToString()))!;
        grant.Approved = approve;
        grant.DecidedBy = actor.UserName;
        grant.DecidedAt = clock.GetCurrentInstant();
        await db.SaveChangesAsync(cancellationToken);
        if (approve)
        {
            await ApplyRolesAsync(user, await users.GetRolesAsync(user), grant.Roles.Split(','), cancellationToken);
        }

        await audit.RecordAsync(approve ? "user-roles-approved" : "user-roles-refused", "User", user.Id.ToString(),
            details: $"roles: {grant.Roles}; requested by: {grant.RequestedBy}; {(approve ? "approved" : "refused")} by: {grant.DecidedBy}", cancellationToken: cancellationToken);
        return new AdminResult(user, []);
    }

    private async Task ApplyRolesAsync(BeaconUser user, IList<string> current, IReadOnlyCollection<string> newRoles, CancellationToken cancellationToken)
    {
        var removed = current.Except(newRoles).ToList();
        await users.RemoveFromRolesAsync(user, removed);
        await users.AddToRolesAsync(user, newRoles.Except(current));
        await users.UpdateSecurityStampAsync(user); // ends the user's sessions: their next request signs in with the new roles
        if (removed.Count > 0)
        {
            await security.RevokeTokensAsync(user.Id, cancellationToken);
        }
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
        if (locked)
        {
            await security.RevokeTokensAsync(user.Id, cancellationToken); // unlocking does not bring them back
        }

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

        // The reset gave the user a new security stamp (ending their sessions); their tokens go too. The person is told
        // in the app and by email (whatever their alert choices), so a reset they did not ask for is noticed.
        await security.RevokeTokensAsync(user.Id, cancellationToken);
        var now = clock.GetCurrentInstant();
        alerts.Add(new Features.Alerts.AlertDraft(user.Id, Features.Alerts.AlertKinds.PasswordReset, $"{Features.Alerts.AlertKinds.PasswordReset}:{user.Id}:{now.ToUnixTimeTicks()}",
            $"Your Beacon password was reset by an administrator ({actor.UserName}). If you did not ask for this, tell your manager.", "/account"), byEmail: alerts.EmailConfigured);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("user-password-reset", "User", user.Id.ToString(), details: $"by: {actor.UserName}; user notified; tokens revoked", cancellationToken: cancellationToken);
        return new AdminResult(user, []);
    }
}
