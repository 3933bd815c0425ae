using System.Globalization;
using System.Text;
using Beacon.Domain.Contract;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Contract;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.SpotPurchase;

/// <summary>A purchasing council's price for a financial year (null when none is set).</summary>
public sealed record SpotPurchasePriceLine(Guid OrganisationId, string Council, int DfeNumber, long? PricePence, string? SetBy, Instant? SetAt);

/// <summary>One charged RHI on an invoice: its reference, the date of the child's return and the price in force.</summary>
public sealed record InvoiceLine(string Reference, LocalDate ReturnedOn, long? PricePence);

/// <summary>A purchasing council's invoice for a calendar month.</summary>
public sealed record SpotPurchaseInvoice(string Council, int DfeNumber, YearMonth Month, IReadOnlyList<InvoiceLine> Lines)
{
    public long TotalPence => Lines.Sum(l => l.PricePence ?? 0);

    /// <summary>Lines with no price set for their financial year (charged at nothing until the price is set).</summary>
    public int Unpriced => Lines.Count(l => l.PricePence is null);
}

/// <summary>A purchasing council's spot purchases in a financial year: RHIs charged and their total (figures only).</summary>
public sealed record SpotPurchaseYear(string Council, int DfeNumber, int Rhis, long ChargedPence, int Unpriced);

/// <summary>
/// Spot purchases charged (issue #18 §5, docs/decisions/0026). Each purchasing council has a price per RHI per financial
/// year, set by the provider's service manager (who and when kept on the price, each change in the audit log). An RHI is
/// charged to the council that bought it at the price in force for the financial year of the child's return (a London
/// date), in whole pence; an RHI closed as not offered (a duplicate, the child turned 18…) is not charged. The monthly
/// invoice lists the month's charged RHIs by reference, date and price only — no names — and is for the provider's
/// managers and for that council's own caseworkers and managers, never another council's.
/// </summary>
public sealed class SpotPurchaseCharges(BeaconDbContext db, CurrentActor actor, AuditLog audit, IClock clock)
{
    public static readonly string[] InvoiceColumns = ["reference", "returned_on", "price_pence"];

    public bool MaySetPrices => actor.OrganisationCode == "PROVIDER" && actor.IsInRole(Roles.ServiceManager);

    /// <summary>The provider's team and service managers read every council's invoices; a council's caseworkers and
    /// managers read their own council's; the console (<c>beacon report spot-purchase-invoices</c>) every council's.</summary>
    public bool MayReadInvoices(Guid councilId) => actor.IsSystem
        || (actor.OrganisationCode == "PROVIDER" && (actor.IsInRole(Roles.ServiceManager) || actor.IsInRole(Roles.TeamManager)))
        || (actor.OrganisationId == councilId && actor.Principal is { } user && Policies.IsCouncilCaseworker(user));

    /// <summary>The councils of the partnership (those with a DfE number) and their price for the year.</summary>
    public async Task<IReadOnlyList<SpotPurchasePriceLine>> PricesAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var councils = await db.Organisations.AsNoTracking().Where(o => o.DfeLaNumber != null && o.Kind == OrganisationKind.LocalAuthority).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name, o.DfeLaNumber }).ToListAsync(cancellationToken);
        var prices = await db.Set<SpotPurchasePrice>().AsNoTracking().Where(p => p.FinancialYear == financialYear).ToDictionaryAsync(p => p.OrganisationId, cancellationToken);
        return [.. councils.Select(c => prices.GetValueOrDefault(c.Id) is { } p
            ? new SpotPurchasePriceLine(c.Id, c.Name, c.DfeLaNumber!.Value, p.PricePence, p.SetBy, p.SetAt)
            : new SpotPurchasePriceLine(c.Id, c.Name, c.DfeLaNumber!.Value, null, null, null))];
    }

    /// <summary>Sets a council's price for a financial year (the service manager; audited with the old and new price).</summary>
    public async Task<IReadOnlyList<FieldError>> SetPriceAsync(Guid councilId, int financialYear, string? amount, CancellationToken cancellationToken = default)
    {
        if (!MaySetPrices)
        {
            return [new FieldError("Price", "Only the provider's service manager sets spot-purchase prices")];
        }

        var council = await db.Organisations.AsNoTracking().AnyAsync(o => o.Id == councilId && o.DfeLaNumber != null && o.Kind == OrganisationKind.LocalAuthority, cancellationToken);
        if (!council || financialYear is < 2000 or > 2100)
        {
            return [new FieldError("Price", "Select a council of the partnership and a financial year")];
        }

        if (Money.ParsePence(amount) is not { } pence)
        {
            return [new FieldError("Price", "Enter the price in pounds and pence, like 350.00")];
        }

        var price = await db.Set<SpotPurchasePrice>().SingleOrDefaultAsync(p => p.OrganisationId == councilId && p.FinancialYear == financialYear, cancellationToken);
        var before = price?.PricePence;
        if (price is null)
        {
            price = new SpotPurchasePrice { Id = Guid.NewGuid(), OrganisationId = councilId, FinancialYear = financialYear };
            db.Set<SpotPurchasePrice>().Add(price);
        }

        (price.PricePence, price.SetBy, price.SetAt) = (pence, actor.UserName, clock.GetCurrentInstant());
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(before is null ? "create" : "update", nameof(SpotPurchasePrice), price.Id.ToString(),
            details: $"{financialYear}: {(before is { } b ? Money.Format(b) : "none")} -> {Money.Format(pence)}", cancellationToken: cancellationToken);
        return [];
    }

    /// <summary>The council with this DfE number, if it is one of the partnership's.</summary>
    public async Task<(Guid Id, string Name)?> CouncilAsync(int dfeNumber, CancellationToken cancellationToken = default) =>
        await db.Organisations.AsNoTracking().Where(o => o.DfeLaNumber == dfeNumber && o.Kind == OrganisationKind.LocalAuthority)
            .Select(o => new { o.Id, o.Name }).SingleOrDefaultAsync(cancellationToken) is { } o ? (o.Id, o.Name) : null;

    /// <summary>A council's invoice for a month, or null when the caller may not read it (audited as denied). Reading it
    /// is audited with the RHIs listed.</summary>
    public async Task<SpotPurchaseInvoice?> InvoiceAsync(int dfeNumber, YearMonth month, CancellationToken cancellationToken = default)
    {
        if (await CouncilAsync(dfeNumber, cancellationToken) is not { } council || !MayReadInvoices(council.Id))
        {
            await audit.RecordAsync("view", "SpotPurchaseInvoice", $"{dfeNumber}/{month:yyyy-MM}", "denied", cancellationToken: cancellationToken);
            return null;
        }

        var period = new ReportingPeriod(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), month.OnDayOfMonth(1), month.OnDayOfMonth(1).PlusMonths(1));
        var charged = await ChargedAsync(council.Id, period, cancellationToken);
        await audit.RecordListAsync(nameof(ReturnInterview), $"spot-purchase invoice {dfeNumber}/{period.Label}", charged.Select(c => c.Id.ToString()), cancellationToken);
        return new SpotPurchaseInvoice(council.Name, dfeNumber, month, [.. charged.Select(c => c.Line)]);
    }

    /// <summary>Every purchasing council's charged RHIs and total for a financial year: counts and money only, for the
    /// annual contract report. Councils without a spot purchase that year show zero.</summary>
    public async Task<IReadOnlyList<SpotPurchaseYear>> YearAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var result = new List<SpotPurchaseYear>();
        foreach (var price in await PricesAsync(financialYear, cancellationToken))
        {
            var lines = (await ChargedAsync(price.OrganisationId, FinancialYear.Year(financialYear), cancellationToken)).Select(c => c.Line).ToList();
            result.Add(new SpotPurchaseYear(price.Council, price.DfeNumber, lines.Count, lines.Sum(l => l.PricePence ?? 0), lines.Count(l => l.PricePence is null)));
        }

        return result;
    }

    // The council's charged RHIs whose child returned in the period (London dates), with the price in force for the
    // financial year of each return. Counted whoever asks (the caller's access is checked above): no names are read.
    private async Task<List<(Guid Id, InvoiceLine Line)>> ChargedAsync(Guid councilId, ReportingPeriod period, CancellationToken cancellationToken)
    {
        var (from, to) = (period.StartInstant, period.EndInstant);
        var rhis = await db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.IsSpotPurchase && r.PurchasedById == councilId && r.Status != RhiStatus.NotOffered && r.FirstReturnedAt >= from && r.FirstReturnedAt < to)
            .OrderBy(r => r.FirstReturnedAt).ThenBy(r => r.Reference).Select(r => new { r.Id, r.Reference, r.FirstReturnedAt }).ToListAsync(cancellationToken);
        var prices = await db.Set<SpotPurchasePrice>().AsNoTracking().Where(p => p.OrganisationId == councilId).ToDictionaryAsync(p => p.FinancialYear, p => p.PricePence, cancellationToken);
        return [.. rhis.Select(r =>
        {
            var returnedOn = r.FirstReturnedAt.InZone(UkTime.Zone).Date;
            return (r.Id, new InvoiceLine(r.Reference, returnedOn, prices.TryGetValue(FinancialYear.Of(returnedOn), out var p) ? p : null));
        })];
    }

    public static string ToCsv(SpotPurchaseInvoice invoice)
    {
        var text = new StringBuilder().AppendLine(CsvWriting.Row(InvoiceColumns));
        foreach (var l in invoice.Lines)
        {
            text.AppendLine(CsvWriting.Row([l.Reference, l.ReturnedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.PricePence?.ToString(CultureInfo.InvariantCulture)]));
        }

        return text.ToString();
    }

    public static byte[] ToXlsx(SpotPurchaseInvoice invoice) => XlsxWriting.Write(
        $"Invoice {invoice.Month:yyyy-MM}", ["RHI reference", "Date of return", "Price (£)"],
        [.. invoice.Lines.Select(l => (IReadOnlyList<object?>)[l.Reference, l.ReturnedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), l.PricePence is { } p ? p / 100m : "no price set"]),
            ["Total", $"{invoice.Lines.Count} RHIs", invoice.TotalPence / 100m]]);
}
