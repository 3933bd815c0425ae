using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.SupportPlans;

// The safety and support plan's tables (docs/decisions/0016, 0023). Both are part of a child's record: the access rule
// and the audit apply through IChildRecord, not here.

internal sealed class SafetyPlanMapping : IEntityTypeConfiguration<SafetyPlan>
{
    public void Configure(EntityTypeBuilder<SafetyPlan> b)
    {
        b.ToTable("safety_plans");
        b.HasIndex(p => new { p.ChildId, p.Version }).IsUnique();
        b.Property(p => p.Risks).HasMaxLength(4000);
        b.Property(p => p.KeepsMeSafe).HasMaxLength(4000);
        b.Property(p => p.TrustedAdults).HasMaxLength(4000);
        b.Property(p => p.PlacesToAvoid).HasMaxLength(4000);
        b.Property(p => p.SavedBy).HasMaxLength(256);
        b.HasOne(p => p.Child).WithMany().HasForeignKey(p => p.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SafetyPlanActionMapping : IEntityTypeConfiguration<SafetyPlanAction>
{
    public void Configure(EntityTypeBuilder<SafetyPlanAction> b)
    {
        b.ToTable("safety_plan_actions");
        b.HasIndex(a => new { a.PlanId, a.Position }).IsUnique();
        b.HasIndex(a => new { a.OwnerOrganisationId, a.IsCurrent, a.DueOn });
        b.HasIndex(a => a.ChildId);
        b.Property(a => a.Action).HasMaxLength(1000);
        b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<SafetyPlan>().WithMany().HasForeignKey(a => a.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OwnerOrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FamilyGoalProgressMapping : IEntityTypeConfiguration<FamilyGoalProgress>
{
    public void Configure(EntityTypeBuilder<FamilyGoalProgress> b)
    {
        b.ToTable("family_goal_progress");
        b.HasIndex(p => new { p.GoalId, p.RecordedOn }).IsUnique();
        b.HasIndex(p => p.ChildId);
        b.Property(p => p.Note).HasMaxLength(1000);
        b.Property(p => p.RecordedBy).HasMaxLength(256);
        b.HasOne(p => p.Child).WithMany().HasForeignKey(p => p.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<KeyWork.FamilyGoal>().WithMany().HasForeignKey(p => p.GoalId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FamilySessionMemberMapping : IEntityTypeConfiguration<FamilySessionMember>
{
    public void Configure(EntityTypeBuilder<FamilySessionMember> b)
    {
        b.ToTable("family_session_members");
        b.HasIndex(m => new { m.SessionId, m.FamilyMemberId }).IsUnique();
        b.HasIndex(m => m.ChildId);
        b.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<KeyWork.KeyWorkSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<KeyWork.FamilyMember>().WithMany().HasForeignKey(m => m.FamilyMemberId).OnDelete(DeleteBehavior.Cascade);
    }
}
