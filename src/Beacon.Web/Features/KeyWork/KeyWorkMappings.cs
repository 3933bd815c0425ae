using Beacon.Web.Features.Exploitation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.KeyWork;

// Key work's tables (docs/decisions/0016). Each is part of a child's record: the access rule and the audit apply
// through IChildRecord, not here.

internal sealed class RiskReviewMapping : IEntityTypeConfiguration<RiskReview>
{
    public void Configure(EntityTypeBuilder<RiskReview> b)
    {
        b.ToTable("risk_reviews");
        b.HasIndex(r => r.ReferralId);
        b.HasIndex(r => r.ChildId);
        b.Property(r => r.Note).HasMaxLength(2000);
        b.Property(r => r.ReviewedBy).HasMaxLength(256);
        b.HasOne(r => r.Child).WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Referral>().WithMany().HasForeignKey(r => r.ReferralId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class KeyWorkSessionMapping : IEntityTypeConfiguration<KeyWorkSession>
{
    public void Configure(EntityTypeBuilder<KeyWorkSession> b)
    {
        b.ToTable("key_work_sessions");
        b.HasIndex(s => s.ReferralId);
        b.HasIndex(s => s.ChildId);
        b.Property(s => s.WorkType).HasMaxLength(30);
        b.Property(s => s.Notes).HasMaxLength(4000);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.HasOne(s => s.Child).WithMany().HasForeignKey(s => s.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Referral>().WithMany().HasForeignKey(s => s.ReferralId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FamilyMemberMapping : IEntityTypeConfiguration<FamilyMember>
{
    public void Configure(EntityTypeBuilder<FamilyMember> b)
    {
        b.ToTable("family_members");
        b.HasIndex(m => m.ChildId);
        b.Property(m => m.Name).HasMaxLength(200);
        b.Property(m => m.Relationship).HasMaxLength(100);
        b.Property(m => m.Notes).HasMaxLength(1000);
        b.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FamilyGoalMapping : IEntityTypeConfiguration<FamilyGoal>
{
    public void Configure(EntityTypeBuilder<FamilyGoal> b)
    {
        b.ToTable("family_goals");
        b.HasIndex(g => g.ChildId);
        b.Property(g => g.Goal).HasMaxLength(1000);
        b.Property(g => g.Status).HasMaxLength(20);
        b.Property(g => g.Measure).HasMaxLength(20);
        b.Property(g => g.Version).IsConcurrencyToken();
        b.HasOne(g => g.Child).WithMany().HasForeignKey(g => g.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}
