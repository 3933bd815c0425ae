using System.Globalization;
using System.Text;
using Beacon.Domain.Organisations;
using Beacon.Domain.Reporting;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Exports;

/// <summary>Statutory exports from the UI: a council user exports their own council's returns only.</summary>
[Authorize(Policy = Policies.CouncilExports)]
public sealed class ExportsModel(StatutoryExports exports, BeaconDbContext db, CurrentActor actor, AuditLog audit, IClock clock) : PageModel
{
    public string AuthorityName { get; private set; } = string.Empty;

    [BindProperty]
    public string? CollectionYear { get; set; }

    [BindProperty]
    public string? AsOf { get; set; }

    /// <summary>Set when the user has seen the rule failures and still wants the file.</summary>
    [BindProperty]
    public bool Confirmed { get; set; }

    public IReadOnlyList<RuleFailure> Failures { get; private set; } = [];

    public string? PendingHandler { get; private set; }

    /// <summary>The failing children this user may open: only they are linked to their page (issue #17 §5).</summary>
    public IReadOnlySet<Guid> Openable { get; private set; } = new HashSet<Guid>();

    /// <summary>The form starts at the latest complete financial year: the one a return is made for.</summary>
    public async Task OnGetAsync()
    {
        CollectionYear = FinancialYear.LatestComplete(clock.GetCurrentInstant()).ToString(CultureInfo.InvariantCulture);
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostSsda903Async(CancellationToken cancellationToken)
    {
        var dfe = await LoadAsync();
        if (!int.TryParse(CollectionYear, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year is < 2000 or > 2100)
        {
            ModelState.AddModelError(nameof(CollectionYear), "Select the collection year");
            return Page();
        }

        return await Download(exports.Ssda903MissingAsync(dfe, year, cancellationToken), "Ssda903", "ssda903-missing", $"ssda903-missing-{dfe}-{year}.csv", cancellationToken);
    }

    public async Task<IActionResult> OnPostAnnexAAsync(CancellationToken cancellationToken)
    {
        var dfe = await LoadAsync();
        if (DateEntry.Parse(AsOf) is not { } date)
        {
            ModelState.AddModelError(nameof(AsOf), string.IsNullOrWhiteSpace(AsOf) ? "Enter the date the list is as of" : "The date the list is as of must be a real date");
            return Page();
        }

        var iso = LocalDatePattern.Iso.Format(date);
        return await Download(exports.AnnexAMissingAsync(dfe, date, cancellationToken), "AnnexA", "annex-a-missing", $"annex-a-missing-{dfe}-{iso}.csv", cancellationToken);
    }

    /// <summary>Records that would fail a DfE rule are shown first; the file comes when there are none, or once confirmed.</summary>
    private async Task<IActionResult> Download(Task<ExportResult> export, string handler, string name, string file, CancellationToken cancellationToken)
    {
        var result = await export;
        if (result.Failures.Count > 0 && !Confirmed)
        {
            Failures = result.Failures;
            PendingHandler = handler;
            var ids = result.Failures.Select(f => f.ChildId).Distinct().ToList();
            Openable = (await db.Children.AsNoTracking().Where(c => EF.Parameter(ids).Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken)).ToHashSet();
            return Page();
        }

        await audit.RecordAsync("export", name, AuthorityName, details: $"rows: {result.Rows}; rule failures: {result.Failures.Count}", cancellationToken: cancellationToken);
        return File(Encoding.UTF8.GetBytes(result.Csv), "text/csv", file);
    }

    private async Task<int> LoadAsync()
    {
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == actor.OrganisationId);
        AuthorityName = organisation.Name;
        return organisation.DfeLaNumber ?? throw new InvalidOperationException("Not a council.");
    }
}
