using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
using Beacon.Web.Infrastructure.Input;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Children;

/// <summary>A row of a child list: what a list or search shows, nothing more.</summary>
public sealed record ChildSummary(Guid Id, string Reference, string Name, LocalDate DateOfBirth, string District, string LivingSituation);

/// <summary>A child as the children list sorts and pages it.</summary>
public sealed class ChildItem
{
    public Guid Id { get; init; }

    public string Reference { get; init; } = string.Empty;

    public string GivenName { get; init; } = string.Empty;

    public string FamilyName { get; init; } = string.Empty;

    public LocalDate DateOfBirth { get; init; }

    public string District { get; init; } = string.Empty;

    public string LivingSituation { get; init; } = string.Empty;
}

/// <summary>A child's record as the record page and the API show it.</summary>
public sealed record ChildDetail(Guid Id, string Reference, string GivenName, string FamilyName, LocalDate DateOfBirth, int Age, string Gender,
    string? EthnicityCode, string? NhsNumber, string? PolicePersonId, string HostDistrictCode, string HostDistrict, string? Locality,
    string ResponsibleAuthority, string? HostAuthority, string LivingSituation, int Version, IReadOnlyList<TimelineItem> Timeline, int EpisodesLast90Days, Guid? MergedInto,
    Guid ResponsibleAuthorityId, string? LocalAuthorityChildId);

/// <summary>An opened child's record, and whether there are outcome readings or family goals to load for the record page.</summary>
public sealed record OpenedChild(ChildDetail Detail, bool HasOutcomeReadings, bool HasFamilyGoals);

/// <summary>One event on a child's timeline (episodes, RHIs, intervention meetings, exploitation referrals: risk over time).</summary>
public sealed record TimelineItem(Instant At, string Kind, string Text, string? Link, string? SummaryLink = null);

/// <summary>
/// Reading children's records. Visibility comes from the global query filter; this handler adds the audit: every
/// opened record writes a "view" entry, and an attempt to open a record the user may not see writes a "denied" entry
/// and looks exactly like a record that does not exist (404), so ids cannot be probed.
/// </summary>
public sealed class ChildRecords(BeaconDbContext db, AuditLog audit, RecordOpener opener, IClock clock)
{
    private static readonly DateTimeZone London = UkTime.Zone;

    public async Task<ChildDetail?> OpenAsync(Guid id, string via, CancellationToken cancellationToken = default) =>
        (await OpenRecordAsync(id, via, cancellationToken))?.Detail;

    /// <summary>Opens a child's record as <see cref="OpenAsync"/> does, and says whether the child has any outcome readings
    /// or family goals, so the record page loads those only when there is something to show (issue #21 §4: the child, its
    /// district, its authorities and those two answers come back in one statement).</summary>
    public async Task<OpenedChild?> OpenRecordAsync(Guid id, string via, CancellationToken cancellationToken = default)
    {
        // A mentor reads a mentee through /mentees, which shows only what mentoring needs (docs/decisions/0022).
        var row = db.Actor.Scope.Kind == Beacon.Domain.Access.ScopeKind.MatchedChildren ? null
            : await db.Children.AsNoTracking().Where(c => c.Id == id).Select(c => new
            {
                Child = c,
                District = db.Areas.Where(a => a.GssCode == c.HostDistrictCode).Select(a => a.Name).FirstOrDefault(),
                Locality = db.Areas.Where(a => a.GssCode == c.HostDistrictCode).Select(a => a.Locality).FirstOrDefault(),
                Responsible = db.Organisations.Where(o => o.Id == c.ResponsibleAuthorityId).Select(o => o.Name).FirstOrDefault(),
                Host = db.Organisations.Where(o => o.Id == c.HostAuthorityId).Select(o => o.Name).FirstOrDefault(),
                HasReadings = db.Set<Outcomes.OutcomeReading>().Any(r => r.ChildId == c.Id),
                HasGoals = db.Set<KeyWork.FamilyGoal>().Any(g => g.ChildId == c.Id),
            }).SingleOrDefaultAsync(cancellationToken);
        // The one way a record's view is audited (RecordOpener): allowed, or denied / not-found, with the page that read it.
        await opener.AuditViewAsync<Child>(id, nameof(Child), row is null ? null : id.ToString(), cancellationToken, $"via: {via}");
        if (row is null)
        {
            return null;
        }

        var child = row.Child;
        var now = clock.GetCurrentInstant();
        var today = now.InZone(London).Date;
        var episodes = await db.Episodes.AsNoTracking().Where(e => e.ChildId == id).OrderByDescending(e => e.ReportedMissingAt).ToListAsync(cancellationToken);
        var interviews = await db.ReturnInterviews.AsNoTracking().Where(r => r.ChildId == id).ToListAsync(cancellationToken);
        var meetings = await db.InterventionMeetings.AsNoTracking().Where(m => m.ChildId == id).ToListAsync(cancellationToken);
        var referrals = await db.Referrals.AsNoTracking().Where(r => r.ChildId == id).ToListAsync(cancellationToken);
        var reviews = await db.RiskReviews.AsNoTracking().Where(r => r.ChildId == id).ToListAsync(cancellationToken);
        var hardship = await db.Set<Contract.HardshipPayment>().AsNoTracking().Where(p => p.ChildId == id).ToListAsync(cancellationToken);
        var timeline = episodes.Select(e => new TimelineItem(e.ReportedMissingAt, e.MissingOrAbsent == "M" ? "Missing" : "Absent",
                $"{Missing.ForceIdentifiers.Reference(db.Actor.Scope, e.NotifyingPoliceForceId, e.PoliceReference)}: reported {CodeList.InSentence(Codes.MissingOrAbsent.Label(e.MissingOrAbsent))}, police risk {CodeList.InSentence(Codes.PoliceRisk.Label(e.PoliceRisk))}{(e.ReturnedAt is { } r ? $", returned {UkTime.Format(r)}" : ", not yet returned")}", null))
            .Concat(interviews.Select(r => new TimelineItem(r.FirstReturnedAt, "Return interview", $"{r.Reference}: {Beacon.Web.Features.ReturnInterviews.RhiDetailsModel.StatusText(r)}", $"/return-interviews/{r.Id}",
                r.Status == Beacon.Domain.Missing.RhiStatus.Completed ? $"/return-interviews/{r.Id}/summary" : null)))
            .Concat(meetings.Select(m => new TimelineItem(m.CrossedOn.AtStartOfDayInZone(London).ToInstant(), "Intervention meeting",
                $"{m.Level}+ episodes in the window: {(m.HeldOn is { } held ? $"held {held.ToString("d MMM yyyy", null)}" : $"needed by {m.DueOn.ToString("d MMM yyyy", null)}")}", null)))
            .Concat(referrals.Select(r => new TimelineItem(r.ReceivedOn.AtStartOfDayInZone(London).ToInstant(), "Exploitation referral",
                $"{r.Reference}: {(r.Status == Beacon.Web.Features.Exploitation.Referral.Inappropriate ? "inappropriate" : $"{Beacon.Web.Features.Exploitation.ExploitationVocabulary.Levels[r.Level].ToLowerInvariant()} risk")}{(r.OverrideReason is null ? string.Empty : $" (scored {Beacon.Web.Features.Exploitation.ExploitationVocabulary.Levels[r.ScoredLevel].ToLowerInvariant()})")} — {Beacon.Web.Features.Exploitation.ExploitationVocabulary.PathwayText(r)}", $"/referrals/{r.Id}")))
            .Concat(reviews.Select(r => new TimelineItem(r.CreatedAt, "Risk reassessed",
                $"{Beacon.Web.Features.Exploitation.ExploitationVocabulary.Levels[r.Level].ToLowerInvariant()} risk", $"/referrals/{r.ReferralId}")))
            .Concat(hardship.Select(p => new TimelineItem(p.PaidOn.AtStartOfDayInZone(London).ToInstant(), "Hardship payment", Contract.HardshipFund.TimelineText(p), null)))
            .OrderByDescending(t => t.At).ToList();
        var recent = episodes.Count(e => now - e.ReportedMissingAt <= Duration.FromDays(90));
        return new OpenedChild(new ChildDetail(child.Id, child.Reference, child.GivenName, child.FamilyName, child.DateOfBirth,
            Beacon.Domain.Missing.ChildAge.YearsOn(child.DateOfBirth, today), child.Gender, child.EthnicityCode, child.NhsNumber,
            Missing.ForceIdentifiers.PersonId(db.Actor.Scope, child.NotifyingPoliceForceId, child.PolicePersonId), child.HostDistrictCode, row.District ?? child.HostDistrictCode, row.Locality, row.Responsible ?? string.Empty,
            row.Host, child.LivingSituation, child.Version, timeline, recent, child.MergedIntoId, child.ResponsibleAuthorityId, child.LocalAuthorityChildId), row.HasReadings, row.HasGoals);
    }

    /// <summary>Records the responsible authority's own id for the child (used by statutory returns). Allowed for the
    /// provider's caseworkers and the responsible authority's users; returns an error message or null.</summary>
    public async Task<string?> SetLocalAuthorityChildIdAsync(Guid id, string? value, bool providerCaseworker, Guid? organisationId, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (child is null)
        {
            return "Not found";
        }

        if (!providerCaseworker && child.ResponsibleAuthorityId != organisationId)
        {
            return "Only the responsible authority or the provider can record the council's child id";
        }

        // The same rules as the council's bulk upload (issue #17 §5): format, one child per id in the council, audited.
        var text = CouncilChildIds.CouncilChildIdRules.Normalise(value, out var formatError);
        if (formatError is not null)
        {
            return formatError;
        }

        if (text == child.LocalAuthorityChildId)
        {
            return null;
        }

        if (text is not null && await CouncilChildIds.CouncilChildIdRules.TakenAsync(db, child.ResponsibleAuthorityId, child.Id, text, cancellationToken) is { } taken)
        {
            return taken;
        }

        var old = child.LocalAuthorityChildId;
        child.LocalAuthorityChildId = text;
        await db.SaveChangesAsync(cancellationToken);
        await CouncilChildIds.CouncilChildIdRules.AuditChangeAsync(audit, child.Id, old, text, "child's page", cancellationToken);
        return null;
    }

    /// <summary>The children list's sort keys (issue #17 §2): by name unless asked otherwise. A name is family then given
    /// name, and a living situation is followed by the given name, in the same direction, so an index on both columns
    /// serves either direction.</summary>
    public static readonly SortKeys<ChildItem> Sorts = new SortKeys<ChildItem>("name", false, q => q.ThenBy(c => c.GivenName).ThenBy(c => c.Reference).ThenBy(c => c.Id))
        .Add("name", c => c.FamilyName, c => c.GivenName)
        .Add("reference", c => c.Reference)
        .Add("dob", c => c.DateOfBirth, descendingFirst: true)
        .Add("district", c => c.District)
        .Add("living", c => c.LivingSituation, c => c.GivenName);

    /// <summary>Children with an open return interview (awaiting an offer, or offered).</summary>
    /// <remarks>The children are already only those the reader may see (the children's own filter stays on), so the
    /// interviews are not checked against the child rule a second time: for a council that second check read every child
    /// again and doubled the list's time (ADR 36). A mentor sees no child's interviews (ADR 22), so none here. Warning:
    /// this switches the child-record filter off for the whole query built on it (the children list's rows), so
    /// nothing composed onto it may read child records except through the row's own child.</remarks>
    public static IQueryable<Child> WithOpenInterview(BeaconDbContext db, IQueryable<Child> children) =>
        db.ScopeKind == Beacon.Domain.Access.ScopeKind.MatchedChildren ? children.Where(c => false)
        : children.IgnoreQueryFilters([BeaconDbContext.ChildRecordFilter])
            .Where(c => c.MergedIntoId == null && db.ReturnInterviews.Any(r => r.ChildId == c.Id && (r.Status == Beacon.Domain.Missing.RhiStatus.AwaitingOffer || r.Status == Beacon.Domain.Missing.RhiStatus.Offered)));

    public async Task<(IReadOnlyList<ChildSummary> Page, int Total)> SearchAsync(string? query, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var list = await ListAsync(query, null, new ListRequest(page, null, null), pageSize, cancellationToken);
        return (list.Rows, list.Total);
    }

    /// <summary>One page of the children the user may see, searched (<paramref name="query"/>), optionally only those with
    /// an open return interview (<paramref name="rhi"/> "open"), sorted as asked; audited with the ids shown.</summary>
    public async Task<ListPage<ChildSummary>> ListAsync(string? query, string? rhi, ListRequest list, int pageSize, CancellationToken cancellationToken = default)
    {
        var page = await PageAsync(query, rhi, list, pageSize, cancellationToken);
        // Every list is audited with the ids it showed (issue #16 §8); a search says only that there was one and its hit count.
        var filter = (string.IsNullOrWhiteSpace(query) ? $"page: {page.PageNumber}" : $"search; hits: {page.Total}; page: {page.PageNumber}")
            + (rhi == "open" ? "; open interview" : string.Empty) + $"; sort: {page.Sort}";
        await audit.RecordListAsync(nameof(Child), filter, page.Rows.Select(r => r.Id.ToString()), cancellationToken);
        return page.With<ChildSummary>([.. page.Rows.Select(c => new ChildSummary(c.Id, c.Reference, c.GivenName + " " + c.FamilyName, c.DateOfBirth, c.District, c.LivingSituation))]);
    }

    /// <summary>One page of the list, not audited (<see cref="ListAsync"/> audits it; the list benchmark times this).
    /// Sorted by district, the districts are taken in the database's order of their names and each district's children
    /// read from the index on (district, given name), so no page sorts every child: a count per district gives the total
    /// and where each district starts (docs/decisions/0036). The order is the same as sorting by district name, then the
    /// list's tie-breakers (given name, reference, id), with districts of the same name taken by code.</summary>
    public async Task<ListPage<ChildItem>> PageAsync(string? query, string? rhi, ListRequest list, int pageSize, CancellationToken cancellationToken = default)
    {
        var (key, descending) = Sorts.Resolve(list.Sort, list.Dir);
        if (key != "district")
        {
            return await Sorts.PageAsync(ListRows(query, rhi), ListItems, list, pageSize, cancellationToken);
        }

        var counts = await ListRows(query, rhi).GroupBy(c => c.HostDistrictCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var districts = await db.Areas.AsNoTracking().OrderBy(a => a.Name).ThenBy(a => a.GssCode).Select(a => a.GssCode).ToListAsync(cancellationToken);
        if (descending)
        {
            districts.Reverse();
        }

        var total = counts.Values.Sum();
        var skip = Paging.Offset(list.Page, pageSize);
        var rows = new List<ChildItem>();
        foreach (var code in districts.Where(counts.ContainsKey))
        {
            if (skip >= counts[code])
            {
                skip -= counts[code];
                continue;
            }

            rows.AddRange(await ListItems(ListRows(query, rhi).Where(c => c.HostDistrictCode == code))
                .OrderBy(c => c.GivenName).ThenBy(c => c.Reference).ThenBy(c => c.Id).Skip(skip).Take(pageSize - rows.Count).ToListAsync(cancellationToken));
            skip = 0;
            if (rows.Count == pageSize)
            {
                break;
            }
        }

        return new ListPage<ChildItem>(rows, total, list.Page, pageSize, key, descending);
    }

    /// <summary>The children the search and filter choose (the list's total counts these).</summary>
    public IQueryable<Child> ListRows(string? query, string? rhi)
    {
        var children = db.Children.AsNoTracking().Where(c => c.MergedIntoId == null);
        if (rhi == "open")
        {
            children = WithOpenInterview(db, children);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            // Each alternative can use an index (issue #17 §2): Beacon's references are upper case; a name anywhere in
            // "given family" (which covers a family name's start) is a LIKE that PostgreSQL's trigram index serves.
            var q = query.Trim().ToLowerInvariant();
            var reference = query.Trim().ToUpperInvariant();
            var police = query.Trim();
            var nhs = q.Replace(" ", string.Empty);
            var pattern = "%" + q.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            children = children.Where(c => c.Reference == reference || c.PolicePersonId == police || c.NhsNumber == nhs
                || EF.Functions.Like((c.GivenName + " " + c.FamilyName).ToLower(), pattern, "\\"));
        }

        return children;
    }

    /// <summary>What the list shows of each child, with its district's name (a required key, so every child is kept).</summary>
    public IQueryable<ChildItem> ListItems(IQueryable<Child> children) =>
        children.Join(db.Areas, c => c.HostDistrictCode, a => a.GssCode, (c, a) => new ChildItem
        {
            Id = c.Id,
            Reference = c.Reference,
            GivenName = c.GivenName,
            FamilyName = c.FamilyName,
            DateOfBirth = c.DateOfBirth,
            District = a.Name,
            LivingSituation = c.LivingSituation,
        });
}
