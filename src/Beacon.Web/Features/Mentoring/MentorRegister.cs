using Beacon.Domain.Mentoring;
using Beacon.Domain.Organisations;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>What a coordinator types to add a mentor or volunteer (issue #20 §1). <see cref="UserEmail"/> links the
/// Beacon user (with the Mentor role) who will act as this mentor.</summary>
public sealed record NewMentor(string Name, string? Email, string? Phone, string Kind, string? Skills, string? Areas, string? Availability, string? UserEmail);

/// <summary>A mentor's vetting as a coordinator records it.</summary>
public sealed record VettingUpdate(LocalDate? DbsCheckedOn, string? DbsCertificateNumber, LocalDate? DbsRenewalDueOn, int ReferencesReceived,
    LocalDate? SafeguardingTrainedOn, LocalDate? SafeguardingDueOn, LocalDate? AgreementSignedOn);

/// <summary>
/// The register of mentors and volunteers (issue #20 §1 and §2): adding, vetting, status changes with dates and
/// reasons, and training attendance. Used by the coordinator's pages; the pages are for mentor coordinators only, since
/// the register holds personal data of people who are not staff. Each opening and change is audited.
/// </summary>
public sealed class MentorRegister(BeaconDbContext db, AuditLog audit, CurrentActor actor, IClock clock)
{
    public LocalDate Today => clock.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    public async Task<(Mentor? Mentor, IReadOnlyList<(string Field, string Message)> Errors)> AddAsync(NewMentor input, CancellationToken cancellationToken = default)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Trim().Length > 200)
        {
            errors.Add(("Name", "Enter the person's name (up to 200 characters)"));
        }

        if (!Codes.MentorKind.ContainsKey(input.Kind))
        {
            errors.Add(("Kind", "Choose mentor or volunteer"));
        }

        Guid? userId = null;
        if (!string.IsNullOrWhiteSpace(input.UserEmail))
        {
            userId = await LinkableUserAsync(input.UserEmail.Trim(), cancellationToken);
            if (userId is null)
            {
                errors.Add(("UserEmail", "No user with that email holds the Mentor role at the provider, or that user is already linked to a mentor"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = clock.GetCurrentInstant();
        var mentor = new Mentor
        {
            Id = Guid.NewGuid(),
            Name = input.Name.Trim(),
            Email = Trim(input.Email, 256),
            Phone = Trim(input.Phone, 40),
            Kind = input.Kind,
            Status = MentorStatus.Enquiry,
            UserId = userId,
            Skills = Trim(input.Skills, 1000),
            Areas = Trim(input.Areas, 500),
            Availability = Trim(input.Availability, 500),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Set<Mentor>().Add(mentor);
        db.Set<MentorStatusChange>().Add(new MentorStatusChange { Id = Guid.NewGuid(), MentorId = mentor.Id, Status = mentor.Status, ChangedOn = Today, Reason = "Added to the register", RecordedBy = actor.UserName, RecordedAt = now });
        await audit.RecordAsync("create", nameof(Mentor), mentor.Id.ToString(), cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (mentor, []);
    }

    public async Task<Mentor?> OpenAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var mentor = await db.Set<Mentor>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        await audit.RecordAsync("view", nameof(Mentor), id.ToString(), mentor is null ? "not-found" : "allowed", cancellationToken: cancellationToken);
        return mentor;
    }

    public async Task<IReadOnlyList<Mentor>> ListAsync(CancellationToken cancellationToken = default)
    {
        var mentors = await db.Set<Mentor>().AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        await audit.RecordListAsync(nameof(Mentor), "register", mentors.Select(m => m.Id.ToString()), cancellationToken);
        return mentors;
    }

    public async Task<IReadOnlyList<MentorStatusChange>> HistoryAsync(Guid id, CancellationToken cancellationToken = default) =>
        await db.Set<MentorStatusChange>().AsNoTracking().Where(s => s.MentorId == id).OrderByDescending(s => s.ChangedOn).ThenByDescending(s => s.RecordedAt).ToListAsync(cancellationToken);

    public async Task<string?> RecordVettingAsync(Guid id, VettingUpdate v, CancellationToken cancellationToken = default)
    {
        if (v.ReferencesReceived is < 0 or > 2)
        {
            return "References received must be 0, 1 or 2";
        }

        if (v.DbsCheckedOn is not null && (v.DbsRenewalDueOn is null || v.DbsRenewalDueOn <= v.DbsCheckedOn || string.IsNullOrWhiteSpace(v.DbsCertificateNumber)))
        {
            return "For a DBS check enter the certificate number and a renewal date after the check date";
        }

        if (v.DbsCertificateNumber is { } number && (number.Trim().Length is < 1 or > 20 || !number.Trim().All(char.IsAsciiLetterOrDigit)))
        {
            return "The DBS certificate number must be up to 20 letters and numbers";
        }

        if (v.SafeguardingTrainedOn is not null && (v.SafeguardingDueOn is null || v.SafeguardingDueOn <= v.SafeguardingTrainedOn))
        {
            return "For safeguarding training enter when the refresher is due, after the training date";
        }

        var mentor = await db.Set<Mentor>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (mentor is null)
        {
            return "Not found";
        }

        (mentor.DbsCheckedOn, mentor.DbsCertificateNumber, mentor.DbsRenewalDueOn, mentor.ReferencesReceived) = (v.DbsCheckedOn, v.DbsCertificateNumber?.Trim(), v.DbsRenewalDueOn, v.ReferencesReceived);
        (mentor.SafeguardingTrainedOn, mentor.SafeguardingDueOn, mentor.AgreementSignedOn) = (v.SafeguardingTrainedOn, v.SafeguardingDueOn, v.AgreementSignedOn);
        Touch(mentor);
        await audit.RecordAsync("update", nameof(Mentor), id.ToString(), details: "vetting", cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Changes a mentor's status with its date and reason (a reason is required for paused and left).</summary>
    public async Task<string?> ChangeStatusAsync(Guid id, string status, LocalDate? on, string? reason, CancellationToken cancellationToken = default)
    {
        if (!MentorStatus.All.Any(s => s.Code == status) || on is null || on > Today)
        {
            return "Choose a status and enter the date it changed (not in the future)";
        }

        if (status is MentorStatus.Paused or MentorStatus.Left && string.IsNullOrWhiteSpace(reason))
        {
            return "Enter the reason for pausing or leaving";
        }

        var mentor = await db.Set<Mentor>().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (mentor is null)
        {
            return "Not found";
        }

        mentor.Status = status;
        Touch(mentor);
        db.Set<MentorStatusChange>().Add(new MentorStatusChange { Id = Guid.NewGuid(), MentorId = id, Status = status, ChangedOn = on.Value, Reason = Trim(reason, 500), RecordedBy = actor.UserName, RecordedAt = clock.GetCurrentInstant() });
        await audit.RecordAsync("update", nameof(Mentor), id.ToString(), details: $"status: {status}", cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<IReadOnlyList<TrainingCourse>> CoursesAsync(CancellationToken cancellationToken = default) =>
        await db.Set<TrainingCourse>().AsNoTracking().OrderBy(c => c.Name).ToListAsync(cancellationToken);

    public async Task<string?> AddCourseAsync(string? name, string kind, int? validityMonths, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200 || !Codes.TrainingCourseKind.ContainsKey(kind) || validityMonths is < 1 or > 120)
        {
            return "Enter the course name, choose its kind and, if it needs refreshing, its validity in months (1 to 120)";
        }

        if (await db.Set<TrainingCourse>().AnyAsync(c => c.Name == name.Trim(), cancellationToken))
        {
            return "A course with that name exists";
        }

        db.Set<TrainingCourse>().Add(new TrainingCourse { Id = Guid.NewGuid(), Name = name.Trim(), Kind = kind, ValidityMonths = validityMonths });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private async Task<Guid?> LinkableUserAsync(string email, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Organisation).SingleOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), cancellationToken);
        if (user is null || user.Organisation!.Kind != OrganisationKind.Provider || await db.Set<Mentor>().AnyAsync(m => m.UserId == user.Id, cancellationToken))
        {
            return null;
        }

        var mentorRole = await db.Roles.Where(r => r.Name == Roles.Mentor).Select(r => r.Id).SingleAsync(cancellationToken);
        return await db.UserRoles.AnyAsync(ur => ur.UserId == user.Id && ur.RoleId == mentorRole, cancellationToken) ? user.Id : null;
    }

    private void Touch(Mentor mentor)
    {
        mentor.UpdatedAt = clock.GetCurrentInstant();
        mentor.Version++;
    }

    private static string? Trim(string? text, int max) => string.IsNullOrWhiteSpace(text) ? null : text.Trim()[..Math.Min(text.Trim().Length, max)];
}
