using Microsoft.AspNetCore.Diagnostics;

namespace Beacon.Web.Infrastructure.Input;

/// <summary>
/// Hostile input (docs/decisions/0015): text Beacon accepts, and how a refusal is answered — problem details naming the
/// field for the API, the GOV.UK error page naming it for people. A refusal happens before anything is read or changed.
/// </summary>
public static class InputRules
{
    /// <summary>Where a page refusal's message waits for the error page (the same request, re-executed).</summary>
    public const string PageProblemKey = "beacon.input-problem";

    /// <summary>Control characters other than tab, CR and LF (NUL among them: PostgreSQL refuses it in text) and lone
    /// UTF-16 surrogates (not encodable as UTF-8) are refused in query strings, form fields and JSON strings.</summary>
    public static bool IsAcceptable(string? text)
    {
        if (text is null)
        {
            return true;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not '\t' and not '\r' and not '\n')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    public static string Unacceptable(string field) =>
        $"{field} contains a control character (such as NUL) or broken Unicode: only text, tabs and line breaks are accepted. Nothing was changed.";

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api/v1") || path.StartsWithSegments("/openapi");

    /// <summary>True while the error page is rendering a refusal (the same request, re-executed): not checked again.</summary>
    public static bool IsReExecuted(HttpContext context) => context.Features.Get<IStatusCodeReExecuteFeature>() is not null;

    /// <summary>Answers 400 naming <paramref name="field"/>: problem details for the API; for a page, an empty 400 that
    /// the status-code page turns into the GOV.UK error page showing the message.</summary>
    public static async Task RefuseAsync(HttpContext context, string field, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        if (IsApi(context.Request.Path))
        {
            await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request was refused", detail: message)
                .ExecuteAsync(context);
        }
        else
        {
            context.Items[PageProblemKey] = message;
        }
    }
}
