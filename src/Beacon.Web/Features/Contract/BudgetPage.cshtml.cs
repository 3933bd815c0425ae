using Beacon.Domain.Reporting;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>Budget and spend per council (issue #18 §3): for commissioners and managers; the service manager records spend.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class BudgetPageModel(Budgets budgets, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public IReadOnlyList<CouncilBudget> Councils { get; private set; } = [];

    public IReadOnlyList<(Guid Id, string Name)> Choices { get; private set; } = [];

    public bool MayRecord => budgets.MayRecord;

    public bool Recorded { get; private set; }

    public SpendInput Input { get; private set; } = new(null, null, null, null, null);

    public async Task OnGetAsync(bool recorded, CancellationToken cancellationToken)
    {
        Recorded = recorded;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var f = Request.Form;
        Input = new SpendInput(f["SpentOn"], Guid.TryParse(f["OrganisationId"], out var id) ? id : null, f["Category"], f["Amount"], f["Note"]);
        if (!budgets.MayRecord)
        {
            return Forbid();
        }

        var errors = await budgets.RecordSpendAsync(Input, cancellationToken);
        if (errors.Count == 0)
        {
            return Redirect(Year > 0 ? $"/contract/budget?year={Year}&recorded=true" : "/contract/budget?recorded=true");
        }

        errors.AddTo(ModelState);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Year = FinancialYear.RequestedOrCurrent(Year, clock.GetCurrentInstant());
        Councils = await budgets.PositionsAsync(Year, cancellationToken);
        Choices = await budgets.CouncilsAsync(Year, cancellationToken);
        await audit.RecordAsync("view", "Budget", Year.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
    }
}
