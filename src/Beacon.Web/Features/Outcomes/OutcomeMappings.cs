using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Outcomes;

// The outcome measure's tables (docs/decisions/0016). Readings and scores are part of a child's record: the access
// rule and the audit apply through IChildRecord, not here.

internal sealed class OutcomeFrameworkMapping : IEntityTypeConfiguration<OutcomeFrameworkVersion>
{
    public void Configure(EntityTypeBuilder<OutcomeFrameworkVersion> b)
    {
        b.ToTable("outcome_frameworks");
        b.HasKey(f => f.Version);
        b.Property(f => f.Version).ValueGeneratedNever();
        b.Property(f => f.Name).HasMaxLength(200);
        b.Property(f => f.PublishedBy).HasMaxLength(256);
    }
}

internal sealed class OutcomeReadingMapping : IEntityTypeConfiguration<OutcomeReading>
{
    public void Configure(EntityTypeBuilder<OutcomeReading> b)
    {
        b.ToTable("outcome_readings");
        b.HasIndex(r => new { r.ChildId, r.TakenOn }).IsUnique();
        b.Property(r => r.NextSteps).HasMaxLength(4000);
        b.Property(r => r.TakenBy).HasMaxLength(256);
        b.Property(r => r.Source).HasMaxLength(20);
        b.HasOne(r => r.Child).WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OutcomeFrameworkVersion>().WithMany().HasForeignKey(r => r.FrameworkVersion).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutcomeScoreMapping : IEntityTypeConfiguration<OutcomeScore>
{
    public void Configure(EntityTypeBuilder<OutcomeScore> b)
    {
        b.ToTable("outcome_scores");
        b.HasIndex(s => new { s.ReadingId, s.Area }).IsUnique();
        b.HasIndex(s => s.ChildId);
        b.Property(s => s.Area).HasMaxLength(50);
        b.Property(s => s.ChildWords).HasMaxLength(2000);
        b.Property(s => s.Notes).HasMaxLength(2000);
        b.HasOne(s => s.Child).WithMany().HasForeignKey(s => s.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<OutcomeReading>().WithMany().HasForeignKey(s => s.ReadingId).OnDelete(DeleteBehavior.Cascade);
    }
}
