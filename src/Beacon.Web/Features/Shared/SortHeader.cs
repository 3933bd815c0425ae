using Beacon.Web.Infrastructure.Lists;

namespace Beacon.Web.Features.Shared;

/// <summary>A sortable column header (the MOJ sortable table pattern, server side): a link that sorts by
/// <paramref name="Key"/>, and <c>aria-sort</c> on the column the list is sorted by.</summary>
public sealed record SortHeader(string Label, string Key, IListPage List, string? CssClass = null);

/// <summary>The line above a list saying how many rows there are and which are shown (its <c>data-total</c> is the total).</summary>
public sealed record ListCount(IListPage List, string One, string Many);
