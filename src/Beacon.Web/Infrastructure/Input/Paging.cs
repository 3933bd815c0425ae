namespace Beacon.Web.Infrastructure.Input;

/// <summary>Page numbers and sizes for every paged list (docs/decisions/0015): checked before a query is built, so an
/// extreme page cannot overflow the offset (a 500 on PostgreSQL; on SQLite it wrapped to the first page).</summary>
public static class Paging
{
    public const int MaxPage = 100_000;

    public const int MaxPageSize = 200;

    /// <summary>Why <paramref name="page"/> or <paramref name="pageSize"/> is refused (field and message), or null.</summary>
    public static (string Field, string Message)? Problem(int page, int pageSize, string pageField = "page", string sizeField = "page_size") =>
        page is < 1 or > MaxPage ? (pageField, $"The page number must be a whole number from 1 to {MaxPage:N0}. Nothing was changed.")
        : pageSize is < 1 or > MaxPageSize ? (sizeField, $"The page size must be a whole number from 1 to {MaxPageSize}. Nothing was changed.")
        : null;

    /// <summary>The rows to skip, never overflowing (defence in depth: callers check <see cref="Problem"/> first).</summary>
    public static int Offset(int page, int pageSize) => (int)Math.Min(((long)Math.Max(page, 1) - 1) * Math.Max(pageSize, 0), int.MaxValue);
}
