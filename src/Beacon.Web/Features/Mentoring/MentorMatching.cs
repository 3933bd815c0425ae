using Beacon.Domain.Mentoring;
using Beacon.Domain.Organisations;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>What a coordinator records to match a mentor to a child (issue #20 §3).</summary>
public sealed record NewMatch(Guid MentorId, string ChildReference, LocalDate? StartedOn, LocalDate? ChildAgreedOn, LocalDate? CouncilAgreedOn, string? CouncilAgreedBy, string? Goals);

/// <summary>What a mentor records about one contact with their mentee.</summary>
public sealed record NewContact(LocalDate? HeldOn, int Minutes, string Kind, string? Place, string? Notes, string? SafeguardingConcern);

/// <summary>What a mentor sees of a mentee: only what mentoring needs (docs/decisions/0022) — no police, MACE, RHI or
/// referral records, no identifiers.</summary>
public sealed record MenteeView(Guid ChildId, string Reference, string Name, int Age, Guid MatchId, LocalDate StartedOn, string Goals, IReadOnlyList<ContactView> Contacts);

public sealed record ContactView(Guid Id, LocalDate HeldOn, int Minutes, string Kind, string Place, string Notes, string? SafeguardingConcern, string RecordedBy);

/// <summary>
/// Matching mentors to children and their contacts (issue #20 §3). A match needs an active, vetted mentor
/// (<see cref="MentorVetting"/>), the child's agreement and, for a looked-after child, the responsible council's; it
/// is independent of key work, so it continues after key work closes. A contact with a safeguarding concern alerts the
/// child's key worker and the provider's managers for the child's locality, once (ADR 12).
/// </summary>
public sealed class MentorMatching(BeaconDbContext db, AuditLog audit, CurrentActor actor, AlertWriter alerts, IClock clock)
{
    public const string ConcernAlert = "mentor-concern";

    private LocalDate Today => clock.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    public async Task<(MentorMatch? Match, IReadOnlyList<(string Field, string Message)> Errors)> MatchAsync(NewMatch input, CancellationToken cancellationToken = default)
    {
        var errors = new List<(string, string)>();
        var mentor = await db.Set<Mentor>().SingleOrDefaultAsync(m => m.Id == input.MentorId, cancellationToken);
        var child = string.IsNullOrWhiteSpace(input.ChildReference) ? null
            : await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Reference == input.ChildReference.Trim() && c.MergedIntoId == null, cancellationToken);
        if (mentor is null)
        {
            return (null, [("MentorId", "Not found")]);
        }

        foreach (var problem in MentorVetting.Problems(mentor.Vetting, Today))
        {
            errors.Add(("MentorId", $"{mentor.Name} cannot be matched: {problem}"));
        }

        if (child is null)
        {
            errors.Add(("ChildReference", "Enter the Beacon reference of a child known to the service"));
        }

        if (input.StartedOn is null || input.StartedOn > Today)
        {
            errors.Add(("StartedOn", "Enter the date the match starts (not in the future)"));
        }

        if (input.ChildAgreedOn is null || input.ChildAgreedOn > Today)
        {
            errors.Add(("ChildAgreedOn", "Enter the date the child agreed to be mentored"));
        }

        if (child is not null && MentorVetting.CouncilAgreementNeeded(child.LivingSituation)
            && (input.CouncilAgreedOn is null || input.CouncilAgreedOn > Today || string.IsNullOrWhiteSpace(input.CouncilAgreedBy)))
        {
            errors.Add(("CouncilAgreedOn", "This child is looked after: enter when the responsible council agreed and who agreed"));
        }

        if (string.IsNullOrWhiteSpace(input.Goals) || input.Goals.Trim().Length > 2000)
        {
            errors.Add(("Goals", "Enter the goals of the match (up to 2000 characters)"));
        }

        if (child is not null && await db.Set<MentorMatch>().AnyAsync(m => m.MentorId == mentor.Id && m.ChildId == child.Id && m.EndedOn == null, cancellationToken))
        {
            errors.Add(("ChildReference", "This mentor is already matched to this child"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var match = new MentorMatch
        {
            Id = Guid.NewGuid(),
            MentorId = mentor.Id,
            ChildId = child!.Id,
            StartedOn = input.StartedOn!.Value,
            ChildAgreedOn = input.ChildAgreedOn!.Value,
            CouncilAgreedOn = input.CouncilAgreedOn,
            CouncilAgreedBy = input.CouncilAgreedBy?.Trim(),
            Goals = input.Goals!.Trim(),
            CreatedBy = actor.UserName,
            CreatedAt = clock.GetCurrentInstant(),
        };
        db.Set<MentorMatch>().Add(match);
        await db.SaveChangesAsync(cancellationToken);
        return (match, []);
    }

    public async Task<string?> EndAsync(Guid matchId, LocalDate? on, string? reason, CancellationToken cancellationToken = default)
    {
        var match = await db.Set<MentorMatch>().SingleOrDefaultAsync(m => m.Id == matchId && m.EndedOn == null, cancellationToken);
        if (match is null)
        {
            return "Not found";
        }

        if (on is null || on > Today || on < match.StartedOn || string.IsNullOrWhiteSpace(reason))
        {
            return "Enter the date the match ended (between its start and today) and the reason";
        }

        (match.EndedOn, match.EndReason) = (on, reason.Trim()[..Math.Min(reason.Trim().Length, 500)]);
        match.Version++;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Every match of a mentor (coordinator view), with the child's reference.</summary>
    public async Task<IReadOnlyList<(MentorMatch Match, string ChildReference)>> MatchesOfAsync(Guid mentorId, CancellationToken cancellationToken = default) =>
        [.. (await db.Set<MentorMatch>().AsNoTracking().Include(m => m.Child).Where(m => m.MentorId == mentorId).OrderByDescending(m => m.StartedOn).ToListAsync(cancellationToken))
            .Select(m => (m, m.Child!.Reference))];

    /// <summary>The signed-in mentor's current mentees (the query filter already limits matches to theirs).</summary>
    public async Task<IReadOnlyList<MenteeView>> MyMenteesAsync(CancellationToken cancellationToken = default)
    {
        var matches = await db.Set<MentorMatch>().AsNoTracking().Include(m => m.Child).Include(m => m.Mentor)
            .Where(m => m.EndedOn == null && m.Mentor!.UserId == actor.UserId).OrderBy(m => m.Child!.GivenName).ToListAsync(cancellationToken);
        await audit.RecordListAsync(nameof(Child), "mentees", matches.Select(m => m.ChildId.ToString()), cancellationToken);
        return [.. matches.Select(m => View(m, []))];
    }

    /// <summary>One mentee of the signed-in mentor, with the mentor's own contacts; null (audited as denied) when the
    /// mentor has no current match with the child.</summary>
    public async Task<MenteeView?> MenteeAsync(Guid childId, string via, CancellationToken cancellationToken = default)
    {
        var match = await CurrentMatchAsync(childId, cancellationToken);
        if (match is null)
        {
            var exists = await db.Children.IgnoreQueryFilters().AnyAsync(c => c.Id == childId, cancellationToken);
            await audit.RecordAsync("view", nameof(Child), childId.ToString(), exists ? "denied" : "not-found", $"via: {via}", cancellationToken);
            return null;
        }

        await audit.RecordAsync("view", nameof(Child), childId.ToString(), details: $"via: {via}", cancellationToken: cancellationToken);
        var contacts = await db.Set<MentorContact>().AsNoTracking().Where(c => c.MatchId == match.Id).OrderByDescending(c => c.HeldOn).ThenByDescending(c => c.RecordedAt).ToListAsync(cancellationToken);
        return View(match, contacts);
    }

    /// <summary>Records a contact by the signed-in mentor; a safeguarding concern alerts the key worker and managers.</summary>
    public async Task<(ContactView? Contact, IReadOnlyList<(string Field, string Message)> Errors)> RecordContactAsync(Guid childId, NewContact input, CancellationToken cancellationToken = default)
    {
        var match = await CurrentMatchAsync(childId, cancellationToken);
        if (match is null)
        {
            return (null, [("child", "Not found")]);
        }

        var errors = new List<(string, string)>();
        if (input.HeldOn is null || input.HeldOn > Today || input.HeldOn < match.StartedOn)
        {
            errors.Add(("HeldOn", "Enter the date of the contact (since the match started, not in the future)"));
        }

        if (input.Minutes is < 1 or > 1440)
        {
            errors.Add(("Minutes", "Enter how long the contact lasted, in minutes (1 to 1440)"));
        }

        if (!Codes.MentorContactKind.ContainsKey(input.Kind))
        {
            errors.Add(("Kind", "Choose the kind of contact"));
        }

        if (string.IsNullOrWhiteSpace(input.Place) || input.Place.Trim().Length > 200)
        {
            errors.Add(("Place", "Enter where the contact took place (up to 200 characters)"));
        }

        if (string.IsNullOrWhiteSpace(input.Notes) || input.Notes.Trim().Length > 4000)
        {
            errors.Add(("Notes", "Enter notes of the contact (up to 4000 characters)"));
        }

        if (input.SafeguardingConcern?.Trim().Length > 4000)
        {
            errors.Add(("SafeguardingConcern", "The concern must be up to 4000 characters"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var contact = new MentorContact
        {
            Id = Guid.NewGuid(),
            MatchId = match.Id,
            ChildId = childId,
            HeldOn = input.HeldOn!.Value,
            Minutes = input.Minutes,
            Kind = input.Kind,
            Place = input.Place!.Trim(),
            Notes = input.Notes!.Trim(),
            SafeguardingConcern = string.IsNullOrWhiteSpace(input.SafeguardingConcern) ? null : input.SafeguardingConcern.Trim(),
            RecordedBy = actor.UserName,
            RecordedAt = clock.GetCurrentInstant(),
        };
        db.Set<MentorContact>().Add(contact);
        if (contact.SafeguardingConcern is not null)
        {
            await AlertConcernAsync(contact, match.Child!, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return (ToView(contact), []);
    }

    /// <summary>The child's key worker (of the open referral, else the latest; else the allocated worker) and the
    /// provider's team managers of the child's locality (service managers when there are none), each alerted once.</summary>
    private async Task AlertConcernAsync(MentorContact contact, Child child, CancellationToken cancellationToken)
    {
        var referrals = await db.Set<Referral>().IgnoreQueryFilters().AsNoTracking().Where(r => r.ChildId == child.Id && r.KeyWorkerId != null)
            .Select(r => new { r.KeyWorkerId, r.Status, r.ReceivedOn }).ToListAsync(cancellationToken);
        var keyWorker = referrals.OrderByDescending(r => r.Status == Referral.Open).ThenByDescending(r => r.ReceivedOn).Select(r => r.KeyWorkerId).FirstOrDefault() ?? child.AllocatedWorkerId;
        var locality = await db.Areas.AsNoTracking().Where(a => a.GssCode == child.HostDistrictCode).Select(a => a.Locality).SingleOrDefaultAsync(cancellationToken);
        var provider = (await alerts.RecipientsAsync(cancellationToken)).Where(r => r.OrganisationKind == OrganisationKind.Provider).ToList();
        var managers = provider.Where(r => r.Roles.Contains(Roles.TeamManager) && r.Locality == locality).ToList();
        if (managers.Count == 0)
        {
            managers = [.. provider.Where(r => r.Roles.Contains(Roles.ServiceManager))];
        }

        var facts = new Beacon.Domain.Access.ChildAccessFacts(child.ResponsibleAuthorityId, child.HostAuthorityId, child.NotifyingPoliceForceId);
        var who = provider.Where(r => r.UserId == keyWorker).Concat(managers).Where(r => r.MaySee(facts)).DistinctBy(r => r.UserId);
        await alerts.AddNewAsync(who.Select(r => new AlertDraft(r.UserId, ConcernAlert, $"{ConcernAlert}:{contact.Id}:{r.UserId}",
            $"Safeguarding concern raised by a mentor for child {child.Reference}", $"/children/{child.Id}/mentoring")), cancellationToken);
    }

    private async Task<MentorMatch?> CurrentMatchAsync(Guid childId, CancellationToken cancellationToken) =>
        actor.Scope.Kind != Beacon.Domain.Access.ScopeKind.MatchedChildren ? null
            : await db.Set<MentorMatch>().Include(m => m.Child).Include(m => m.Mentor)
                .SingleOrDefaultAsync(m => m.ChildId == childId && m.EndedOn == null && m.Mentor!.UserId == actor.UserId, cancellationToken);

    private MenteeView View(MentorMatch m, IEnumerable<MentorContact> contacts) =>
        new(m.ChildId, m.Child!.Reference, $"{m.Child.GivenName} {m.Child.FamilyName}", Beacon.Domain.Missing.ChildAge.YearsOn(m.Child.DateOfBirth, Today), m.Id, m.StartedOn, m.Goals,
            [.. contacts.Select(ToView)]);

    private static ContactView ToView(MentorContact c) =>
        new(c.Id, c.HeldOn, c.Minutes, Codes.MentorContactKind.Label(c.Kind), c.Place, c.Notes, c.SafeguardingConcern, c.RecordedBy);
}
