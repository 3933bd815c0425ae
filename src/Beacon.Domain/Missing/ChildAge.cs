using NodaTime;

namespace Beacon.Domain.Missing;

/// <summary>
/// A child's age in whole years on a calendar date in Europe/London (issue #2 standards: ages are calendar dates in
/// Europe/London). Display ages use NodaTime's period arithmetic.
/// </summary>
public static class ChildAge
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static int YearsOn(LocalDate dateOfBirth, LocalDate on) => Period.Between(dateOfBirth, on, PeriodUnits.Years).Years;

    /// <summary>The London calendar date of an instant.</summary>
    public static LocalDate DateOf(Instant instant) => instant.InZone(London).Date;

    /// <summary>
    /// Whether the child is under 18 on <paramref name="on"/>. For a 29 February birth, the 18th birthday in a common
    /// year is taken as 1 March: the child stays a child for the whole of 28 February (the cautious reading for a
    /// safeguarding service; recorded in docs/decisions/0008-missing-episodes-and-rhis.md).
    /// </summary>
    public static bool IsUnder18On(LocalDate dateOfBirth, LocalDate on)
    {
        // 18 is not a multiple of 4, so the 18th anniversary of 29 February always falls in a common year.
        var eighteenth = dateOfBirth is { Month: 2, Day: 29 }
            ? new LocalDate(dateOfBirth.Year + 18, 3, 1)
            : dateOfBirth.PlusYears(18);
        return on < eighteenth;
    }

    /// <summary>Whether the child is under 18 on the London date of <paramref name="instant"/>.</summary>
    public static bool IsUnder18OnInstant(LocalDate dateOfBirth, Instant instant) => IsUnder18On(dateOfBirth, DateOf(instant));
}
