using Beacon.Web.Features.Mentoring;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Participation;

// Participation and partner training's tables (issue #20 §5, §6; docs/decisions/0016, 0028). An attendance is part of
// the child's record (IChildRecord): the access rule and the audit apply through it. Events and sessions themselves
// hold no child's data.

internal sealed class ParticipationEventMapping : IEntityTypeConfiguration<ParticipationEvent>
{
    public void Configure(EntityTypeBuilder<ParticipationEvent> b)
    {
        b.ToTable("participation_events");
        b.HasIndex(e => e.HeldOn);
        b.Property(e => e.Kind).HasMaxLength(40);
        b.Property(e => e.Place).HasMaxLength(200);
        b.Property(e => e.CoProduced).HasMaxLength(4000);
        b.Property(e => e.YouSaidWeDid).HasMaxLength(4000);
        b.Property(e => e.RecordedBy).HasMaxLength(256);
    }
}

internal sealed class ParticipationAttendanceMapping : IEntityTypeConfiguration<ParticipationAttendance>
{
    public void Configure(EntityTypeBuilder<ParticipationAttendance> b)
    {
        b.ToTable("participation_attendances");
        b.HasIndex(a => new { a.EventId, a.ChildId }).IsUnique();
        b.HasIndex(a => a.ChildId);
        b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ParticipationEvent>().WithMany().HasForeignKey(a => a.EventId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ParticipationFacilitatorMapping : IEntityTypeConfiguration<ParticipationFacilitator>
{
    public void Configure(EntityTypeBuilder<ParticipationFacilitator> b)
    {
        b.ToTable("participation_facilitators");
        b.HasIndex(f => f.EventId);
        b.HasOne<ParticipationEvent>().WithMany().HasForeignKey(f => f.EventId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<BeaconUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Mentor>().WithMany().HasForeignKey(f => f.MentorId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerTrainingMapping : IEntityTypeConfiguration<PartnerTraining>
{
    public void Configure(EntityTypeBuilder<PartnerTraining> b)
    {
        b.ToTable("partner_trainings");
        b.HasIndex(t => t.DeliveredOn);
        b.Property(t => t.Topic).HasMaxLength(500);
        b.Property(t => t.RecordedBy).HasMaxLength(256);
    }
}

internal sealed class PartnerTrainingAudienceMapping : IEntityTypeConfiguration<PartnerTrainingAudience>
{
    public void Configure(EntityTypeBuilder<PartnerTrainingAudience> b)
    {
        b.ToTable("partner_training_audiences");
        b.HasIndex(a => new { a.TrainingId, a.Agency }).IsUnique();
        b.Property(a => a.Agency).HasMaxLength(40);
        b.HasOne<PartnerTraining>().WithMany().HasForeignKey(a => a.TrainingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PartnerTrainingDelivererMapping : IEntityTypeConfiguration<PartnerTrainingDeliverer>
{
    public void Configure(EntityTypeBuilder<PartnerTrainingDeliverer> b)
    {
        b.ToTable("partner_training_deliverers");
        b.HasIndex(d => d.TrainingId);
        b.HasOne<PartnerTraining>().WithMany().HasForeignKey(d => d.TrainingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<BeaconUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Mentor>().WithMany().HasForeignKey(d => d.MentorId).OnDelete(DeleteBehavior.Restrict);
    }
}
