using Beacon.Domain.Contract;
using Beacon.Domain.Organisations;
using Beacon.Domain.Reporting;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>A hardship payment as entered on the form.</summary>
public sealed record HardshipInput(Guid ChildId, string? Recipient, string? Amount, string? Purpose, string? PaidOn);

/// <summary>The fund for a year: pot, requested or approved so far, balance, and the counts of the report.</summary>
public sealed record HardshipReport(int FinancialYear, long PotPence, long CommittedPence, long ApprovedPence, int Payments, int Children, int Families,
    IReadOnlyList<(string District, int Payments, long Pence)> ByDistrict, IReadOnlyList<(string Purpose, int Payments, long Pence)> ByPurpose)
{
    public long BalancePence => PotPence - CommittedPence;
}

/// <summary>A payment waiting for a manager's approval (names the child: only for those who may see it).</summary>
public sealed record PendingPayment(Guid Id, Guid ChildId, string Child, string Recipient, long AmountPence, string Purpose, LocalDate PaidOn, string RequestedBy, bool MayApprove);

/// <summary>
/// The hardship fund (issue #18 §4): small payments to children or families, from a pot per financial year. A payment is
/// requested by a provider caseworker and approved by a manager who did not request it; a request that would overdraw
/// the pot (counting every payment already requested or approved that year) is refused and nothing is saved.
/// </summary>
public sealed class HardshipFund(BeaconDbContext db, CurrentActor actor, AuditLog audit, IClock clock)
{
    private const long HardshipLockKey = 0x42_45_41_43_4F_4E_18; // "BEACON" + issue 18

    public bool MayRequest => actor.OrganisationCode == "PROVIDER" && (actor.IsInRole(Roles.Practitioner) || actor.IsInRole(Roles.TeamManager) || actor.IsInRole(Roles.ServiceManager));

    public bool MayApproveAny => actor.OrganisationCode == "PROVIDER" && (actor.IsInRole(Roles.TeamManager) || actor.IsInRole(Roles.ServiceManager));

    public async Task<(Guid? Id, IReadOnlyList<FieldError> Errors)> RequestAsync(HardshipInput input, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Id == input.ChildId, cancellationToken);
        if (!MayRequest || child is null || actor.UserId is not { } userId)
        {
            return (null, [new FieldError("Amount", "Only the provider's caseworkers can request a hardship payment for a child they may see")]);
        }

        var errors = new List<FieldError>();
        var paidOn = DateEntry.Parse(input.PaidOn);
        if (paidOn is null)
        {
            errors.Add(new FieldError("PaidOn", string.IsNullOrWhiteSpace(input.PaidOn) ? "Enter the date of the payment" : "The date of the payment must be a real date"));
        }

        if (input.Recipient is not ("child" or "family"))
        {
            errors.Add(new FieldError("Recipient", "Select whether the payment is to the child or the family"));
        }

        if (input.Purpose is null || !Codes.HardshipPurpose.ContainsKey(input.Purpose))
        {
            errors.Add(new FieldError("Purpose", "Select the purpose of the payment"));
        }

        var pence = Money.ParsePence(input.Amount);
        if (pence is null)
        {
            errors.Add(new FieldError("Amount", "Enter the amount in pounds and pence, like 25.00"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var year = FinancialYear.Of(paidOn!.Value);
        var payment = new HardshipPayment
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            Recipient = input.Recipient!,
            AmountPence = pence!.Value,
            Purpose = input.Purpose!,
            PaidOn = paidOn!.Value,
            FinancialYear = year,
            DistrictCode = child.HostDistrictCode,
            RequestedById = userId,
            RequestedBy = actor.UserName,
            CreatedAt = clock.GetCurrentInstant(),
        };

        // The balance is read and the payment saved in one transaction, one request at a time (an advisory lock on
        // PostgreSQL; SQLite has one writer), so two requests cannot both spend the last of the pot.
        var strategy = db.Database.CreateExecutionStrategy();
        var refusal = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({HardshipLockKey})", cancellationToken);
            }

            var pot = await db.Set<HardshipPot>().Where(p => p.FinancialYear == year).Select(p => (long?)p.AmountPence).SingleOrDefaultAsync(cancellationToken) ?? 0;
            var committed = await db.Set<HardshipPayment>().IgnoreQueryFilters().Where(p => p.FinancialYear == year).SumAsync(p => p.AmountPence, cancellationToken);
            if (HardshipRules.Refusal(pot, committed, payment.AmountPence) is { } why)
            {
                return why;
            }

            db.ChangeTracker.Clear();
            db.Set<HardshipPayment>().Add(payment);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        });
        if (refusal is not null)
        {
            await audit.RecordAsync("create", nameof(HardshipPayment), child.Id.ToString(), "refused", refusal, cancellationToken);
            return (null, [new FieldError("Amount", refusal)]);
        }

        return (payment.Id, []);
    }

    /// <summary>A payment as the child's timeline shows it.</summary>
    public static string TimelineText(HardshipPayment p) =>
        $"{Money.Format(p.AmountPence)} to the {p.Recipient} for {Codes.HardshipPurpose.Label(p.Purpose).ToLowerInvariant()}, requested by {p.RequestedBy}, {(p.ApprovedBy is null ? "awaiting approval" : $"approved by {p.ApprovedBy}")}";

    /// <summary>Approves a requested payment: a team or service manager at the provider who did not request it.</summary>
    public async Task<string?> ApproveAsync(Guid paymentId, CancellationToken cancellationToken = default)
    {
        var payment = await db.Set<HardshipPayment>().SingleOrDefaultAsync(p => p.Id == paymentId, cancellationToken);
        if (payment is null || !MayApproveAny || actor.UserId is not { } userId)
        {
            return "Only a manager at the provider can approve a hardship payment";
        }

        if (!HardshipRules.MayApprove(payment.RequestedById, userId))
        {
            await audit.RecordAsync("approve", nameof(HardshipPayment), payment.Id.ToString(), "denied", "own request", cancellationToken);
            return "You cannot approve a payment you requested: another manager must approve it";
        }

        if (payment.ApprovedAt is not null)
        {
            return null;
        }

        (payment.ApprovedById, payment.ApprovedBy, payment.ApprovedAt) = (userId, actor.UserName, clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Payments waiting for approval that the caller may see (the access filter applies).</summary>
    public async Task<IReadOnlyList<PendingPayment>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<HardshipPayment>().AsNoTracking().Where(p => p.ApprovedAt == null).OrderBy(p => p.CreatedAt)
            .Select(p => new { p.Id, p.ChildId, Name = p.Child!.GivenName + " " + p.Child.FamilyName, p.Recipient, p.AmountPence, p.Purpose, p.PaidOn, p.RequestedBy, p.RequestedById })
            .ToListAsync(cancellationToken);
        await audit.RecordListAsync(nameof(HardshipPayment), "pending", rows.Select(r => r.Id.ToString()), cancellationToken);
        return [.. rows.Select(r => new PendingPayment(r.Id, r.ChildId, r.Name, r.Recipient, r.AmountPence, r.Purpose, r.PaidOn, r.RequestedBy, MayApproveAny && r.RequestedById != actor.UserId))];
    }

    /// <summary>The fund's figures for a year (counts only: every payment, whoever asks).</summary>
    public async Task<HardshipReport> ReportAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var pot = await db.Set<HardshipPot>().AsNoTracking().Where(p => p.FinancialYear == financialYear).Select(p => (long?)p.AmountPence).SingleOrDefaultAsync(cancellationToken) ?? 0;
        var payments = await db.Set<HardshipPayment>().IgnoreQueryFilters().AsNoTracking().Where(p => p.FinancialYear == financialYear)
            .Select(p => new { p.ChildId, p.Recipient, p.AmountPence, p.Purpose, p.DistrictCode, Approved = p.ApprovedAt != null }).ToListAsync(cancellationToken);
        var districts = await db.Areas.AsNoTracking().ToDictionaryAsync(a => a.GssCode, a => a.Name, cancellationToken);
        var approved = payments.Where(p => p.Approved).ToList();
        return new HardshipReport(financialYear, pot, payments.Sum(p => p.AmountPence), approved.Sum(p => p.AmountPence), approved.Count,
            approved.Where(p => p.Recipient == "child").Select(p => p.ChildId).Distinct().Count(), approved.Where(p => p.Recipient == "family").Select(p => p.ChildId).Distinct().Count(),
            [.. approved.GroupBy(p => districts.GetValueOrDefault(p.DistrictCode, p.DistrictCode)).OrderBy(g => g.Key).Select(g => (g.Key, g.Count(), g.Sum(p => p.AmountPence)))],
            [.. approved.GroupBy(p => Codes.HardshipPurpose.Label(p.Purpose)).OrderBy(g => g.Key).Select(g => (g.Key, g.Count(), g.Sum(p => p.AmountPence)))]);
    }
}
