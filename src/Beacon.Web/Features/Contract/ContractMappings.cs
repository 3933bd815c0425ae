using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Features.Contract;

// The contract view's tables (docs/decisions/0016, 0020). Only hardship payments belong to a child (IChildRecord); the
// rest are figures about the contract.

internal sealed class CommissioningContractMapping : IEntityTypeConfiguration<CommissioningContract>
{
    public void Configure(EntityTypeBuilder<CommissioningContract> b)
    {
        b.ToTable("contracts");
        b.Property(c => c.Name).HasMaxLength(200);
    }
}

internal sealed class ContractPartnerMapping : IEntityTypeConfiguration<ContractPartner>
{
    public void Configure(EntityTypeBuilder<ContractPartner> b)
    {
        b.ToTable("contract_partners");
        b.HasIndex(p => new { p.ContractId, p.OrganisationId }).IsUnique();
        b.HasOne<CommissioningContract>().WithMany().HasForeignKey(p => p.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RingFencedBudgetMapping : IEntityTypeConfiguration<RingFencedBudget>
{
    public void Configure(EntityTypeBuilder<RingFencedBudget> b)
    {
        b.ToTable("ring_fenced_budgets");
        b.HasIndex(x => new { x.OrganisationId, x.FinancialYear }).IsUnique();
        b.HasIndex(x => x.ContractId);
        b.HasOne<CommissioningContract>().WithMany().HasForeignKey(x => x.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SpendLineMapping : IEntityTypeConfiguration<SpendLine>
{
    public void Configure(EntityTypeBuilder<SpendLine> b)
    {
        b.ToTable("spend_lines");
        b.HasIndex(s => new { s.OrganisationId, s.SpentOn });
        b.Property(s => s.Category).HasMaxLength(30);
        b.Property(s => s.Note).HasMaxLength(500);
        b.Property(s => s.RecordedBy).HasMaxLength(256);
        b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class HardshipPotMapping : IEntityTypeConfiguration<HardshipPot>
{
    public void Configure(EntityTypeBuilder<HardshipPot> b)
    {
        b.ToTable("hardship_pots");
        b.HasIndex(p => p.FinancialYear).IsUnique();
    }
}

internal sealed class HardshipPaymentMapping : IEntityTypeConfiguration<HardshipPayment>
{
    public void Configure(EntityTypeBuilder<HardshipPayment> b)
    {
        b.ToTable("hardship_payments");
        b.HasIndex(p => p.ChildId);
        b.HasIndex(p => p.FinancialYear);
        b.Property(p => p.Recipient).HasMaxLength(10);
        b.Property(p => p.Purpose).HasMaxLength(30);
        b.Property(p => p.DistrictCode).HasMaxLength(9);
        b.Property(p => p.RequestedBy).HasMaxLength(256);
        b.Property(p => p.ApprovedBy).HasMaxLength(256);
        b.HasOne(p => p.Child).WithMany().HasForeignKey(p => p.ChildId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class KpiTargetMapping : IEntityTypeConfiguration<KpiTarget>
{
    public void Configure(EntityTypeBuilder<KpiTarget> b)
    {
        b.ToTable("kpi_targets");
        b.HasIndex(t => new { t.Indicator, t.FinancialYear, t.OrganisationId, t.Version }).IsUnique();
        b.Property(t => t.Indicator).HasMaxLength(60);
        b.Property(t => t.SetBy).HasMaxLength(256);
        b.HasOne<Organisation>().WithMany().HasForeignKey(t => t.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class KpiBenchmarkMapping : IEntityTypeConfiguration<KpiBenchmark>
{
    public void Configure(EntityTypeBuilder<KpiBenchmark> b)
    {
        b.ToTable("kpi_benchmarks");
        b.HasIndex(x => x.Indicator);
        b.Property(x => x.Indicator).HasMaxLength(60);
        b.Property(x => x.Source).HasMaxLength(500);
        b.Property(x => x.EnteredBy).HasMaxLength(256);
    }
}

internal sealed class SpotPurchasePriceMapping : IEntityTypeConfiguration<SpotPurchasePrice>
{
    public void Configure(EntityTypeBuilder<SpotPurchasePrice> b)
    {
        b.ToTable("spot_purchase_prices");
        b.Property(x => x.SetBy).HasMaxLength(256);
        b.HasIndex(x => new { x.OrganisationId, x.FinancialYear }).IsUnique();
        b.HasOne<Organisation>().WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}
