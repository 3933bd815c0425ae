using Beacon.Domain.Missing;
using NodaTime;

namespace Beacon.Domain.Reporting;

/// <summary>A reporting period: a span of London calendar dates [Start, End) with a label.</summary>
public sealed record ReportingPeriod(string Label, LocalDate Start, LocalDate EndExclusive)
{
    /// <summary>The first instant of the period (London midnight).</summary>
    public Instant StartInstant => Start.AtStartOfDayInZone(ChildAge.London).ToInstant();

    public Instant EndInstant => EndExclusive.AtStartOfDayInZone(ChildAge.London).ToInstant();

    public bool Contains(LocalDate date) => date >= Start && date < EndExclusive;
}

/// <summary>
/// UK financial years and their quarters. Source: shared/domain-glossary.md "Reporting" — financial year N runs from
/// 1 April N to 31 March N+1; Q1 April–June, Q2 July–September, Q3 October–December, Q4 January–March, by the
/// Europe/London calendar date (so 23:30 UTC on 30 June in summer is 1 July, Q2).
/// </summary>
public static class FinancialYear
{
    /// <summary>The financial year a London date falls in (1 April starts a new one).</summary>
    public static int Of(LocalDate date) => date.Month >= 4 ? date.Year : date.Year - 1;

    /// <summary>The requested financial year, or the current one (at <paramref name="now"/>) when the request is before
    /// 2000 or in the future.</summary>
    public static int RequestedOrCurrent(int requested, Instant now)
    {
        var current = Of(ChildAge.DateOf(now));
        return requested < 2000 || requested > current ? current : requested;
    }

    /// <summary>The latest financial year that has ended at <paramref name="now"/> (what a statutory return is made for).</summary>
    public static int LatestComplete(Instant now) => Of(ChildAge.DateOf(now)) - 1;

    /// <summary>A financial year in words, as forms offer it: "2026 to 2027" (GOV.UK style).</summary>
    public static string InWords(int year) => $"{year} to {year + 1}";

    /// <summary>The years a form offers, newest first: the current one and the <paramref name="count"/> − 1 before it
    /// (a fixed span, so no page queries for its first year), and <paramref name="also"/> (a year a link asked for) when
    /// it is outside them.</summary>
    public static IReadOnlyList<int> Choices(Instant now, int count = 7, int? also = null)
    {
        var current = Of(ChildAge.DateOf(now));
        var years = Enumerable.Range(0, count).Select(i => current - i).ToList();
        if (also is { } extra && !years.Contains(extra))
        {
            years.Add(extra);
        }

        return [.. years.OrderDescending()];
    }

    /// <summary>The quarter (1–4) of a London date within its financial year.</summary>
    public static int QuarterOf(LocalDate date) => date.Month switch
    {
        >= 4 and <= 6 => 1,
        >= 7 and <= 9 => 2,
        >= 10 and <= 12 => 3,
        _ => 4,
    };

    public static ReportingPeriod Year(int year) => new($"{year}-{(year + 1) % 100:D2}", new LocalDate(year, 4, 1), new LocalDate(year + 1, 4, 1));

    public static ReportingPeriod Quarter(int year, int quarter)
    {
        if (quarter is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(quarter), "A quarter is 1 to 4.");
        }

        var start = new LocalDate(year, 4, 1).PlusMonths(3 * (quarter - 1));
        return new ReportingPeriod($"Q{quarter}", start, start.PlusMonths(3));
    }

    public static IReadOnlyList<ReportingPeriod> Quarters(int year) => [.. Enumerable.Range(1, 4).Select(q => Quarter(year, q))];

    public static IReadOnlyList<ReportingPeriod> Months(int year) =>
        [.. Enumerable.Range(0, 12).Select(m => new LocalDate(year, 4, 1).PlusMonths(m)).Select(d => new ReportingPeriod(d.ToString("yyyy-MM", null), d, d.PlusMonths(1)))];

    /// <summary>The quarter before, and the same quarter a year earlier (for comparisons).</summary>
    public static (int Year, int Quarter) Previous(int year, int quarter) => quarter == 1 ? (year - 1, 4) : (year, quarter - 1);
}
