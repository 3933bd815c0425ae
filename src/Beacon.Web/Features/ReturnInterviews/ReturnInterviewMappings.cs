using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.ReturnInterviews;

// Return interviews, their attempts and shares (docs/decisions/0016): part of a child's record, filtered and audited
// through IChildRecord, not here.

internal sealed class ReturnInterviewMapping : IEntityTypeConfiguration<ReturnInterview>
{
    public void Configure(EntityTypeBuilder<ReturnInterview> b)
    {
        b.ToTable("return_interviews");
        b.HasIndex(r => r.Reference).IsUnique();
        b.HasIndex(r => r.ChildId);
        b.HasIndex(r => new { r.Status, r.DueAt });

        // The work list: open interviews (awaiting offer or offered), soonest due first, read in index order.
        b.HasIndex(r => r.DueAt).HasFilter("status IN (1, 2)");

        // Its total and its sort by child: open interviews by child (issue #17 §2). On PostgreSQL it carries the columns
        // the list shows, so a sort on the district or worker reads the open interviews from it (migration 0039).
        b.HasIndex(r => r.ChildId, "ix_return_interviews_open_child_id").HasFilter("status IN (1, 2)")
            .IncludeProperties(r => new { r.Id, r.Reference, r.Status, r.DueAt, r.AssignedToId, r.IsSpotPurchase });
        b.HasIndex(r => r.AssignedToId);
        b.HasIndex(r => r.LegacyReference);
        b.HasIndex(r => r.PurchasedById);
        b.HasOne<Organisation>().WithMany().HasForeignKey(r => r.PurchasedById).OnDelete(DeleteBehavior.Restrict);
        foreach (var code in new[] { nameof(ReturnInterview.DeclinedBy), nameof(ReturnInterview.NotOfferedReason), nameof(ReturnInterview.Method), nameof(ReturnInterview.Venue), nameof(ReturnInterview.PrimaryReason) })
        {
            b.Property<string?>(code).HasMaxLength(30);
        }

        b.Property(r => r.Reference).HasMaxLength(20);
        b.Property(r => r.LegacyReference).HasMaxLength(50);
        b.Property(r => r.Reasons).HasMaxLength(300);
        b.Property(r => r.ExploitationIndicators).HasMaxLength(300);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasOne(r => r.Child).WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RhiAttemptMapping : IEntityTypeConfiguration<RhiAttempt>
{
    public void Configure(EntityTypeBuilder<RhiAttempt> b)
    {
        b.ToTable("rhi_attempts");
        b.HasIndex(a => a.ReturnInterviewId);
        b.Property(a => a.Method).HasMaxLength(20);
        b.Property(a => a.Outcome).HasMaxLength(20);
        b.Property(a => a.Note).HasMaxLength(2000);
        b.Property(a => a.RecordedByName).HasMaxLength(256);
        b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ReturnInterview>().WithMany().HasForeignKey(a => a.ReturnInterviewId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RhiShareMapping : IEntityTypeConfiguration<RhiShare>
{
    public void Configure(EntityTypeBuilder<RhiShare> b)
    {
        b.ToTable("rhi_shares");
        b.HasIndex(s => new { s.ReturnInterviewId, s.OrganisationId }).IsUnique();
        b.HasOne(s => s.Child).WithMany().HasForeignKey(s => s.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ReturnInterview>().WithMany().HasForeignKey(s => s.ReturnInterviewId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
