using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.RepeatMissing;

/// <summary>A meeting still needed, as the list sorts and pages it.</summary>
public sealed class MeetingItem
{
    public Guid Id { get; init; }

    public Guid ChildId { get; init; }

    public string ChildName { get; init; } = string.Empty;

    public string ChildReference { get; init; } = string.Empty;

    public int Level { get; init; }

    public LocalDate CrossedOn { get; init; }

    public LocalDate RaisedOn { get; init; }

    public LocalDate DueOn { get; init; }

    public Guid TriggerEpisodeId { get; init; }
}

/// <summary>An open meeting action past its due date, as the list sorts and pages it.</summary>
public sealed class ActionItem
{
    public Guid Id { get; init; }

    public Guid ChildId { get; init; }

    public string ChildName { get; init; } = string.Empty;

    public string ChildReference { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public string OwnerAgency { get; init; } = string.Empty;

    public LocalDate DueOn { get; init; }
}

/// <summary>The repeat-missing lists (issue #17 §2) and the home page's counts of them: one query for both.</summary>
public static class RepeatMissingLists
{
    public const int PageSize = 50;

    public static readonly SortKeys<MeetingItem> MeetingSorts = new SortKeys<MeetingItem>("due", false, q => q.ThenBy(m => m.Id))
        .Add("child", m => m.ChildName)
        .Add("level", m => m.Level, descendingFirst: true)
        .Add("crossed", m => m.CrossedOn)
        .Add("raised", m => m.RaisedOn)
        .Add("due", m => m.DueOn);

    public static readonly SortKeys<ActionItem> ActionSorts = new SortKeys<ActionItem>("due", false, q => q.ThenBy(a => a.Id))
        .Add("child", a => a.ChildName)
        .Add("action", a => a.Description)
        .Add("owner", a => a.OwnerAgency)
        .Add("due", a => a.DueOn);

    /// <summary>Meetings needed; only those past their due date when <paramref name="overdueOnly"/>.</summary>
    public static IQueryable<MeetingItem> Meetings(BeaconDbContext db, LocalDate today, bool overdueOnly) =>
        db.InterventionMeetings.AsNoTracking().Where(m => m.Status == "needed" && (!overdueOnly || m.DueOn < today))
            .Select(m => new MeetingItem
            {
                Id = m.Id,
                ChildId = m.ChildId,
                ChildName = m.Child!.GivenName + " " + m.Child.FamilyName,
                ChildReference = m.Child.Reference,
                Level = m.Level,
                CrossedOn = m.CrossedOn,
                RaisedOn = m.RaisedOn,
                DueOn = m.DueOn,
                TriggerEpisodeId = m.TriggerEpisodeId,
            });

    /// <summary>Open meeting actions past their due date.</summary>
    public static IQueryable<ActionItem> OverdueActions(BeaconDbContext db, LocalDate today) =>
        db.MeetingActions.AsNoTracking().Where(a => a.Status == MeetingAction.Open && a.DueOn < today)
            .Select(a => new ActionItem
            {
                Id = a.Id,
                ChildId = a.ChildId,
                ChildName = a.Child!.GivenName + " " + a.Child.FamilyName,
                ChildReference = a.Child.Reference,
                Description = a.Description,
                OwnerAgency = a.OwnerAgency,
                DueOn = a.DueOn,
            });
}
