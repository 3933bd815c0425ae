using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Infrastructure.Jobs;

// The scheduled jobs' leases (docs/decisions/0016).

internal sealed class ScheduledJobMapping : IEntityTypeConfiguration<ScheduledJob>
{
    public void Configure(EntityTypeBuilder<ScheduledJob> b)
    {
        b.ToTable("scheduled_jobs");
        b.HasKey(j => j.Name);
        b.Property(j => j.Name).HasMaxLength(100);
        b.Property(j => j.LeaseOwner).HasMaxLength(200);
        b.Property(j => j.LastOutcome).HasMaxLength(500);
    }
}
