using System.Globalization;
using System.Text;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.SpotPurchase;

/// <summary>Spot purchases charged (issue #18 §5): the prices per council for a financial year (set by the provider's
/// service manager) and a council's monthly invoice, as a page and CSV/XLSX downloads. The provider's managers see every
/// council's; a council's caseworkers and managers their own council's only. Commissioners (analysts) see the prices and
/// each council's interviews charged and total for the year — figures, never the invoice's lines.</summary>
public sealed class InvoicesModel(SpotPurchaseCharges charges, CurrentActor actor, AuditLog audit, IClock clock) : PageModel
{
    /// <summary>The purchasing council's DfE number.</summary>
    [BindProperty(SupportsGet = true)]
    public int? Council { get; set; }

    /// <summary>The calendar month, written yyyy-MM.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    public YearMonth Period { get; private set; }

    public int Year => FinancialYear.Of(Period.OnDayOfMonth(1));

    public IReadOnlyList<SpotPurchasePriceLine> Prices { get; private set; } = [];

    public SpotPurchaseInvoice? Invoice { get; private set; }

    /// <summary>For commissioners: each purchasing council's interviews charged and total for the financial year.</summary>
    public IReadOnlyList<SpotPurchaseYear>? YearTotals { get; private set; }

    public bool MaySetPrices => charges.MaySetPrices;

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? (Invoice is null ? NotFound()
            : File(Encoding.UTF8.GetBytes(SpotPurchaseCharges.ToCsv(Invoice)), "text/csv", $"spot-purchase-invoice-{Invoice.DfeNumber}-{Invoice.Month:yyyy-MM}.csv"));

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? (Invoice is null ? NotFound()
            : File(SpotPurchaseCharges.ToXlsx(Invoice), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"spot-purchase-invoice-{Invoice.DfeNumber}-{Invoice.Month:yyyy-MM}.xlsx"));

    public async Task<IActionResult> OnPostAsync(Guid organisationId, string? price, CancellationToken cancellationToken)
    {
        if (!charges.MaySetPrices)
        {
            return Forbid();
        }

        if (await LoadAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var errors = await charges.SetPriceAsync(organisationId, Year, price, cancellationToken);
        if (errors.Count == 0)
        {
            return Redirect($"/spot-purchase/invoices?month={Period:yyyy-MM}{(Council is { } c ? $"&council={c}" : string.Empty)}&saved=true");
        }

        errors.AddTo(ModelState);
        return Page();
    }

    // Null when the page may be shown; otherwise the refusal. Reads the prices and, for a chosen council, its invoice.
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var provider = actor.OrganisationCode == "PROVIDER" && (actor.IsInRole(Domain.Organisations.Roles.ServiceManager) || actor.IsInRole(Domain.Organisations.Roles.TeamManager));
        var council = actor.Principal is { } user && Policies.IsCouncilCaseworker(user);
        var commissioner = !provider && !council && actor.IsInRole(Domain.Organisations.Roles.Analyst);
        if (!provider && !council && !commissioner)
        {
            return Forbid();
        }

        var parsed = YearMonthPattern.Iso.Parse(Month ?? string.Empty);
        Period = parsed.Success && parsed.Value.Year is >= 2000 and <= 2100 ? parsed.Value : clock.GetCurrentInstant().InZone(Infrastructure.Time.UkTime.Zone).Date.ToYearMonth();
        Month = Period.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var prices = await charges.PricesAsync(Year, cancellationToken);
        Prices = provider || commissioner ? prices : [.. prices.Where(p => p.OrganisationId == actor.OrganisationId)];
        if (commissioner)
        {
            Council = null;
            YearTotals = await charges.YearAsync(Year, cancellationToken);
            await audit.RecordAsync("view", "SpotPurchasePrices", Year.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
            return null;
        }

        Council ??= council ? Prices.FirstOrDefault()?.DfeNumber : null;
        if (Council is { } dfe)
        {
            Invoice = await charges.InvoiceAsync(dfe, Period, cancellationToken);
            if (Invoice is null)
            {
                return Forbid();
            }
        }

        await audit.RecordAsync("view", "SpotPurchasePrices", Year.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return null;
    }
}
