using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Web.Features.Shared;

/// <summary>GOV.UK radios or checkboxes (Shared/_Choices.cshtml).</summary>
public sealed record Choices(string Name, string Legend, IReadOnlyDictionary<string, string> Options, IReadOnlyCollection<string> Selected, ModelStateDictionary State, bool Multiple = false, string? Hint = null, bool Inline = false)
{
    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

/// <summary>A GOV.UK textarea (Shared/_TextArea.cshtml).</summary>
public sealed record TextArea(string Name, string Label, string? Value, ModelStateDictionary State, string? Hint = null, int Rows = 4, string? Id = null)
{
    public string ElementId => Id ?? Name.Replace('.', '-');

    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

/// <summary>A GOV.UK select (Shared/_Select.cshtml); <see cref="Options"/> in display order, value → text.</summary>
public sealed record Select(string Name, string Label, IReadOnlyList<KeyValuePair<string, string>> Options, string? Selected, ModelStateDictionary State, string? Hint = null, string? Empty = "Select one")
{
    public string Id => Name.Replace('.', '-');

    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

/// <summary>Puts a handler's field errors on the page's model state, for the error summary and the fields.</summary>
public static class FieldErrors
{
    public static void AddTo(this IEnumerable<Beacon.Web.Infrastructure.Csv.FieldError> errors, ModelStateDictionary state)
    {
        foreach (var error in errors)
        {
            state.AddModelError(error.Field, error.Message);
        }
    }

    /// <summary>Errors in the order of their fields on the page (GOV.UK error summary), others after them as they came.</summary>
    public static IEnumerable<Beacon.Web.Infrastructure.Csv.FieldError> InPageOrder(this IEnumerable<Beacon.Web.Infrastructure.Csv.FieldError> errors, string[] fields) =>
        errors.OrderBy(e => Array.IndexOf(fields, e.Field) is var i and >= 0 ? i : int.MaxValue);
}
