using Microsoft.Net.Http.Headers;

namespace Beacon.Web.Infrastructure.Input;

/// <summary>
/// Refuses, before routing, authentication or any database work, a query string with a control character or broken
/// Unicode in a name or value, and a body whose Content-Type names a charset other than UTF-8 (an unknown one made reading it throw).
/// One rule for every page and endpoint, so a new one is covered.
/// </summary>
public sealed class QueryStringGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (InputRules.IsReExecuted(context))
        {
            await next(context);
            return;
        }

        foreach (var (name, values) in context.Request.Query)
        {
            if (!InputRules.IsAcceptable(name) || values.Any(v => !InputRules.IsAcceptable(v)))
            {
                var field = InputRules.IsAcceptable(name) ? name : "query string";
                await InputRules.RefuseAsync(context, field, InputRules.Unacceptable($"The query parameter {field}"));
                return;
            }
        }

        if (context.Request.ContentType is { } contentType && !KnownCharset(contentType))
        {
            await InputRules.RefuseAsync(context, "Content-Type", "The Content-Type names a charset Beacon does not read: send UTF-8 (charset=utf-8, or no charset). Nothing was changed.");
            return;
        }

        // ASP.NET Core's form reader itself refuses NUL in a URL-encoded form (the page would only say "bad request"):
        // read it here, and say which rule was broken. Other control characters are refused per field (FormFieldFilter).
        if (context.Request.HasFormContentType && context.Request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                await InputRules.RefuseAsync(context, "form", "The form contains a NUL character or a value that is too long: only text, tabs and line breaks are accepted. Nothing was changed.");
                return;
            }
        }

        await next(context);
    }

    /// <summary>No charset, or UTF-8 (JSON is UTF-8, RFC 8259 §8.1; browsers send forms without a charset). An
    /// unparseable Content-Type is left to the endpoint (415).</summary>
    private static bool KnownCharset(string contentType) =>
        !MediaTypeHeaderValue.TryParse(contentType, out var media) || media.Charset.Length == 0
        || media.Charset.ToString().Trim('"').ToUpperInvariant() is "UTF-8" or "UTF8";
}
