using Beacon.Web.Infrastructure.Csv;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Shared;

/// <summary>The usual end of a form post on a record's page.</summary>
public static class FormOutcome
{
    /// <summary>
    /// Not found when the handler reports the record missing (or not visible: the same answer, so nothing leaks) through
    /// one of <paramref name="notFoundFields"/>; back to <paramref name="redirect"/> when it saved; otherwise the page
    /// again, re-loaded by <paramref name="reload"/>, with each error by its field and nothing changed.
    /// </summary>
    public static async Task<IActionResult> AfterPostAsync(this PageModel page, IReadOnlyList<FieldError> errors, string redirect, Func<Task<bool>> reload, params string[] notFoundFields)
    {
        if (errors.Any(e => notFoundFields.Contains(e.Field)))
        {
            return page.NotFound();
        }

        if (errors.Count == 0)
        {
            return new RedirectResult(redirect);
        }

        errors.AddTo(page.ModelState);
        return await reload() ? page.Page() : page.NotFound();
    }
}
