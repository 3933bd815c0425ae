using Beacon.Web.Features.Missing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Children;

// Authority changes (docs/decisions/0016): part of a child's record, filtered and audited through IChildRecord.

internal sealed class AuthorityChangeMapping : IEntityTypeConfiguration<AuthorityChange>
{
    public void Configure(EntityTypeBuilder<AuthorityChange> b)
    {
        b.ToTable("authority_changes");
        b.HasIndex(a => a.ChildId);
        b.HasIndex(a => a.EpisodeId);
        b.HasIndex(a => a.Status);
        b.Property(a => a.HostDistrictCode).HasMaxLength(9);
        b.Property(a => a.LivingSituation).HasMaxLength(20);
        b.Property(a => a.Status).HasMaxLength(20);
        b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Episode>().WithMany().HasForeignKey(a => a.EpisodeId).OnDelete(DeleteBehavior.Restrict);
    }
}
