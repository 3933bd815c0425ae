using Beacon.Domain.Contract;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>The KPIs against targets (issue #18 §2): for commissioners and managers, figures only; the provider's service
/// manager sets targets and benchmarks here.</summary>
[Authorize(Policy = Policies.ReportReader)]
public sealed class KpiPageModel(KpiReport report, KpiSettings settings, AuditLog audit, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Council { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Period { get; set; }

    public IReadOnlyList<KpiCouncil> Councils { get; private set; } = [];

    public IReadOnlyList<KpiPeriod> Periods { get; private set; } = [];

    public IReadOnlyList<KpiRow> Rows { get; private set; } = [];

    public IReadOnlyList<KpiTarget> History { get; private set; } = [];

    public bool MaySet => settings.MaySet;

    public string? Saved { get; private set; }

    public TargetInput Target { get; private set; } = new(null, null, 0, null, null, null);

    public BenchmarkInput Benchmark { get; private set; } = new(null, null, null, null);

    /// <summary>The rows of the chosen period, in the order of <see cref="Kpis.All"/>.</summary>
    public IEnumerable<KpiRow> Chosen => Rows.Where(r => r.Period == Period);

    /// <summary>The earlier periods of the same kind as the chosen one (the trend), oldest first.</summary>
    public IReadOnlyList<KpiPeriod> Earlier
    {
        get
        {
            var chosen = Periods.FirstOrDefault(p => p.Label == Period);
            return chosen is null ? [] : [.. Periods.Where(p => p.Kind == chosen.Kind && p.Start < chosen.Start)];
        }
    }

    public async Task OnGetAsync(string? saved, CancellationToken cancellationToken)
    {
        Saved = saved;
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostTargetAsync(CancellationToken cancellationToken)
    {
        var f = Request.Form;
        Year = FinancialYear.RequestedOrCurrent(Year, clock.GetCurrentInstant());
        Target = new TargetInput(f["Indicator"], Guid.TryParse(f["OrganisationId"], out var id) ? id : null, Year, f["TargetValue"], f["Green"], f["Amber"]);
        if (!settings.MaySet)
        {
            return Forbid();
        }

        var errors = await settings.SetTargetAsync(Target, cancellationToken);
        if (errors.Count == 0)
        {
            return Redirect($"/contract/kpis?year={Year}&council={Uri.EscapeDataString(Council ?? string.Empty)}&period={Uri.EscapeDataString(Period ?? string.Empty)}&saved=target");
        }

        errors.Select(e => e with { Field = e.Field == "Target" ? "TargetValue" : e.Field }).ToList().AddTo(ModelState);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostBenchmarkAsync(CancellationToken cancellationToken)
    {
        var f = Request.Form;
        Benchmark = new BenchmarkInput(f["BenchmarkIndicator"], f["Value"], f["Source"], f["PublishedOn"]);
        if (!settings.MaySet)
        {
            return Forbid();
        }

        var errors = await settings.AddBenchmarkAsync(Benchmark, cancellationToken);
        if (errors.Count == 0)
        {
            return Redirect($"/contract/kpis?year={FinancialYear.RequestedOrCurrent(Year, clock.GetCurrentInstant())}&council={Uri.EscapeDataString(Council ?? string.Empty)}&period={Uri.EscapeDataString(Period ?? string.Empty)}&saved=benchmark");
        }

        errors.AddTo(ModelState);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        Year = FinancialYear.RequestedOrCurrent(Year, now);
        Councils = await report.CouncilsAsync(cancellationToken);
        Council = Councils.FirstOrDefault(c => string.Equals(c.Code, Council, StringComparison.OrdinalIgnoreCase))?.Code ?? Councils[0].Code;
        Periods = KpiReport.PeriodsOf(Year, Domain.Missing.ChildAge.DateOf(now));
        Period = Periods.FirstOrDefault(p => p.Label == Period)?.Label ?? Periods.LastOrDefault(p => p.Kind == "ytd")?.Label;
        Rows = await report.ComputeAsync(Year, Council, cancellationToken);
        History = await settings.HistoryAsync(Year, cancellationToken);
        await audit.RecordAsync("view", "Kpis", $"{Year}/{Council}", cancellationToken: cancellationToken);
    }
}
