using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Beacon.Web.Infrastructure.Security;

/// <summary>
/// A request no handler of the page answers (a POST to a page without OnPost, or <c>?handler=</c> naming none) would
/// otherwise render the page without its data loaded — a server error the wapiti scan found on the child record. Such
/// requests get 404 (GET) or 405 instead, for every page with handlers, so a new page cannot forget.
/// </summary>
public sealed class UnknownHandlerFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && context.ActionDescriptor.HandlerMethods.Count > 0)
        {
            var method = context.HttpContext.Request.Method;
            context.Result = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? new NotFoundResult() : new StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return;
        }

        await next();
    }
}
