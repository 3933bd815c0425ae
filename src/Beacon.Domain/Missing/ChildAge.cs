using NodaTime;

namespace Beacon.Domain.Missing;

/// <summary>
/// A child's age in whole years on a calendar date in Europe/London (issue #2 standards: ages are calendar dates in
/// Europe/London). One birthday rule for every age Beacon shows, counts or checks: a child born on 29 February has
/// the birthday on 1 March in a common year (docs/decisions/0008-missing-episodes-and-rhis.md), so a report never
/// counts as 18 a child the intake accepted as under 18.
/// </summary>
public static class ChildAge
{
    public static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>Completed years on <paramref name="on"/>; the birthday of a 29 February birth is 1 March in a common year.</summary>
    public static int YearsOn(LocalDate dateOfBirth, LocalDate on)
    {
        var years = on.Year - dateOfBirth.Year;
        return on < BirthdayIn(dateOfBirth, on.Year) ? years - 1 : years;
    }

    /// <summary>The birthday in <paramref name="year"/>: 1 March for a 29 February birth when the year has no 29 February.</summary>
    public static LocalDate BirthdayIn(LocalDate dateOfBirth, int year) =>
        dateOfBirth is { Month: 2, Day: 29 } && !CalendarSystem.Iso.IsLeapYear(year)
            ? new LocalDate(year, 3, 1)
            : new LocalDate(year, dateOfBirth.Month, dateOfBirth.Day);

    /// <summary>The London calendar date of an instant.</summary>
    public static LocalDate DateOf(Instant instant) => instant.InZone(London).Date;

    /// <summary>
    /// Whether the child is under 18 on <paramref name="on"/>. For a 29 February birth, the 18th birthday in a common
    /// year is taken as 1 March: the child stays a child for the whole of 28 February (the cautious reading for a
    /// safeguarding service; recorded in docs/decisions/0008-missing-episodes-and-rhis.md).
    /// </summary>
    public static bool IsUnder18On(LocalDate dateOfBirth, LocalDate on) => YearsOn(dateOfBirth, on) < 18;

    /// <summary>Whether the child is under 18 on the London date of <paramref name="instant"/>.</summary>
    public static bool IsUnder18OnInstant(LocalDate dateOfBirth, Instant instant) => IsUnder18On(dateOfBirth, DateOf(instant));
}
