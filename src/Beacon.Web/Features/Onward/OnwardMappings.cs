using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Onward;

// The onward referrals' tables (docs/decisions/0016). Referrals and their steps are part of a child's record: the
// access rule and the audit apply through IChildRecord, not here. The directory is reference data.

internal sealed class CommunityResourceMapping : IEntityTypeConfiguration<CommunityResource>
{
    public void Configure(EntityTypeBuilder<CommunityResource> b)
    {
        b.ToTable("community_resources");
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.Name).HasMaxLength(200);
        b.Property(r => r.Kind).HasMaxLength(50);
        b.Property(r => r.Districts).HasMaxLength(1000);
        b.Property(r => r.Contact).HasMaxLength(1000);
        b.Property(r => r.ReferralRoute).HasMaxLength(2000);
        b.Property(r => r.UpdatedBy).HasMaxLength(256);
    }
}

internal sealed class OnwardReferralMapping : IEntityTypeConfiguration<OnwardReferral>
{
    public void Configure(EntityTypeBuilder<OnwardReferral> b)
    {
        b.ToTable("onward_referrals");
        b.HasIndex(r => r.ChildId);
        b.HasIndex(r => r.MadeOn);
        b.Property(r => r.Source).HasMaxLength(20);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.Notes).HasMaxLength(2000);
        b.Property(r => r.MadeBy).HasMaxLength(256);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasOne(r => r.Child).WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(r => r.Resource).WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OnwardReferralStepMapping : IEntityTypeConfiguration<OnwardReferralStep>
{
    public void Configure(EntityTypeBuilder<OnwardReferralStep> b)
    {
        b.ToTable("onward_referral_steps");
        b.HasIndex(s => s.OnwardReferralId);
        b.HasIndex(s => s.ChildId);
        b.Property(s => s.Status).HasMaxLength(20);
        b.Property(s => s.Note).HasMaxLength(2000);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.HasOne(s => s.Child).WithMany().HasForeignKey(s => s.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OnwardReferral>().WithMany().HasForeignKey(s => s.OnwardReferralId).OnDelete(DeleteBehavior.Cascade);
    }
}
