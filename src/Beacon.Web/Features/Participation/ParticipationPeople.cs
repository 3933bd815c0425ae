using Beacon.Domain.Organisations;
using Beacon.Web.Features.Mentoring;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Participation;

/// <summary>A facilitator or deliverer as the forms offer and the pages show them: a staff user (<c>user:{id}</c>) or a
/// mentor from the register (<c>mentor:{id}</c>).</summary>
public sealed record Deliverer(string Key, string Name, bool IsMentor)
{
    public string Label => IsMentor ? $"{Name} (mentor or volunteer)" : Name;

    public static (Guid? UserId, Guid? MentorId) Parse(string key) =>
        key.StartsWith("user:", StringComparison.Ordinal) && Guid.TryParse(key[5..], out var user) ? (user, null)
        : key.StartsWith("mentor:", StringComparison.Ordinal) && Guid.TryParse(key[7..], out var mentor) ? (null, mentor)
        : (null, null);
}

/// <summary>Who can run an event or deliver training (issue #20 §5, §6): the provider's staff (not service accounts,
/// not mentors' own sign-ins) and the mentors and volunteers on the register who are in training or active.</summary>
public sealed class ParticipationPeople(BeaconDbContext db)
{
    public async Task<IReadOnlyList<Deliverer>> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        var mentorRole = await db.Roles.Where(r => r.Name == Roles.Mentor).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        var staff = await db.Users.AsNoTracking()
            .Where(u => u.Organisation!.Kind == OrganisationKind.Provider && !u.IsServiceAccount && !db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == mentorRole))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        var mentors = await db.Set<Mentor>().AsNoTracking()
            .Where(m => m.Status == Beacon.Domain.Mentoring.MentorStatus.Active || m.Status == Beacon.Domain.Mentoring.MentorStatus.InTraining)
            .OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(cancellationToken);
        return [.. staff.Select(u => new Deliverer($"user:{u.Id}", u.DisplayName, false)), .. mentors.Select(m => new Deliverer($"mentor:{m.Id}", m.Name, true))];
    }

    /// <summary>The names of the given staff users and mentors, staff first.</summary>
    public async Task<IReadOnlyList<Deliverer>> NamesAsync(IReadOnlyCollection<(Guid? UserId, Guid? MentorId)> people, CancellationToken cancellationToken = default)
    {
        var userIds = people.Where(p => p.UserId is not null).Select(p => p.UserId!.Value).ToList();
        var mentorIds = people.Where(p => p.MentorId is not null).Select(p => p.MentorId!.Value).ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        var mentors = await db.Set<Mentor>().AsNoTracking().Where(m => mentorIds.Contains(m.Id)).OrderBy(m => m.Name).Select(m => new { m.Id, m.Name }).ToListAsync(cancellationToken);
        return [.. users.Select(u => new Deliverer($"user:{u.Id}", u.DisplayName, false)), .. mentors.Select(m => new Deliverer($"mentor:{m.Id}", m.Name, true))];
    }

    /// <summary>The chosen keys as people, or an error when none is chosen or one is not among <paramref name="choices"/>.</summary>
    public static (IReadOnlyList<(Guid? UserId, Guid? MentorId)> People, string? Error) Chosen(IReadOnlyCollection<string> keys, IReadOnlyList<Deliverer> choices, string what)
    {
        if (keys.Count == 0)
        {
            return ([], $"Choose who {what}");
        }

        if (keys.Any(k => choices.All(c => c.Key != k)))
        {
            return ([], $"Choose who {what} from the list");
        }

        return ([.. keys.Distinct().Select(Deliverer.Parse)], null);
    }
}
