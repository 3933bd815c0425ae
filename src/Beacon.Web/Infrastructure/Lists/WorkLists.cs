using System.Linq.Expressions;
using Beacon.Web.Infrastructure.Input;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Infrastructure.Lists;

/// <summary>What a list was asked for in its URL: the page (1-based), the sort key and direction (issue #17 §2).
/// Filters stay in each page's own GET parameters; <see cref="Href"/> keeps them when sorting or paging.</summary>
public sealed record ListRequest(int Page, string? Sort, string? Dir)
{
    /// <summary>Reads <c>page</c>, <c>sort</c> and <c>dir</c> from the query string. A page that is not a number is the
    /// first page; a number out of range is refused (null, with the reason for the 400 page, ADR 15).</summary>
    public static ListRequest? From(HttpContext context)
    {
        var query = context.Request.Query;
        var text = query["page"].ToString();
        var page = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number
            : decimal.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _) ? -1 : 1;
        if (Paging.Problem(page, 1) is { } problem)
        {
            context.Items[InputRules.PageProblemKey] = problem.Message;
            return null;
        }

        return new ListRequest(page, query["sort"], query["dir"]);
    }

    /// <summary>This page's URL with some parameters changed (null removes one), every other parameter (the filters) kept.</summary>
    public static string Href(HttpRequest request, params (string Name, string? Value)[] changes)
    {
        var values = request.Query.Where(q => !changes.Any(c => c.Name == q.Key)).SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? string.Empty)))
            .Concat(changes.Where(c => c.Value is not null).Select(c => (Key: c.Name, Value: c.Value!)));
        var text = string.Join("&", values.Select(v => $"{Uri.EscapeDataString(v.Key)}={Uri.EscapeDataString(v.Value)}"));
        return request.Path + (text.Length == 0 ? string.Empty : "?" + text);
    }
}

/// <summary>What the sortable headers and the pager need to know about a page of any list.</summary>
public interface IListPage
{
    int Total { get; }

    int PageNumber { get; }

    int PageSize { get; }

    string Sort { get; }

    bool Descending { get; }

    int FirstRow { get; }

    int LastRow { get; }

    int Pages { get; }
}

/// <summary>One page of a list, the total it was drawn from and the sort actually used.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Rows, int Total, int PageNumber, int PageSize, string Sort, bool Descending) : IListPage
{
    public static readonly ListPage<T> Empty = new([], 0, 1, 1, string.Empty, false);

    public int FirstRow => Total == 0 ? 0 : ((PageNumber - 1) * PageSize) + 1;

    public int LastRow => Math.Min(PageNumber * PageSize, Total);

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public ListPage<TOther> With<TOther>(IReadOnlyList<TOther> rows) => new(rows, Total, PageNumber, PageSize, Sort, Descending);
}

/// <summary>A list's whitelisted sort keys (issue #17 §2): each key orders by one column, then by a unique tie-breaker so
/// pages never overlap. An unknown key or direction is the list's default, never an error.</summary>
public sealed class SortKeys<T>(string defaultKey, bool defaultDescending, Func<IOrderedQueryable<T>, IOrderedQueryable<T>> tieBreak)
{
    private readonly Dictionary<string, (Func<IQueryable<T>, bool, IOrderedQueryable<T>> Order, bool DescendingFirst)> keys = new(StringComparer.Ordinal);

    public string DefaultKey => defaultKey;

    /// <summary>Adds a key; <paramref name="descendingFirst"/> when a first click should show the largest or latest first.</summary>
    public SortKeys<T> Add<TKey>(string key, Expression<Func<T, TKey>> by, bool descendingFirst = false)
    {
        keys[key] = ((q, descending) => descending ? q.OrderByDescending(by) : q.OrderBy(by), descendingFirst);
        return this;
    }

    /// <summary>Adds a key that orders by two columns (e.g. family name, then given name), so a database index on both
    /// columns can serve the sort without sorting every row.</summary>
    public SortKeys<T> Add<TKey, TThen>(string key, Expression<Func<T, TKey>> by, Expression<Func<T, TThen>> then, bool descendingFirst = false)
    {
        keys[key] = ((q, descending) => descending ? q.OrderByDescending(by).ThenByDescending(then) : q.OrderBy(by).ThenBy(then), descendingFirst);
        return this;
    }

    public IEnumerable<string> Keys => keys.Keys;

    /// <summary>The key and direction to use for what was asked.</summary>
    public (string Key, bool Descending) Resolve(string? sort, string? dir)
    {
        if (sort is null || !keys.TryGetValue(sort, out var known))
        {
            return (defaultKey, defaultDescending);
        }

        return (sort, dir?.ToLowerInvariant() switch { "asc" => false, "desc" => true, _ => known.DescendingFirst });
    }

    public IOrderedQueryable<T> Apply(IQueryable<T> query, string key, bool descending) => tieBreak(keys[key].Order(query, descending));

    /// <summary>Counts the rows, then reads one page of them in the resolved order.</summary>
    public Task<ListPage<T>> PageAsync(IQueryable<T> query, ListRequest request, int pageSize, CancellationToken cancellationToken = default) =>
        PageAsync(query, rows => rows, request, pageSize, cancellationToken);

    /// <summary>Counts the chosen <paramref name="rows"/>, then reads one page of them as <paramref name="show"/> shows
    /// them, in the resolved order. The total need not join the tables that only name what a row is about (the child,
    /// the district, the worker): <paramref name="show"/> must keep every row (joins on required keys only).</summary>
    public async Task<ListPage<T>> PageAsync<TRow>(IQueryable<TRow> rows, Func<IQueryable<TRow>, IQueryable<T>> show, ListRequest request, int pageSize, CancellationToken cancellationToken = default)
    {
        var (key, descending) = Resolve(request.Sort, request.Dir);
        var total = await rows.CountAsync(cancellationToken);
        var page = await Apply(show(rows), key, descending).Skip(Paging.Offset(request.Page, pageSize)).Take(pageSize).ToListAsync(cancellationToken);
        return new ListPage<T>(page, total, request.Page, pageSize, key, descending);
    }
}
