using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// The fields of the page being rendered, in the order the page renders them, each with the id of the element its
/// error links to (a radio or checkbox group's first input). The field partials (_Field, _Choices, _TextArea, _Select)
/// report themselves; a field written by hand calls <see cref="Rendered"/> where it is rendered.
/// </summary>
public static class FieldOrder
{
    public static void Rendered(HttpContext context, string name, string id) => Of(context).TryAdd(name, id);

    internal static OrderedDictionary<string, string> Of(HttpContext context)
    {
        if (context.Items[typeof(FieldOrder)] is not OrderedDictionary<string, string> fields)
        {
            context.Items[typeof(FieldOrder)] = fields = new OrderedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        return fields;
    }
}

/// <summary>
/// The GOV.UK error summary (Shared/_ErrorSummary.cshtml). It stands above the fields, but Razor buffers the page and
/// writes this content out only when the whole page has been rendered, so by then every field has reported itself to
/// <see cref="FieldOrder"/>: the errors are listed in the order of their fields on the page (issue #17 §3), each linked
/// to the element the field really has. Errors about no field on the page (the whole form, or a stale version) come
/// first. ModelState itself cannot give the order: it keeps its keys sorted by name.
/// </summary>
public sealed class ErrorSummary(ModelStateDictionary state, HttpContext context) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        var errors = InPageOrder(state, FieldOrder.Of(context)).ToList();
        if (errors.Count == 0)
        {
            return;
        }

        writer.Write("<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\"><div role=\"alert\"><h2 class=\"govuk-error-summary__title\">There is a problem</h2>");
        writer.Write("<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list govuk-error-summary__list\">");
        foreach (var (id, message) in errors)
        {
            writer.Write("<li><a href=\"#");
            encoder.Encode(writer, id);
            writer.Write("\">");
            encoder.Encode(writer, message);
            writer.Write("</a></li>");
        }

        writer.Write("</ul></div></div></div>");
    }

    /// <summary>Each error with the id it links to: fields on the page in page order, after errors about none of them.</summary>
    public static IEnumerable<(string Id, string Message)> InPageOrder(ModelStateDictionary state, OrderedDictionary<string, string> fields) =>
        state.Where(e => e.Value is { Errors.Count: > 0 })
            .OrderBy(e => fields.IndexOf(e.Key))
            .SelectMany(e => e.Value!.Errors.Select(x => (Link(e.Key, fields), x.ErrorMessage)));

    private static string Link(string key, OrderedDictionary<string, string> fields) =>
        fields.TryGetValue(key, out var id) ? id : string.IsNullOrEmpty(key) ? "main-content" : key.Replace('.', '-');
}
