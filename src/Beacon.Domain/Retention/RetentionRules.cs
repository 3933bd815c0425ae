using NodaTime;

namespace Beacon.Domain.Retention;

/// <summary>
/// When a child's records may be deleted (issue #6 §6: "a retention policy, configurable, e.g. close + N years").
/// Beacon's default, an assumption to be confirmed by each partnership's records-retention schedule: not before
/// <paramref name="yearsAfterLastActivity"/> years after the last activity on any of the child's records, and not before
/// the child's <paramref name="minimumAge"/>th birthday (children's records are commonly kept until 25); and never
/// while any work is open. A 29 February birthday falls on 1 March in common years (the later, cautious reading).
/// </summary>
public static class RetentionRules
{
    public static LocalDate DeletableFrom(LocalDate lastActivity, LocalDate dateOfBirth, int yearsAfterLastActivity = 6, int minimumAge = 25)
    {
        var afterActivity = Anniversary(lastActivity, yearsAfterLastActivity);
        var birthday = Anniversary(dateOfBirth, minimumAge);
        return afterActivity > birthday ? afterActivity : birthday;
    }

    /// <summary>Whether the records may be deleted on <paramref name="today"/>.</summary>
    public static bool IsDue(LocalDate today, LocalDate lastActivity, LocalDate dateOfBirth, bool hasOpenWork, int yearsAfterLastActivity = 6, int minimumAge = 25) =>
        !hasOpenWork && today >= DeletableFrom(lastActivity, dateOfBirth, yearsAfterLastActivity, minimumAge);

    private static LocalDate Anniversary(LocalDate date, int years)
    {
        var target = date.PlusYears(years);
        return date is { Month: 2, Day: 29 } && target.Day != 29 ? new LocalDate(target.Year, 3, 1) : target;
    }
}
