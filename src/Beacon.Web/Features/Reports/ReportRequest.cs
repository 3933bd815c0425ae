using Beacon.Domain.Reporting;
using NodaTime;

namespace Beacon.Web.Features.Reports;

/// <summary>The year and period a report page was asked for, made valid: a missing or impossible year is the current
/// financial year; an unknown period is quarterly.</summary>
public static class ReportRequest
{
    public static (int Year, string Period) Normalise(int year, string? period, Instant now) =>
        (FinancialYear.RequestedOrCurrent(year, now), period is "quarterly" or "monthly" or "annual" ? period : "quarterly");
}
