using Beacon.Domain.Mentoring;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mentoring;

/// <summary>Synthetic mentoring demo data (issue #20): the training courses, the demo mentor's register entry (active,
/// vetted, linked to the demo Mentor user) matched to every tenth demo child, and a volunteer in training whose DBS
/// renewal falls due within 30 days. Idempotent.</summary>
public sealed class DemoMentoring(BeaconDbContext db, IClock clock)
{
    public const string MentorEmail = "mentor@provider.beacon.example";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<TrainingCourse>().AnyAsync(cancellationToken))
        {
            return;
        }

        db.Set<TrainingCourse>().AddRange(
            new TrainingCourse { Id = Guid.NewGuid(), Name = "Mentor induction", Kind = "induction" },
            new TrainingCourse { Id = Guid.NewGuid(), Name = "Safeguarding children (level 2)", Kind = "safeguarding", ValidityMonths = 12 },
            new TrainingCourse { Id = Guid.NewGuid(), Name = "Exploitation awareness", Kind = "exploitation-awareness", ValidityMonths = 24 },
            new TrainingCourse { Id = Guid.NewGuid(), Name = "Lived-experience facilitation", Kind = "lived-experience-facilitation" });
        var now = clock.GetCurrentInstant();
        var today = now.InZone(Beacon.Domain.Missing.ChildAge.London).Date;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == MentorEmail, cancellationToken);
        var mentor = new Mentor
        {
            Id = Guid.NewGuid(),
            Name = "Morgan Mentor (demo)",
            Email = MentorEmail,
            Kind = Mentor.LivedExperienceMentor,
            Status = MentorStatus.Active,
            UserId = user?.Id,
            Skills = "Music, football",
            Areas = "North",
            Availability = "Weekday evenings",
            DbsCheckedOn = today.PlusMonths(-6),
            DbsCertificateNumber = "001234567890",
            DbsRenewalDueOn = today.PlusMonths(30),
            ReferencesReceived = 2,
            SafeguardingTrainedOn = today.PlusMonths(-3),
            SafeguardingDueOn = today.PlusMonths(9),
            AgreementSignedOn = today.PlusMonths(-5),
            CreatedAt = now,
            UpdatedAt = now,
        };
        var volunteer = new Mentor
        {
            Id = Guid.NewGuid(),
            Name = "Vic Volunteer (demo)",
            Kind = Mentor.Volunteer,
            Status = MentorStatus.InTraining,
            DbsCheckedOn = today.PlusYears(-3).PlusDays(20),
            DbsCertificateNumber = "009876543210",
            DbsRenewalDueOn = today.PlusDays(20),
            ReferencesReceived = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Set<Mentor>().AddRange(mentor, volunteer);
        foreach (var m in new[] { mentor, volunteer })
        {
            db.Set<MentorStatusChange>().Add(new MentorStatusChange { Id = Guid.NewGuid(), MentorId = m.Id, Status = m.Status, ChangedOn = today.PlusMonths(-6), Reason = "Demo", RecordedBy = "demo", RecordedAt = now });
        }

        var children = await db.Children.IgnoreQueryFilters().Where(c => c.Reference.StartsWith("DEMO-") && c.Reference.EndsWith("0")).Select(c => c.Id).ToListAsync(cancellationToken);
        foreach (var childId in children)
        {
            db.Set<MentorMatch>().Add(new MentorMatch
            {
                Id = Guid.NewGuid(),
                MentorId = mentor.Id,
                ChildId = childId,
                StartedOn = today.PlusMonths(-2),
                ChildAgreedOn = today.PlusMonths(-2),
                CouncilAgreedOn = today.PlusMonths(-2),
                CouncilAgreedBy = "Demo social worker",
                Goals = "Build confidence; join a local football club",
                CreatedBy = "demo",
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
