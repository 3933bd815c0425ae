using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Web.Features.Shared;

/// <summary>A GOV.UK text input with label, hint and error message (rendered by Shared/_Field.cshtml).</summary>
public sealed record Field(string Name, string Label, string? Value, ModelStateDictionary State, string Type = "text", string? Hint = null, string? Autocomplete = null, string Width = "govuk-!-width-two-thirds", bool LabelIsHeading = false)
{
    public string Id => Name.Replace('.', '-');

    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

/// <summary>Helpers for GOV.UK markup.</summary>
public static class Govuk
{
    /// <summary>All errors in display order for the error summary, each linked to its field.</summary>
    public static IEnumerable<(string Id, string Message)> Errors(ModelStateDictionary state) =>
        state.Where(e => e.Value is { Errors.Count: > 0 }).SelectMany(e => e.Value!.Errors.Select(x => (string.IsNullOrEmpty(e.Key) ? "main-content" : e.Key.Replace('.', '-'), x.ErrorMessage)));

    public static string LivingSituation(string code) => Beacon.Domain.Vocabulary.Codes.LivingSituation.Label(code);
}
