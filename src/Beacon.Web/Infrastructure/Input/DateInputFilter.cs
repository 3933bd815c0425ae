using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Primitives;

namespace Beacon.Web.Infrastructure.Input;

/// <summary>
/// GOV.UK date inputs for every page form (ADR 31): before binding, the boxes <c>Field.Day</c>, <c>Field.Month</c>,
/// <c>Field.Year</c> (and <c>Field.Time</c>) are combined into the one string <c>Field</c> the page has always read, so
/// page models, validators and <c>Request.Form</c> readers are unchanged and a single posted string still works. After
/// the handler, a field's error is replaced by the date-input message saying what is wrong ("Date of birth must
/// include a month") when the boxes tell more than the page's own rule could.
/// </summary>
public sealed class DateInputFilter : IAsyncPageFilter
{
    private const string PartsKey = "beacon.date-parts";
    private const int MaxSubject = 100;

    public async Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType || InputRules.IsReExecuted(context.HttpContext))
        {
            return;
        }

        var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        var parts = DateParts.Fields(form).Distinct().Select(f => (Field: f, Parts: DateParts.From(form, f)!)).ToList();
        if (parts.Count == 0)
        {
            return;
        }

        var fields = form.ToDictionary(f => f.Key, f => f.Value, StringComparer.OrdinalIgnoreCase);
        foreach (var (field, boxes) in parts)
        {
            fields[field] = new StringValues(boxes.Combined);
        }

        request.Form = new FormCollection(fields, form.Files);
        context.HttpContext.Items[PartsKey] = parts;
    }

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (context.HttpContext.Items[PartsKey] is not List<(string Field, DateParts Parts)> parts || executed.ModelState.IsValid)
        {
            return;
        }

        var form = context.HttpContext.Request.Form;
        foreach (var (field, boxes) in parts)
        {
            if (executed.ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 && boxes.Problem(Subject(form, field)) is { } problem)
            {
                entry.Errors.Clear();
                entry.Errors.Add(problem.Message);
            }
        }
    }

    /// <summary>The name the page asks the date by, as its date input posted it; "The date" from a client that did not.</summary>
    private static string Subject(IFormCollection form, string field)
    {
        var subject = form[DateParts.SubjectKey(field)].ToString().Trim();
        return subject.Length is > 0 and <= MaxSubject && subject.All(c => !char.IsControl(c)) ? subject : "The date";
    }
}
