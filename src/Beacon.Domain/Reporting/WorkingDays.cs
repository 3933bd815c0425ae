using NodaTime;

namespace Beacon.Domain.Reporting;

/// <summary>
/// Working days in England: Monday to Friday except bank holidays. Source: GOV.UK "UK bank holidays" (England and Wales)
/// and the Banking and Financial Dealings Act 1971 — New Year's Day, Good Friday, Easter Monday, the early May bank holiday
/// (first Monday of May), the spring bank holiday (last Monday of May), the summer bank holiday (last Monday of August),
/// Christmas Day and Boxing Day; one that falls on a weekend moves to the next weekday (Christmas and Boxing Day to the
/// Monday and Tuesday). The proclaimed changes since 2020 are listed: VE Day 2020 (early May on Friday 8 May), the
/// Platinum Jubilee 2022 (spring on Thursday 2 June and Friday 3 June), the Queen's funeral (19 September 2022), the
/// Coronation (8 May 2023).
/// </summary>
public static class WorkingDays
{
    private static readonly LocalDate[] Added = [new(2020, 5, 8), new(2022, 6, 2), new(2022, 6, 3), new(2022, 9, 19), new(2023, 5, 8)];
    private static readonly LocalDate[] Removed = [new(2020, 5, 4), new(2022, 5, 30)];

    /// <summary>The bank holidays of England and Wales in a calendar year.</summary>
    public static IReadOnlyList<LocalDate> BankHolidays(int year)
    {
        var easter = EasterSunday(year);
        var days = new List<LocalDate>
        {
            NextWeekday(new LocalDate(year, 1, 1)),
            easter.PlusDays(-2),
            easter.PlusDays(1),
            FirstMonday(year, 5),
            LastMonday(year, 5),
            LastMonday(year, 8),
        };
        var christmas = NextWeekday(new LocalDate(year, 12, 25));
        days.Add(christmas);
        days.Add(NextWeekday(christmas.PlusDays(1)));
        days.RemoveAll(d => Removed.Contains(d));
        days.AddRange(Added.Where(d => d.Year == year));
        days.Sort();
        return days;
    }

    public static bool IsBankHoliday(LocalDate date) => BankHolidays(date.Year).Contains(date);

    public static bool IsWorkingDay(LocalDate date) => date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !IsBankHoliday(date);

    /// <summary>The date <paramref name="days"/> working days after <paramref name="from"/> (which itself does not count):
    /// 5 working days from a Friday is the next Friday, or the Monday after when a bank holiday falls between.</summary>
    public static LocalDate Add(LocalDate from, int days)
    {
        var date = from;
        for (var added = 0; added < days;)
        {
            date = date.PlusDays(1);
            added += IsWorkingDay(date) ? 1 : 0;
        }

        return date;
    }

    /// <summary>Easter Sunday (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").</summary>
    public static LocalDate EasterSunday(int year)
    {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
        int h = ((19 * a) + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + (2 * e) + (2 * i) - h - k) % 7, m = (a + (11 * h) + (22 * l)) / 451;
        int month = (h + l - (7 * m) + 114) / 31, day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new LocalDate(year, month, day);
    }

    private static LocalDate NextWeekday(LocalDate date) => date.DayOfWeek switch
    {
        IsoDayOfWeek.Saturday => date.PlusDays(2),
        IsoDayOfWeek.Sunday => date.PlusDays(1),
        _ => date,
    };

    private static LocalDate FirstMonday(int year, int month) => new LocalDate(year, month, 1).With(DateAdjusters.NextOrSame(IsoDayOfWeek.Monday));

    private static LocalDate LastMonday(int year, int month) => new LocalDate(year, month, 1).With(DateAdjusters.EndOfMonth).With(DateAdjusters.PreviousOrSame(IsoDayOfWeek.Monday));
}
