using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Contract;

// The contract view's tables (issue #18, docs/decisions/0020). Money is integer pence (long), never floating point; KPI
// figures are thousandths (long) so a target of 72.5% is 72500.

/// <summary>The commissioning contract: its name and term.</summary>
public sealed class CommissioningContract
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public LocalDate StartsOn { get; set; }

    /// <summary>The last day of the term.</summary>
    public LocalDate EndsOn { get; set; }
}

/// <summary>A commissioning partner (a council, the commissioner's office) and its contribution over the term.</summary>
public sealed class ContractPartner
{
    public Guid Id { get; set; }

    public Guid ContractId { get; set; }

    public Guid OrganisationId { get; set; }

    public long ContributionPence { get; set; }
}

/// <summary>The ring-fenced budget of one council for one financial year.</summary>
public sealed class RingFencedBudget
{
    public Guid Id { get; set; }

    public Guid ContractId { get; set; }

    public Guid OrganisationId { get; set; }

    public int FinancialYear { get; set; }

    public long AmountPence { get; set; }
}

/// <summary>A line of spend against a council's ring-fenced budget.</summary>
public sealed class SpendLine
{
    public Guid Id { get; set; }

    public LocalDate SpentOn { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>One of <see cref="Codes.SpendCategory"/>.</summary>
    public required string Category { get; set; }

    public long AmountPence { get; set; }

    public string? Note { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>The hardship fund's pot for one financial year.</summary>
public sealed class HardshipPot
{
    public Guid Id { get; set; }

    public int FinancialYear { get; set; }

    public long AmountPence { get; set; }
}

/// <summary>A hardship payment to a child or the child's family: requested by one person, approved by a manager who is
/// someone else. Part of the child's record (its access rule and change audit apply).</summary>
public sealed class HardshipPayment : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    /// <summary><c>child</c> or <c>family</c>.</summary>
    public required string Recipient { get; set; }

    public long AmountPence { get; set; }

    /// <summary>One of <see cref="Codes.HardshipPurpose"/>.</summary>
    public required string Purpose { get; set; }

    public LocalDate PaidOn { get; set; }

    public int FinancialYear { get; set; }

    /// <summary>The child's district when the payment was requested (for the report by district).</summary>
    public required string DistrictCode { get; set; }

    public Guid RequestedById { get; set; }

    public required string RequestedBy { get; set; }

    public Guid? ApprovedById { get; set; }

    public string? ApprovedBy { get; set; }

    public Instant? ApprovedAt { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>One version of a KPI's target and RAG thresholds for a council and a financial year, set by the service
/// manager. A change adds a version; the highest is in force.</summary>
public sealed class KpiTarget
{
    public Guid Id { get; set; }

    public required string Indicator { get; set; }

    public int FinancialYear { get; set; }

    public Guid OrganisationId { get; set; }

    public int Version { get; set; }

    public long TargetMilli { get; set; }

    /// <summary>Green at or beyond this (in the indicator's better direction).</summary>
    public long GreenMilli { get; set; }

    /// <summary>Amber at or beyond this; red otherwise.</summary>
    public long AmberMilli { get; set; }

    public required string SetBy { get; set; }

    public Instant SetAt { get; set; }
}

/// <summary>A published national benchmark for an indicator, with its source and date.</summary>
public sealed class KpiBenchmark
{
    public Guid Id { get; set; }

    public required string Indicator { get; set; }

    public long ValueMilli { get; set; }

    public required string Source { get; set; }

    public LocalDate PublishedOn { get; set; }

    public required string EnteredBy { get; set; }

    public Instant EnteredAt { get; set; }
}

/// <summary>The price a council pays per spot-purchased RHI in a financial year.</summary>
public sealed class SpotPurchasePrice
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public int FinancialYear { get; set; }

    public long PricePence { get; set; }

    /// <summary>Who last set the price (the provider's service manager); null for reference data.</summary>
    public string? SetBy { get; set; }

    public Instant? SetAt { get; set; }
}
