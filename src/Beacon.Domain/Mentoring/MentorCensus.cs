using NodaTime;

namespace Beacon.Domain.Mentoring;

/// <summary>One change of a mentor's status: the date it took effect and the new status.</summary>
public sealed record StatusOn(LocalDate On, string Status);

/// <summary>A mentor's kind and status history, in the order the changes were recorded.</summary>
public sealed record MentorHistory(Guid MentorId, string Kind, IReadOnlyList<StatusOn> Changes);

/// <summary>The register in one month: active mentors and volunteers at the month end, how many were in training then,
/// how many became active for the first time in the month and how many left in it.</summary>
public sealed record MonthCensus(string Month, int ActiveMentors, int ActiveVolunteers, int InTraining, int New, int Left);

/// <summary>
/// Month-end counts of the register. Source: issue #20 §7 ("active mentors and volunteers at each month end, new, in
/// training, left"; the papers count 19 active mentors and volunteers). A mentor's status on a date is the last change
/// dated on or before it (changes on the same day: the one recorded last). New: the first change to active falls in the
/// month. Left: a change to left falls in the month. The month end is the last day of the month.
/// </summary>
public static class MentorCensus
{
    public static string? StatusAt(IReadOnlyList<StatusOn> changes, LocalDate date) =>
        changes.Select((c, i) => (c, i)).Where(x => x.c.On <= date).OrderBy(x => x.c.On).ThenBy(x => x.i).Select(x => x.c.Status).LastOrDefault();

    /// <summary>The date the mentor last became active on or before <paramref name="date"/>, if they were active then.</summary>
    public static LocalDate? ActiveSince(IReadOnlyList<StatusOn> changes, LocalDate date)
    {
        var ordered = changes.Select((c, i) => (c, i)).Where(x => x.c.On <= date).OrderBy(x => x.c.On).ThenBy(x => x.i).Select(x => x.c).ToList();
        if (ordered.Count == 0 || ordered[^1].Status != MentorStatus.Active)
        {
            return null;
        }

        var since = ordered[^1].On;
        for (var i = ordered.Count - 2; i >= 0 && ordered[i].Status == MentorStatus.Active; i--)
        {
            since = ordered[i].On;
        }

        return since;
    }

    public static MonthCensus Month(IEnumerable<MentorHistory> mentors, LocalDate monthStart)
    {
        var (end, label) = (monthStart.PlusMonths(1).PlusDays(-1), monthStart.ToString("yyyy-MM", null));
        int activeMentors = 0, activeVolunteers = 0, inTraining = 0, joined = 0, left = 0;
        foreach (var m in mentors)
        {
            var status = StatusAt(m.Changes, end);
            activeMentors += status == MentorStatus.Active && m.Kind != "volunteer" ? 1 : 0;
            activeVolunteers += status == MentorStatus.Active && m.Kind == "volunteer" ? 1 : 0;
            inTraining += status == MentorStatus.InTraining ? 1 : 0;
            var firstActive = m.Changes.Where(c => c.Status == MentorStatus.Active).Select(c => (LocalDate?)c.On).Min();
            joined += firstActive >= monthStart && firstActive <= end ? 1 : 0;
            left += m.Changes.Any(c => c.Status == MentorStatus.Left && c.On >= monthStart && c.On <= end) ? 1 : 0;
        }

        return new MonthCensus(label, activeMentors, activeVolunteers, inTraining, joined, left);
    }
}
