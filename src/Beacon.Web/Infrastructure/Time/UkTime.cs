using Beacon.Domain.Missing;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Infrastructure.Time;

/// <summary>
/// Times as people in the service write and read them: UK local time (Europe/London, <see cref="ChildAge.London"/>),
/// and ISO 8601 with its offset for the API. One place, so pages, imports and the API parse and show times alike.
/// </summary>
public static class UkTime
{
    public static DateTimeZone Zone => ChildAge.London;

    private static readonly LocalDateTimePattern[] TimePatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("d/M/uuuu H:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd H:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
    ];

    private static readonly ZonedDateTimePattern Display = ZonedDateTimePattern.CreateWithInvariantCulture("d MMM uuuu HH:mm", null);

    private static readonly LocalDateTimePattern Input = LocalDateTimePattern.CreateWithInvariantCulture("d/M/uuuu HH:mm");

    /// <summary>How a page shows a time: "21 Nov 2026 14:30", UK time.</summary>
    public static string Format(Instant instant) => Display.Format(instant.InZone(Zone));

    /// <summary>How a form field is filled in: "21/11/2026 14:30", UK time.</summary>
    public static string FormInput(Instant instant) => Input.Format(instant.InZone(Zone).LocalDateTime);

    /// <summary>
    /// Parses a UK local date and time ("21/11/2026 14:30"). At a clock change NodaTime's lenient resolver decides
    /// (<c>InZoneLeniently</c>): an autumn time that happens twice is the earlier instant; a spring time that never
    /// happens moves forward by the gap (01:30 on the last Sunday of March is read as 02:30 BST).
    /// </summary>
    public static Instant? Parse(string? text)
    {
        foreach (var pattern in TimePatterns)
        {
            if (pattern.Parse((text ?? string.Empty).Trim()) is { Success: true } parsed)
            {
                return parsed.Value.InZoneLeniently(Zone).ToInstant();
            }
        }

        return null;
    }

    /// <summary>How the API writes times.</summary>
    public const string IsoExample = "in ISO 8601 with its offset, like 2026-11-21T14:30:00+00:00";

    /// <summary>Parses an ISO 8601 date and time with its offset (the API's times).</summary>
    public static Instant? ParseIso(string? text) =>
        OffsetDateTimePattern.ExtendedIso.Parse((text ?? string.Empty).Trim()) is { Success: true } parsed ? parsed.Value.ToInstant() : null;
}
