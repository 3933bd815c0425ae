using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Infrastructure.Time;

/// <summary>
/// Dates as people and files write them (issue #17 §3): <c>2012-02-14</c> (ISO, as exports write them),
/// <c>14/02/2012</c> or <c>14/2/2012</c> (UK day first; also with <c>-</c>, <c>.</c> or spaces), or day, month and year
/// apart (the GOV.UK date input). Never month first: <c>02/14/2012</c> is not a date.
/// </summary>
public static class DateEntry
{
    /// <summary>The example every date message gives.</summary>
    public const string Example = "like 23/04/2010 or 2010-04-23";

    public static LocalDate? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (LocalDatePattern.Iso.Parse(trimmed) is { Success: true } iso)
        {
            return iso.Value;
        }

        var parts = trimmed.Split(['/', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && parts[2].Length == 4 ? FromParts(parts[0], parts[1], parts[2]) : null;
    }

    /// <summary>A date from the three boxes of a GOV.UK date input, or null when they do not make a real date.</summary>
    public static LocalDate? FromParts(string? day, string? month, string? year)
    {
        static int? Number(string? value, int maxLength) =>
            value?.Trim() is { Length: > 0 } t && t.Length <= maxLength && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

        if (Number(day, 2) is not { } d || Number(month, 2) is not { } m || Number(year, 4) is not { } y || y < 1900 || m is < 1 or > 12)
        {
            return null;
        }

        return d >= 1 && d <= CalendarSystem.Iso.GetDaysInMonth(y, m) ? new LocalDate(y, m, d) : null;
    }
}
