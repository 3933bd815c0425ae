using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Mace;

// MACE panels and their records (docs/decisions/0016). Panel records (IPanelRecord) are for panel roles and a child's
// (IChildRecord) follow the child's rule, both applied in BeaconDbContext.AccessFilters.cs; panels themselves are open.

internal sealed class MacePanelMapping : IEntityTypeConfiguration<MacePanel>
{
    public void Configure(EntityTypeBuilder<MacePanel> b)
    {
        b.ToTable("mace_panels");
        b.HasKey(p => p.Name);
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.ChairName).HasMaxLength(200);
        b.Property(p => p.CoreMembers).HasMaxLength(4000);
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}

internal sealed class PanelMeetingMapping : IEntityTypeConfiguration<PanelMeeting>
{
    public void Configure(EntityTypeBuilder<PanelMeeting> b)
    {
        b.ToTable("panel_meetings");
        b.HasIndex(m => new { m.Panel, m.MeetingOn });
        b.Property(m => m.Panel).HasMaxLength(100);
        b.Property(m => m.Status).HasMaxLength(20);
        b.Property(m => m.Minutes).HasMaxLength(20000);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne<MacePanel>().WithMany().HasForeignKey(m => m.Panel).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PanelAgendaItemMapping : IEntityTypeConfiguration<PanelAgendaItem>
{
    public void Configure(EntityTypeBuilder<PanelAgendaItem> b)
    {
        b.ToTable("panel_agenda_items");
        b.HasIndex(i => new { i.MeetingId, i.Subject }).IsUnique();
        b.Property(i => i.Subject).HasMaxLength(60);
        b.Property(i => i.AddedBy).HasMaxLength(256);
        b.HasOne<PanelMeeting>().WithMany().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PanelDiscussionMapping : IEntityTypeConfiguration<PanelDiscussion>
{
    public void Configure(EntityTypeBuilder<PanelDiscussion> b)
    {
        b.ToTable("panel_discussions");
        b.HasIndex(d => new { d.MeetingId, d.ChildId });
        b.HasIndex(d => d.ChildId);
        b.Property(d => d.Decision).HasMaxLength(4000);
        b.Property(d => d.SinceLastTime).HasMaxLength(4000);
        b.Property(d => d.RecordedBy).HasMaxLength(256);
        b.HasOne(d => d.Child).WithMany().HasForeignKey(d => d.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PanelMeeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AdultOfConcernMapping : IEntityTypeConfiguration<AdultOfConcern>
{
    public void Configure(EntityTypeBuilder<AdultOfConcern> b)
    {
        b.ToTable("adults_of_concern");
        b.HasIndex(a => a.Reference).IsUnique();
        b.Property(a => a.Reference).HasMaxLength(20);
        b.Property(a => a.Name).HasMaxLength(200);
        b.Property(a => a.Aliases).HasMaxLength(1000);
        b.Property(a => a.Description).HasMaxLength(4000);
        b.Property(a => a.Vehicles).HasMaxLength(1000);
        b.Property(a => a.PhoneNumbers).HasMaxLength(1000);
        b.Property(a => a.Area).HasMaxLength(200);
        b.Property(a => a.RecordedBy).HasMaxLength(256);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class LocationOfConcernMapping : IEntityTypeConfiguration<LocationOfConcern>
{
    public void Configure(EntityTypeBuilder<LocationOfConcern> b)
    {
        b.ToTable("locations_of_concern");
        b.HasIndex(l => l.Reference).IsUnique();
        b.Property(l => l.Reference).HasMaxLength(20);
        b.Property(l => l.Name).HasMaxLength(200);
        b.Property(l => l.Kind).HasMaxLength(40);
        b.Property(l => l.Address).HasMaxLength(500);
        b.Property(l => l.DistrictCode).HasMaxLength(9);
        b.Property(l => l.Description).HasMaxLength(4000);
        b.Property(l => l.RecordedBy).HasMaxLength(256);
        b.Property(l => l.Version).IsConcurrencyToken();
    }
}

internal sealed class DisruptionActionMapping : IEntityTypeConfiguration<DisruptionAction>
{
    public void Configure(EntityTypeBuilder<DisruptionAction> b)
    {
        b.ToTable("disruption_actions");
        b.HasIndex(a => a.MeetingId);
        b.HasIndex(a => new { a.Status, a.DueOn });
        b.Property(a => a.Panel).HasMaxLength(100);
        b.Property(a => a.OwnerAgency).HasMaxLength(200);
        b.Property(a => a.Description).HasMaxLength(2000);
        b.Property(a => a.Status).HasMaxLength(20);
        b.Property(a => a.Outcome).HasMaxLength(2000);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne<PanelMeeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Child>().WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AdultOfConcern>().WithMany().HasForeignKey(a => a.AdultId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LocationOfConcern>().WithMany().HasForeignKey(a => a.LocationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AssociationMapping : IEntityTypeConfiguration<Association>
{
    public void Configure(EntityTypeBuilder<Association> b)
    {
        b.ToTable("associations");
        b.HasIndex(a => a.FromSubject);
        b.HasIndex(a => a.ToSubject);
        b.Property(a => a.FromSubject).HasMaxLength(60);
        b.Property(a => a.ToSubject).HasMaxLength(60);
        b.Property(a => a.LinkType).HasMaxLength(40);
        b.Property(a => a.Source).HasMaxLength(40);
        b.Property(a => a.Grading).HasMaxLength(2);
        b.Property(a => a.Notes).HasMaxLength(2000);
        b.Property(a => a.RecordedBy).HasMaxLength(256);
    }
}

internal sealed class ChildFlagMapping : IEntityTypeConfiguration<ChildFlag>
{
    public void Configure(EntityTypeBuilder<ChildFlag> b)
    {
        b.ToTable("child_flags");
        b.HasIndex(f => f.ChildId);
        b.Property(f => f.Kind).HasMaxLength(40);
        b.Property(f => f.Detail).HasMaxLength(1000);
        b.Property(f => f.SourceAgency).HasMaxLength(200);
        b.Property(f => f.RecordedBy).HasMaxLength(256);
        b.HasOne(f => f.Child).WithMany().HasForeignKey(f => f.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}
