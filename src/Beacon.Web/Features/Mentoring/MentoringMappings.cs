using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Mentoring;

// Mentoring's tables (docs/decisions/0016, 0022). Matches and contacts are part of a child's record (IMentoringRecord):
// the access rule and the audit apply through it. The register, its history and training are not children's records;
// their pages are for mentor coordinators only.

internal sealed class MentorMapping : IEntityTypeConfiguration<Mentor>
{
    public void Configure(EntityTypeBuilder<Mentor> b)
    {
        b.ToTable("mentors");
        b.HasIndex(m => m.UserId).IsUnique();
        b.Property(m => m.Name).HasMaxLength(200);
        b.Property(m => m.Email).HasMaxLength(256);
        b.Property(m => m.Phone).HasMaxLength(40);
        b.Property(m => m.Kind).HasMaxLength(20);
        b.Property(m => m.Status).HasMaxLength(20);
        b.Property(m => m.Skills).HasMaxLength(1000);
        b.Property(m => m.Areas).HasMaxLength(500);
        b.Property(m => m.Availability).HasMaxLength(500);
        b.Property(m => m.DbsCertificateNumber).HasMaxLength(20);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.Ignore(m => m.Vetting);
        b.HasOne<BeaconUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MentorStatusChangeMapping : IEntityTypeConfiguration<MentorStatusChange>
{
    public void Configure(EntityTypeBuilder<MentorStatusChange> b)
    {
        b.ToTable("mentor_status_changes");
        b.HasIndex(s => s.MentorId);
        b.Property(s => s.Status).HasMaxLength(20);
        b.Property(s => s.Reason).HasMaxLength(500);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.HasOne<Mentor>().WithMany().HasForeignKey(s => s.MentorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MentorMatchMapping : IEntityTypeConfiguration<MentorMatch>
{
    public void Configure(EntityTypeBuilder<MentorMatch> b)
    {
        b.ToTable("mentor_matches");
        b.HasIndex(m => m.ChildId);
        b.HasIndex(m => m.MentorId);
        b.Property(m => m.CouncilAgreedBy).HasMaxLength(200);
        b.Property(m => m.Goals).HasMaxLength(2000);
        b.Property(m => m.EndReason).HasMaxLength(500);
        b.Property(m => m.CreatedBy).HasMaxLength(256);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Mentor).WithMany().HasForeignKey(m => m.MentorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MentorContactMapping : IEntityTypeConfiguration<MentorContact>
{
    public void Configure(EntityTypeBuilder<MentorContact> b)
    {
        b.ToTable("mentor_contacts");
        b.HasIndex(c => c.ChildId);
        b.HasIndex(c => c.MatchId);
        b.Property(c => c.Kind).HasMaxLength(20);
        b.Property(c => c.Place).HasMaxLength(200);
        b.Property(c => c.Notes).HasMaxLength(4000);
        b.Property(c => c.SafeguardingConcern).HasMaxLength(4000);
        b.Property(c => c.RecordedBy).HasMaxLength(256);
        b.HasOne(c => c.Child).WithMany().HasForeignKey(c => c.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<MentorMatch>().WithMany().HasForeignKey(c => c.MatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrainingCourseMapping : IEntityTypeConfiguration<TrainingCourse>
{
    public void Configure(EntityTypeBuilder<TrainingCourse> b)
    {
        b.ToTable("training_courses");
        b.HasIndex(c => c.Name).IsUnique();
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Kind).HasMaxLength(40);
    }
}

internal sealed class TrainingSessionMapping : IEntityTypeConfiguration<TrainingSession>
{
    public void Configure(EntityTypeBuilder<TrainingSession> b)
    {
        b.ToTable("training_sessions");
        b.HasIndex(s => s.CourseId);
        b.Property(s => s.Trainer).HasMaxLength(200);
        b.Property(s => s.Place).HasMaxLength(200);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.HasOne(s => s.Course).WithMany().HasForeignKey(s => s.CourseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrainingAttendanceMapping : IEntityTypeConfiguration<TrainingAttendance>
{
    public void Configure(EntityTypeBuilder<TrainingAttendance> b)
    {
        b.ToTable("training_attendances");
        b.HasIndex(a => a.MentorId);
        b.HasIndex(a => new { a.SessionId, a.MentorId }).IsUnique();
        b.Property(a => a.RecordedBy).HasMaxLength(256);
        b.HasOne(a => a.Session).WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Mentor>().WithMany().HasForeignKey(a => a.MentorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MentorSupervisionMapping : IEntityTypeConfiguration<MentorSupervision>
{
    public void Configure(EntityTypeBuilder<MentorSupervision> b)
    {
        b.ToTable("mentor_supervisions");
        b.HasIndex(s => s.MentorId);
        b.Property(s => s.Supervisor).HasMaxLength(200);
        b.Property(s => s.Notes).HasMaxLength(4000);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.HasOne<Mentor>().WithMany().HasForeignKey(s => s.MentorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MentorWellbeingCheckMapping : IEntityTypeConfiguration<MentorWellbeingCheck>
{
    public void Configure(EntityTypeBuilder<MentorWellbeingCheck> b)
    {
        b.ToTable("mentor_wellbeing_checks");
        b.HasIndex(w => w.MentorId);
        b.Property(w => w.Concerns).HasMaxLength(4000);
        b.Property(w => w.Actions).HasMaxLength(4000);
        b.Property(w => w.RecordedBy).HasMaxLength(256);
        b.HasOne<Mentor>().WithMany().HasForeignKey(w => w.MentorId).OnDelete(DeleteBehavior.Restrict);
    }
}
