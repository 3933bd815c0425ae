using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Alerts;

// Alerts and e-mail preferences (docs/decisions/0016). An alert belongs to one user: its filter is a named exception in
// BeaconDbContext.AccessFilters.cs.

internal sealed class AlertMapping : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.ToTable("alerts");
        b.HasIndex(a => a.Key).IsUnique();
        b.HasIndex(a => new { a.UserId, a.ReadAt });
        b.HasIndex(a => a.EmailState);
        b.Property(a => a.Kind).HasMaxLength(40);
        b.Property(a => a.Key).HasMaxLength(200);
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.Link).HasMaxLength(300);
        b.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlertEmailPreferenceMapping : IEntityTypeConfiguration<AlertEmailPreference>
{
    public void Configure(EntityTypeBuilder<AlertEmailPreference> b)
    {
        b.ToTable("alert_email_preferences");
        b.HasKey(p => new { p.UserId, p.Kind });
        b.Property(p => p.Kind).HasMaxLength(40);
        b.HasOne<BeaconUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
