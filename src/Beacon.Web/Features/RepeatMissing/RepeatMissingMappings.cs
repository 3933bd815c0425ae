using Beacon.Web.Features.Missing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.RepeatMissing;

// Repeat-missing meetings and their actions (docs/decisions/0016): part of a child's record, filtered and audited
// through IChildRecord, not here.

internal sealed class InterventionMeetingMapping : IEntityTypeConfiguration<InterventionMeeting>
{
    public void Configure(EntityTypeBuilder<InterventionMeeting> b)
    {
        b.ToTable("intervention_meetings");
        b.HasIndex(m => new { m.ChildId, m.Level });
        b.HasIndex(m => new { m.Status, m.DueOn });
        b.Property(m => m.Status).HasMaxLength(20);
        b.Property(m => m.Chair).HasMaxLength(200);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Episode>().WithMany().HasForeignKey(m => m.TriggerEpisodeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MeetingActionMapping : IEntityTypeConfiguration<MeetingAction>
{
    public void Configure(EntityTypeBuilder<MeetingAction> b)
    {
        b.ToTable("meeting_actions");
        b.HasIndex(a => a.MeetingId);
        b.HasIndex(a => new { a.Status, a.DueOn });
        b.Property(a => a.Description).HasMaxLength(1000);
        b.Property(a => a.OwnerAgency).HasMaxLength(200);
        b.Property(a => a.OwnerName).HasMaxLength(200);
        b.Property(a => a.Status).HasMaxLength(20);
        b.Property(a => a.Outcome).HasMaxLength(2000);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<InterventionMeeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
    }
}
