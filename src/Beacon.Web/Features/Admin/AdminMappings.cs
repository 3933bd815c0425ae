using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Admin;

// Role grants awaiting a second administrator (docs/decisions/0016).

internal sealed class PendingRoleGrantMapping : IEntityTypeConfiguration<PendingRoleGrant>
{
    public void Configure(EntityTypeBuilder<PendingRoleGrant> b)
    {
        b.ToTable("pending_role_grants");
        b.HasIndex(g => g.UserId);
        b.Property(g => g.Roles).HasMaxLength(300);
        b.Property(g => g.RequestedBy).HasMaxLength(256);
        b.Property(g => g.DecidedBy).HasMaxLength(256);
        b.HasOne(g => g.User).WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
