using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>
/// Every role-level refusal is audited (issue #16 §8): when an authorization policy forbids a signed-in user a page or
/// endpoint, one entry records who (the actor, as on every entry), what (<c>METHOD /path</c>, never the query string,
/// which may carry a name) and why (the endpoint's policies or roles and the requirement that failed). Then the usual
/// answer follows (403 for the API, the access-denied page for pages). A missing sign-in is a challenge, not a refusal.
/// </summary>
public sealed class AuditedAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler inner = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            var rules = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(a => a.Policy ?? (a.Roles is null ? null : $"roles {a.Roles}")).OfType<string>().Distinct().ToList() ?? [];
            var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.Select(r => r.GetType().Name).Distinct().ToList() ?? [];
            var why = $"policy: {(rules.Count == 0 ? "signed-in user" : string.Join(",", rules))}; failed: {(failed.Count == 0 ? "none named" : string.Join(",", failed))}";
            await RecordRefusalAsync(context, why);
        }

        await inner.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>Records a refusal of the current request (policy or a handler's own role check) as one entry.</summary>
    public static Task RecordRefusalAsync(HttpContext context, string why)
    {
        var path = context.Request.Path.Value ?? "/";
        var audit = context.RequestServices.GetRequiredService<AuditLog>();
        return audit.RecordAsync("access", "Endpoint", $"{context.Request.Method} {(path.Length > 300 ? path[..300] : path)}", "denied", why, context.RequestAborted);
    }
}

/// <summary>A page handler's own role check (e.g. "only the chair schedules") refuses through here, so its refusal is
/// audited like a policy's.</summary>
public static class AuditedForbid
{
    public static async Task<Microsoft.AspNetCore.Mvc.IActionResult> ForbidAuditedAsync(this Microsoft.AspNetCore.Mvc.RazorPages.PageModel page, string why)
    {
        await AuditedAuthorizationResultHandler.RecordRefusalAsync(page.HttpContext, why);
        return page.Forbid();
    }
}
