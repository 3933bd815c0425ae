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
    public static string LivingSituation(string code) => Beacon.Domain.Vocabulary.Codes.LivingSituation.Label(code);
}
