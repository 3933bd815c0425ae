using System.Globalization;
using Microsoft.AspNetCore.Http;
using NodaTime;

namespace Beacon.Web.Infrastructure.Time;

/// <summary>
/// The boxes of a GOV.UK date input as posted (<c>Field.Day</c>, <c>Field.Month</c>, <c>Field.Year</c>, and
/// <c>Field.Time</c> when a time is asked for; ADR 31). <see cref="Combined"/> is the one string the page's field has
/// always had, so handlers and validators parse it as before (<see cref="DateEntry"/>, <see cref="UkTime"/>); a whole
/// date typed into the day box (<c>14/02/2012</c>) is passed on as it is. <see cref="Problem"/> says what is wrong in
/// the words of the GOV.UK date-input guidance and which boxes to mark.
/// </summary>
public sealed record DateParts(string Day, string Month, string Year, string? Time)
{
    public const string DayBox = "day", MonthBox = "month", YearBox = "year", TimeBox = "time";

    /// <summary>The posted name of one box: <c>HeldOn.Day</c>.</summary>
    public static string Key(string field, string box) => $"{field}.{char.ToUpperInvariant(box[0])}{box[1..]}";

    /// <summary>The name the date is asked by, posted beside the boxes for the error messages ("Date of birth").</summary>
    public static string SubjectKey(string field) => field + ".Label";

    /// <summary>The boxes posted for <paramref name="field"/>, or null when the form has none (one string, an API or an older client).</summary>
    public static DateParts? From(IFormCollection form, string field)
    {
        string? Box(string box) => form.TryGetValue(Key(field, box), out var value) ? value.ToString() : null;
        var (day, month, year, time) = (Box(DayBox), Box(MonthBox), Box(YearBox), Box(TimeBox));
        return day is null && month is null && year is null ? null : new DateParts(Clean(day), Clean(month), Clean(year), time is null ? null : Clean(time));
    }

    /// <summary>The fields with boxes in a posted form.</summary>
    public static IEnumerable<string> Fields(IFormCollection form) =>
        form.Keys.Where(k => k.EndsWith(".Day", StringComparison.Ordinal)).Select(k => k[..^4]).Where(k => k.Length > 0);

    /// <summary>The boxes for a value already held as one string (a saved date, or what an older client posted).</summary>
    public static DateParts Of(string? value, bool withTime)
    {
        if (withTime && UkTime.Parse(value) is { } instant)
        {
            var local = instant.InZone(UkTime.Zone).LocalDateTime;
            return new DateParts(Number(local.Day), Number(local.Month), Number(local.Year), local.ToString("HH:mm", CultureInfo.InvariantCulture));
        }

        if (!withTime && DateEntry.Parse(value) is { } date)
        {
            return new DateParts(Number(date.Day), Number(date.Month), Number(date.Year), null);
        }

        return new DateParts(Clean(value), string.Empty, string.Empty, withTime ? string.Empty : null);
    }

    /// <summary>Nothing typed in any box.</summary>
    public bool IsEmpty => Day.Length == 0 && Month.Length == 0 && Year.Length == 0 && string.IsNullOrEmpty(Time);

    /// <summary>A whole date (or date and time) typed into the day box, like <c>14/02/2012</c>: read as one string.</summary>
    public bool IsOneBox => Month.Length == 0 && Year.Length == 0 && (Day.Length > 2 || Day.Any(c => !char.IsAsciiDigit(c)));

    /// <summary>The one string the field is read as: empty, what was typed in the day box, or <c>d/m/yyyy</c> (and <c>HH:mm</c>).</summary>
    public string Combined
    {
        get
        {
            if (IsEmpty)
            {
                return string.Empty;
            }

            var date = IsOneBox ? Day : $"{Day}/{Month}/{Year}";
            return string.IsNullOrEmpty(Time) ? date : $"{date} {Time.Replace('.', ':')}";
        }
    }

    /// <summary>
    /// What is wrong with the boxes, following the GOV.UK date-input guidance ("Date of birth must include a month",
    /// "… must be a real date"), or null when they make a real date, are empty, or hold a whole date in the day box
    /// (the page's own rules then decide: required, in the past, …).
    /// </summary>
    public DateProblem? Problem(string subject)
    {
        if (IsEmpty || IsOneBox)
        {
            return null;
        }

        var missing = new[] { (DayBox, Day), (MonthBox, Month), (YearBox, Year) }.Where(b => b.Item2.Length == 0).Select(b => b.Item1).ToList();
        if (missing.Count == 3)
        {
            return new DateProblem($"{subject} must include a date", [DayBox, MonthBox, YearBox]);
        }

        if (missing.Count > 0)
        {
            return new DateProblem($"{subject} must include a {string.Join(" and ", missing)}", missing);
        }

        int? Parsed(string text, int maxLength) =>
            text.Length <= maxLength && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var (d, m, y) = (Parsed(Day, 2), Parsed(Month, 2), Parsed(Year, 4));
        if (y is not null && Year.Length != 4)
        {
            return new DateProblem($"{subject}: the year must include 4 numbers", [YearBox]);
        }

        if (DateEntry.FromParts(Day, Month, Year) is null)
        {
            var wrong = new List<string>();
            if (d is not { } day || day < 1 || day > 31 || (m is >= 1 and <= 12 && y >= 1900 && day > CalendarSystem.Iso.GetDaysInMonth(y.Value, m.Value)))
            {
                wrong.Add(DayBox);
            }

            if (m is not (>= 1 and <= 12))
            {
                wrong.Add(MonthBox);
            }

            if (y is not >= 1900)
            {
                wrong.Add(YearBox);
            }

            return new DateProblem($"{subject} must be a real date", wrong.Count == 0 ? [DayBox, MonthBox, YearBox] : wrong);
        }

        if (Time is null)
        {
            return null;
        }

        if (Time.Length == 0)
        {
            return new DateProblem($"{subject} must include a time", [TimeBox]);
        }

        return UkTime.Parse(Combined) is null ? new DateProblem($"{subject} must be a real time, like 14:30", [TimeBox]) : null;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Clean(string? text) => (text ?? string.Empty).Trim();
}

/// <summary>A date input's problem: the message for the field and the error summary, and the boxes at fault (the first is linked).</summary>
public sealed record DateProblem(string Message, IReadOnlyList<string> Boxes)
{
    public string FirstBox => Boxes[0];
}
