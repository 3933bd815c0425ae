using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Missing;

// Missing episodes, possible matches and notification import runs (docs/decisions/0016). Episodes and matches are part
// of a child's record (IChildRecord); an import run belongs to its uploader (BeaconDbContext.AccessFilters.cs).

internal sealed class EpisodeMapping : IEntityTypeConfiguration<Episode>
{
    public void Configure(EntityTypeBuilder<Episode> b)
    {
        b.ToTable("episodes");
        // A police reference is the notifying force's (migration 0019): unique per force, and among those entered
        // without a force.
        b.HasIndex(e => new { e.PoliceReference, e.NotifyingPoliceForceId }).IsUnique();
        b.HasIndex(e => e.PoliceReference).IsUnique().HasFilter("notifying_police_force_id IS NULL").HasDatabaseName("ix_episodes_police_reference_unattributed");
        b.HasIndex(e => new { e.PolicePersonId, e.NotifyingPoliceForceId });
        b.HasIndex(e => e.ChildId);
        b.HasIndex(e => e.ReturnInterviewId);
        b.HasIndex(e => new { e.NotifiedAt, e.HostDistrictCode }); // covers the return's count of last year's notifications by district (migration 0016)
        b.Property(e => e.PoliceReference).HasMaxLength(50);
        b.Property(e => e.PolicePersonId).HasMaxLength(50);
        b.Property(e => e.GivenName).HasMaxLength(100);
        b.Property(e => e.FamilyName).HasMaxLength(100);
        b.Property(e => e.Gender).HasMaxLength(20);
        b.Property(e => e.EthnicityCode).HasMaxLength(4);
        b.Property(e => e.NhsNumber).HasMaxLength(10);
        b.Property(e => e.HostDistrictCode).HasMaxLength(9);
        b.Property(e => e.LivingSituation).HasMaxLength(20);
        b.Property(e => e.MissingOrAbsent).HasMaxLength(1);
        b.Property(e => e.PoliceRisk).HasMaxLength(20);
        b.Property(e => e.Circumstances).HasMaxLength(4000);
        b.Property(e => e.CoverReason).HasMaxLength(500);
        b.Property(e => e.Source).HasMaxLength(10);
        b.HasOne(e => e.Child).WithMany().HasForeignKey(e => e.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Area>().WithMany().HasForeignKey(e => e.HostDistrictCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(e => e.ResponsibleAuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ReturnInterview>().WithMany().HasForeignKey(e => e.ReturnInterviewId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MatchProposalMapping : IEntityTypeConfiguration<MatchProposal>
{
    public void Configure(EntityTypeBuilder<MatchProposal> b)
    {
        b.ToTable("match_proposals");
        b.HasIndex(m => m.ChildId);
        b.HasIndex(m => m.CandidateChildId);
        b.Property(m => m.Reason).HasMaxLength(200);
        b.Property(m => m.Status).HasMaxLength(20);
        b.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Child>().WithMany().HasForeignKey(m => m.CandidateChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ImportRunMapping : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.ToTable("import_runs");
        b.HasIndex(r => new { r.Status, r.CreatedAt });
        b.Property(r => r.FileName).HasMaxLength(260);
        b.Property(r => r.Status).HasMaxLength(20);
        b.Property(r => r.Kind).HasMaxLength(40);
        b.Property(r => r.LeaseOwner).HasMaxLength(200);
        b.Property(r => r.FileProblem).HasMaxLength(1000);
        b.Ignore(r => r.ProblemList);
        b.HasOne<BeaconUser>().WithMany().HasForeignKey(r => r.UploadedById).OnDelete(DeleteBehavior.Cascade);
    }
}
