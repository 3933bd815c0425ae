using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Sharing;

/// <summary>A completed interview's summary shared with the user's organisation, as the list sorts and pages it.</summary>
public sealed class SharedSummaryItem
{
    public Guid Id { get; init; }

    public Guid ReturnInterviewId { get; init; }

    public string InterviewReference { get; init; } = string.Empty;

    public Guid ChildId { get; init; }

    public string GivenName { get; init; } = string.Empty;

    public string FamilyName { get; init; } = string.Empty;

    public string ChildReference { get; init; } = string.Empty;

    public Instant SharedAt { get; init; }

    public Instant? FirstViewedAt { get; init; }
}

/// <summary>Summaries shared with an organisation (issue #17 §1–2): the council's list and the home page's count of new ones.</summary>
public static class SharedSummaries
{
    public const int PageSize = 50;

    public static readonly SortKeys<SharedSummaryItem> Sorts = new SortKeys<SharedSummaryItem>("shared", true, q => q.ThenBy(s => s.Id))
        .Add("child", s => s.FamilyName + " " + s.GivenName)
        .Add("interview", s => s.InterviewReference)
        .Add("shared", s => s.SharedAt, descendingFirst: true)
        .Add("opened", s => s.FirstViewedAt, descendingFirst: true);

    /// <summary>Summaries shared with <paramref name="organisationId"/> about children the user may see; only those no one
    /// there has opened yet when <paramref name="newOnly"/>.</summary>
    public static IQueryable<SharedSummaryItem> Query(BeaconDbContext db, Guid? organisationId, bool newOnly) =>
        db.RhiShares.AsNoTracking().Where(s => s.OrganisationId == organisationId && (!newOnly || s.FirstViewedAt == null))
            .Join(db.ReturnInterviews, s => s.ReturnInterviewId, r => r.Id, (s, r) => new SharedSummaryItem
            {
                Id = s.Id,
                ReturnInterviewId = s.ReturnInterviewId,
                InterviewReference = r.Reference,
                ChildId = s.ChildId,
                GivenName = s.Child!.GivenName,
                FamilyName = s.Child.FamilyName,
                ChildReference = s.Child.Reference,
                SharedAt = s.SharedAt,
                FirstViewedAt = s.FirstViewedAt,
            });
}
