using System.Text;
using Beacon.Domain.Missing;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Exports;

/// <summary>A record that would fail a DfE validation rule, with the child (its id links to its page) and the rule.</summary>
public sealed record RuleFailure(Guid ChildId, string ChildReference, string? LocalAuthorityChildId, string Rule, string Message);

public sealed record ExportResult(string Csv, int Rows, IReadOnlyList<RuleFailure> Failures);

/// <summary>
/// Statutory exports for a council's looked-after children (issue #4 §4; formats in shared/reference/statutory-formats.md).
/// A looked-after child here is one whose episode was notified with this council as responsible authority and the child
/// in its care (LA_CARE) or placed in the area by it (PLACED_BY_OTHER_LA). Reads through the access filter, so a council
/// user only ever exports their own children.
/// </summary>
public sealed class StatutoryExports(BeaconDbContext db)
{
    private sealed record Row(Guid ChildId, string ChildReference, string? ChildId903, LocalDate DateOfBirth, string MissingOrAbsent, Instant Start, Instant? End, Guid? InterviewId);

    private async Task<List<Row>> LookedAfterEpisodesAsync(int dfe, Instant from, Instant to, CancellationToken cancellationToken)
    {
        var authority = await db.Organisations.AsNoTracking().Where(o => o.DfeLaNumber == dfe).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"No council has the DfE number {dfe}.");
        var rows = await db.Episodes.AsNoTracking()
            .Where(e => e.ResponsibleAuthorityId == authority && (e.LivingSituation == "LA_CARE" || e.LivingSituation == "PLACED_BY_OTHER_LA")
                && e.ReportedMissingAt >= from && e.ReportedMissingAt < to && e.Child!.MergedIntoId == null)
            .Select(e => new Row(e.ChildId, e.Child!.Reference, e.Child.LocalAuthorityChildId, e.Child.DateOfBirth, e.MissingOrAbsent, e.ReportedMissingAt, e.ReturnedAt, e.ReturnInterviewId))
            .ToListAsync(cancellationToken);

        // The same order on every database: by the council's child id, then the child, then the start.
        return [.. rows.OrderBy(r => r.ChildId903, StringComparer.Ordinal).ThenBy(r => r.ChildReference, StringComparer.Ordinal).ThenBy(r => r.Start)];
    }

    /// <summary>The SSDA903 "Missing" table (CHILD,DOB,MISSING,MIS_START,MIS_END) for a collection year, with every
    /// record that would fail a DfE rule reported. Episodes starting in the collection year; MIS_END is blank while
    /// open or if the child returned after 31 March.</summary>
    public async Task<ExportResult> Ssda903MissingAsync(int dfe, int collectionYear, CancellationToken cancellationToken = default)
    {
        var year = FinancialYear.Year(collectionYear);
        var rows = await LookedAfterEpisodesAsync(dfe, year.StartInstant, year.EndInstant, cancellationToken);
        var failures = new List<RuleFailure>();
        var csv = new StringBuilder("CHILD,DOB,MISSING,MIS_START,MIS_END\n");
        var written = 0;
        static string Uk(LocalDate d) => d.ToString("dd/MM/yyyy", null);

        foreach (var child in rows.GroupBy(r => r.ChildId))
        {
            var first = child.First();
            if (string.IsNullOrWhiteSpace(first.ChildId903))
            {
                failures.Add(new RuleFailure(first.ChildId, first.ChildReference, null, "CHILD", "No council child identifier is recorded for this child: record it on the child's page, or upload your council's child ids."));
                continue;
            }

            LocalDate? previousEnd = null;
            var previousOpen = false;
            foreach (var e in child)
            {
                var start = ChildAge.DateOf(e.Start);
                var end = e.End is { } back ? ChildAge.DateOf(back) : (LocalDate?)null;
                var shownEnd = end is { } x && x < year.EndExclusive ? x : (LocalDate?)null;
                void Fail(string rule, string message) => failures.Add(new RuleFailure(e.ChildId, e.ChildReference, e.ChildId903, rule, message));
                if (e.MissingOrAbsent is not ("M" or "A"))
                {
                    Fail("1006", "MISSING must be M or A.");
                }

                if (end is { } finished && finished < start)
                {
                    Fail("567", $"The episode ends ({Uk(finished)}) before it starts ({Uk(start)}).");
                }

                if (!year.Contains(start))
                {
                    Fail("570", $"MIS_START {Uk(start)} is outside the collection year.");
                }

                if (start < first.DateOfBirth)
                {
                    Fail("586", $"The episode starts ({Uk(start)}) before the date of birth ({Uk(first.DateOfBirth)}).");
                }

                if (previousOpen || (previousEnd is { } pe && start < pe))
                {
                    Fail("574", $"The episode starting {Uk(start)} overlaps or is nested in the child's previous episode.");
                }

                previousOpen = end is null;
                previousEnd = end is { } z && (previousEnd is null || z > previousEnd) ? z : previousEnd;
                csv.Append(CsvWriting.Row([e.ChildId903, Uk(first.DateOfBirth), e.MissingOrAbsent, Uk(start), shownEnd is { } se ? Uk(se) : string.Empty])).Append('\n');
                written++;
            }
        }

        return new ExportResult(csv.ToString(), written, failures);
    }

    public static readonly string[] AnnexAColumns =
    [
        "Child Unique ID",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    ];

    /// <summary>Ofsted Annex A List 8's four missing columns per looked-after child with an episode in the 12 months to
    /// <paramref name="asOf"/>. Offered: the RHI covering the last missing episode was offered. Accepted: it was completed.</summary>
    public async Task<ExportResult> AnnexAMissingAsync(int dfe, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var to = asOf.PlusDays(1).AtStartOfDayInZone(ChildAge.London).ToInstant();
        var from = asOf.PlusMonths(-12).PlusDays(1).AtStartOfDayInZone(ChildAge.London).ToInstant();
        var rows = await LookedAfterEpisodesAsync(dfe, from, to, cancellationToken);
        var interviewIds = rows.Where(r => r.InterviewId is not null).Select(r => r.InterviewId!.Value).Distinct().ToList();
        var interviews = await db.ReturnInterviews.AsNoTracking().Where(r => interviewIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        var failures = new List<RuleFailure>();
        var csv = new StringBuilder(string.Join(",", AnnexAColumns.Select(CsvWriting.Field))).Append('\n');
        var written = 0;
        foreach (var child in rows.GroupBy(r => r.ChildId))
        {
            var first = child.First();
            if (string.IsNullOrWhiteSpace(first.ChildId903))
            {
                failures.Add(new RuleFailure(first.ChildId, first.ChildReference, null, "CHILD", "No council child identifier is recorded for this child: record it on the child's page, or upload your council's child ids."));
                continue;
            }

            var lastMissing = child.Where(e => e.MissingOrAbsent == "M").MaxBy(e => e.Start);
            var interview = lastMissing?.InterviewId is { } id ? interviews.GetValueOrDefault(id) : null;
            var offered = lastMissing is null ? string.Empty : interview?.OfferedAt is not null ? "Y" : "N";
            var accepted = lastMissing is null ? string.Empty : interview?.Status == RhiStatus.Completed ? "Y" : "N";
            csv.Append(CsvWriting.Row([first.ChildId903, child.Count(e => e.MissingOrAbsent == "M").ToString(System.Globalization.CultureInfo.InvariantCulture),
                child.Count(e => e.MissingOrAbsent == "A").ToString(System.Globalization.CultureInfo.InvariantCulture), offered, accepted])).Append('\n');
            written++;
        }

        return new ExportResult(csv.ToString(), written, failures);
    }
}
