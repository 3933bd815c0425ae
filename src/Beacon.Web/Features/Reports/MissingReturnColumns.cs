using Beacon.Domain.Vocabulary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Csv;

namespace Beacon.Web.Features.Reports;

/// <summary>
/// One column of the missing return, declared once: its name in the files, its label on the page and in the pack, what
/// one unit of it is (<paramref name="CountedPer"/>: a notification, an interview, a child, or a percentage), its
/// definition, and how it is computed from an area's figures. The definitions on the page, in the pack, in the workbook
/// and from <c>beacon report missing-quarterly --definitions</c> are these (issue #23 §4).
/// </summary>
public sealed record ReturnColumn(string Name, string Label, string CountedPer, string Definition, Func<AreaFigures, object?> Value, int Places = 0)
{
    /// <summary>A value as published: whole numbers as they are, decimals to <see cref="Places"/> places (halves away from
    /// zero, <see cref="Rounding"/>), nothing for a figure without a denominator.</summary>
    public string Format(object? value) => value switch
    {
        null => string.Empty,
        int i => i.ToString(CultureInfo.InvariantCulture),
        decimal d => Rounding.Format(d, Places),
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>What was counted for one area in one period, from which every column is computed.</summary>
public sealed class AreaFigures
{
    internal AreaFigures(string area, string kind, string period, MissingReturn.Tally tally, int children, int childrenCompleted, int[] childrenByAgeGender,
        int[] childrenAtOrAbove, MissingReturn.Tally perInterview, int? previous, int lastYear, int[] crossings)
    {
        (Area, Kind, Period, T, Children, ChildrenCompleted, ChildrenByAgeGender, ChildrenAtOrAbove, PerInterview, Previous, LastYear, Crossings) =
            (area, kind, period, tally, children, childrenCompleted, childrenByAgeGender, childrenAtOrAbove, perInterview, previous, lastYear, crossings);
    }

    internal string Area { get; }

    internal string Kind { get; }

    internal string Period { get; }

    /// <summary>Per notification, summed over the area's districts.</summary>
    internal MissingReturn.Tally T { get; }

    internal int Children { get; }

    internal int ChildrenCompleted { get; }

    internal int[] ChildrenByAgeGender { get; }

    internal int[] ChildrenAtOrAbove { get; }

    /// <summary>Per distinct completed interview covering one of the area's notifications in the period.</summary>
    internal MissingReturn.Tally PerInterview { get; }

    internal int? Previous { get; }

    internal int LastYear { get; }

    /// <summary>Children newly crossing each threshold (intervention meetings raised).</summary>
    internal int[] Crossings { get; }
}

public sealed partial class MissingReturn
{
    // Declared before Columns, which is built from them (static fields initialise in order within this file).
    private static readonly string[] NotOfferedReasons = [.. Codes.NotOfferedReason.Keys];
    private static readonly string[] Decliners = [.. Codes.DeclinedBy.Keys];
    private static readonly string[] Methods = [.. Codes.InterviewMethod.Keys];
    private static readonly string[] Venues = [.. Codes.Venue.Keys];
    private static readonly (string Name, string Label, int From, int To)[] AgeBands = [("under_13", "under 13", 0, 12), ("13_15", "13 to 15", 13, 15), ("16_17", "16 or 17", 16, 17)];
    // The return splits female, male, and the rest (other or not known): the CASE in TallyAsync counts the same way.
    private static readonly string[] Genders = [Codes.Gender.Terms[0].Code, Codes.Gender.Terms[1].Code, "other"];

    private static string GenderLabel(string gender) => gender == "other" ? "other or not known" : CodeList.InSentence(Codes.Gender.Label(gender));
    private static readonly int[] Thresholds = [3, 5, 9];
    private const string Notification = "notification";
    private const string Interview = "interview";
    private const string Child = "child";
    private const string Percentage = "percentage";
    private const string AsAtRun = "as recorded when the report is run";

    private static decimal? Percent(int part, int whole) => whole == 0 ? null : Rounding.Percent(part, whole);

    /// <summary>Every column of the return, in file order: the issue #4 columns first, then breakdowns, then the columns
    /// issue #23 added (so existing spreadsheets keep their column positions).</summary>
    public static readonly IReadOnlyList<ReturnColumn> Columns =
    [
        new("area", "Area", "row", "The district where the child lived at the episode, a locality (its districts together) or the whole area.", f => f.Area),
        new("area_kind", "Kind of area", "row", "district, locality or total.", f => f.Kind),
        new("quarter", "Period", "row", "The quarter of the UK financial year (Q1 April to June), the month (yyyy-MM) or the year, by the UK date on which the service received the notification. Named period in monthly and annual files.", f => f.Period),
        new("notifications", "Notifications", Notification, "Notifications (missing episodes) received in the period. Every notification is in exactly one of rhi_offered, not_offered and awaiting_decision.", f => f.T.Notifications),
        new("rhi_offered", "Offered an interview", Notification, $"Notifications whose return home interview was offered, whenever the offer was made ({AsAtRun}).", f => f.T.Offered),
        new("individuals_received_rhi", "Children received an interview", Child, "Different children with at least one of the period's notifications covered by a completed interview (once per area, however many districts or notifications).", f => f.ChildrenCompleted),
        new("total_rhi", "Completed (notifications)", Notification, "Notifications covered by a completed interview, whenever it was completed; an interview covering three notifications counts three.", f => f.T.Completed),
        new("notifications_own_children", "Own children", Notification, "Notifications of children whose responsible authority is a council of this partnership.", f => f.T.Own),
        new("notifications_other_authorities", "Other councils' children", Notification, "Notifications of children placed here by other councils.", f => f.T.Notifications - f.T.Own),
        new("offered_within_72h", "Offered within 72h of the interview's first return", Notification, "Notifications offered an interview within 72 hours of the earliest return the interview covers (the strict reading: a later episode joining an interview counts as late when the interview's first return was more than 72 hours before the offer; an episode that returned after the offer, see covered_by_earlier_offer, is never within 72 hours). Of those offered.", f => f.T.InTime),
        new("not_offered", "Not offered", Notification, $"Notifications whose interview was closed as not offered (a decision that none would be offered), {AsAtRun}.", f => f.T.NotOffered),
        new("declined", "Declined", Notification, "Notifications whose interview was offered and declined.", f => f.T.Declined),
        new("notifications_previous_period", "Previous period", Notification, "Notifications in the period before (blank in an annual return).", f => f.Previous),
        new("notifications_same_period_last_year", "Same period last year", Notification, "Notifications in the same period of the previous financial year.", f => f.LastYear),
        .. Thresholds.Select((t, i) => new ReturnColumn($"children_meeting_{t}", $"New crossings of {t} in 90 days", Child,
            $"Children whose repeat missing newly crossed {t} episodes in a rolling 90 days in the period (an intervention meeting raised; dated by the start of the episode that crossed it and counted in that episode's district). A child already at or above {t} is not counted again: see children_at_or_above_{t}.",
            f => f.Crossings[i])),
        new("average_episodes_per_child", "Notifications per child", "ratio", "notifications ÷ children_notified, to 2 decimal places (halves away from zero).", f => f.Children == 0 ? 0.00m : Rounding.Ratio(f.T.Notifications, f.Children, 2), 2),
        .. NotOfferedReasons.Select((r, i) => new ReturnColumn($"not_offered_{r.ToLowerInvariant()}", $"Not offered: {Codes.NotOfferedReason.Label(r)}", Notification,
            $"Notifications not offered an interview for this reason ({r}).", f => f.T.NotOfferedBy[i])),
        .. Decliners.Select((d, i) => new ReturnColumn($"declined_by_{d.ToLowerInvariant()}", $"Declined by: {Codes.DeclinedBy.Label(d)}", Notification,
            $"Declined notifications, by who declined ({d}).", f => f.T.DeclinedBy[i])),
        new("offered_within_72h_percent", "Offered within 72h of the interview's first return, % of those offered", Percentage, "offered_within_72h ÷ rhi_offered × 100, one decimal place (halves away from zero); blank when none was offered.", f => Percent(f.T.InTime, f.T.Offered), 1),
        new("completed_of_offered_percent", "Completed, % of those offered", Percentage, "total_rhi ÷ rhi_offered × 100, one decimal place; blank when none was offered.", f => Percent(f.T.Completed, f.T.Offered), 1),
        .. Methods.Select((m, i) => new ReturnColumn($"method_{m.ToLowerInvariant()}", $"Method: {Codes.InterviewMethod.Label(m)} (notifications)", Notification,
            $"Notifications covered by a completed interview held this way ({m}): per notification, so an interview covering three counts three. See method_{m.ToLowerInvariant()}_interviews.", f => f.T.ByMethod[i])),
        .. Venues.Select((v, i) => new ReturnColumn($"venue_{v.ToLowerInvariant()}", $"Venue: {Codes.Venue.Label(v)} (notifications)", Notification,
            $"Notifications covered by a completed interview held here ({v}): per notification. See venue_{v.ToLowerInvariant()}_interviews.", f => f.T.ByVenue[i])),
        .. AgeBands.SelectMany((a, ai) => Genders.Select((g, gi) => new ReturnColumn($"age_{a.Name}_{g}", $"Notifications: {GenderLabel(g)}, {a.Label}", Notification,
            $"Notifications of {GenderLabel(g)} children aged {a.Label} on the day the episode started: per notification (episode), so a child missing twice counts twice. See children_age_{a.Name}_{g}.",
            f => f.T.ByAgeGender[(ai * Genders.Length) + gi]))),
        new("top_primary_reasons", "Top main reasons (notifications)", Notification, "The three commonest main reasons recorded in completed interviews, with the number of notifications they cover (per notification).", f => f.T.TopReasons()),

        // Issue #23: every notification in one state, per-interview and per-child counts, and the measures beside them.
        new("awaiting_decision", "Awaiting a decision", Notification, $"Notifications with no offer and no decision not to offer {AsAtRun}: an interview still open and not yet offered, or none opened (for example when a historical interview row was rejected on import). notifications = rhi_offered + not_offered + awaiting_decision.", f => f.T.Awaiting),
        new("offered_within_72h_own_return", "Offered within 72h of its own return", Notification, "Notifications offered an interview within 72 hours of that episode's own return (a later episode joining an open interview is measured from its own return). Of those offered.", f => f.T.InTimeOwnReturn),
        new("offered_within_72h_own_return_percent", "Offered within 72h of its own return, % of those offered", Percentage, "offered_within_72h_own_return ÷ rhi_offered × 100, one decimal place; blank when none was offered.", f => Percent(f.T.InTimeOwnReturn, f.T.Offered), 1),
        new("offered_within_72h_of_all_percent", "Offered within 72h of the interview's first return, % of all notifications", Percentage, "offered_within_72h ÷ notifications × 100, one decimal place: notifications not offered, or awaiting a decision, count as not offered in time; blank when there were none.", f => Percent(f.T.InTime, f.T.Notifications), 1),
        new("children_notified", "Children notified", Child, "Different children with at least one notification in the area and period (the denominator of average_episodes_per_child).", f => f.Children),
        .. Thresholds.Select((t, i) => new ReturnColumn($"children_at_or_above_{t}", $"Children at or above {t} in 90 days", Child,
            $"Children notified in the area and period who were at or above {t} episodes in a rolling 90 days on any day of the period (by the repeat-missing rule, counting episodes received up to the end of the year, including those started before the period), whether or not they crossed it in the period.",
            f => f.ChildrenAtOrAbove[i])),
        new("completed_interviews", "Completed interviews", Interview, "Different completed interviews covering at least one of the area's notifications in the period: an interview covering three notifications counts once.", f => f.PerInterview.Completed),
        .. Methods.Select((m, i) => new ReturnColumn($"method_{m.ToLowerInvariant()}_interviews", $"Method: {Codes.InterviewMethod.Label(m)} (interviews)", Interview,
            $"Completed interviews held this way ({m}), each counted once (of completed_interviews).", f => f.PerInterview.ByMethod[i])),
        .. Venues.Select((v, i) => new ReturnColumn($"venue_{v.ToLowerInvariant()}_interviews", $"Venue: {Codes.Venue.Label(v)} (interviews)", Interview,
            $"Completed interviews held here ({v}), each counted once.", f => f.PerInterview.ByVenue[i])),
        new("top_primary_reasons_interviews", "Top main reasons (interviews)", Interview, "The three commonest main reasons recorded in completed interviews, with the number of interviews (each counted once).", f => f.PerInterview.TopReasons()),
        .. AgeBands.SelectMany((a, ai) => Genders.Select((g, gi) => new ReturnColumn($"children_age_{a.Name}_{g}", $"Children: {GenderLabel(g)}, {a.Label}", Child,
            $"Different children notified in the period who were {GenderLabel(g)} and aged {a.Label} at their first notification of the period (each child once per area).",
            f => f.ChildrenByAgeGender[(ai * Genders.Length) + gi]))),
        new("covered_by_earlier_offer", "Covered by an earlier offer", Notification, "Notifications that returned after their interview had already been offered and were joined to it by a practitioner's recorded decision (issue #22 §2): counted in rhi_offered, never in offered_within_72h or offered_within_72h_own_return.", f => f.T.EarlierOffer),
    ];

    private static readonly Dictionary<string, int> ColumnIndex = Columns.Select((c, i) => (c.Name, i)).ToDictionary(x => x.Name, x => x.i);

    public static int IndexOf(string column) => ColumnIndex[column];

    /// <summary>The column names as a file's header: the third is <c>quarter</c> in the quarterly return and <c>period</c>
    /// in monthly and annual ones.</summary>
    public static IReadOnlyList<string> Header(string period) => [.. Columns.Select(c => c.Name == "quarter" && period != "quarterly" ? "period" : c.Name)];

    public static string ToCsv(IEnumerable<ReturnRow> rows, string period = "quarterly")
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", Header(period)));
        foreach (var r in rows)
        {
            text.AppendLine(CsvWriting.Row([.. Columns.Select((c, i) => c.Format(r.Values[i]))]));
        }

        return text.ToString();
    }

    /// <summary>The return as a workbook: the figures, then a sheet of definitions.</summary>
    public static byte[] ToXlsx(IEnumerable<ReturnRow> rows, string period = "quarterly") => XlsxWriting.Write(
    [
        new XlsxSheet($"Missing {period}", Header(period), rows.Select(r => (IReadOnlyList<object?>)[.. r.Values])),
        new XlsxSheet("Definitions", ["column", "label", "counted_per", "definition"], Columns.Select(c => (IReadOnlyList<object?>)[c.Name, c.Label, c.CountedPer, c.Definition])),
    ]);

    /// <summary>JSON: one object per row, keyed by the same names as the CSV columns.</summary>
    public static string ToJson(IEnumerable<ReturnRow> rows, string period = "quarterly")
    {
        var header = Header(period);
        var objects = rows.Select(r => header.Select((name, i) => (name, r.Values[i])).ToDictionary(x => x.name, x => x.Item2));
        return JsonSerializer.Serialize(objects, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>The definitions of every column, as CSV or JSON (<c>beacon report missing-quarterly --definitions</c>).</summary>
    public static string Definitions(string format)
    {
        if (format == "json")
        {
            return JsonSerializer.Serialize(Columns.Select(c => new { column = c.Name, label = c.Label, counted_per = c.CountedPer, definition = c.Definition }), new JsonSerializerOptions { WriteIndented = true });
        }

        var text = new StringBuilder().AppendLine("column,label,counted_per,definition");
        foreach (var c in Columns)
        {
            text.AppendLine(CsvWriting.Row([c.Name, c.Label, c.CountedPer, c.Definition]));
        }

        return text.ToString();
    }
}
