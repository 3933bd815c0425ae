using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Beacon.Web.Infrastructure.Input;

/// <summary>
/// Refuses a page form post with a control character or broken Unicode in any field (<see cref="InputRules"/>) before its
/// handler runs: the GOV.UK error page names the field, and nothing is changed. For every page, so a new form is covered.
/// </summary>
public sealed class FormFieldFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (request.HasFormContentType && !InputRules.IsReExecuted(context.HttpContext))
        {
            var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
            foreach (var (name, values) in form)
            {
                if (!InputRules.IsAcceptable(name) || values.Any(v => !InputRules.IsAcceptable(v)))
                {
                    context.HttpContext.Items[InputRules.PageProblemKey] = InputRules.Unacceptable(InputRules.IsAcceptable(name) ? $"The field {name}" : "A field name");
                    context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
                    return;
                }
            }
        }

        await next();
    }
}
