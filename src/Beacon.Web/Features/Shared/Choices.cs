using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Web.Features.Shared;

/// <summary>GOV.UK radios or checkboxes (Shared/_Choices.cshtml).</summary>
public sealed record Choices(string Name, string Legend, IReadOnlyDictionary<string, string> Options, IReadOnlyCollection<string> Selected, ModelStateDictionary State, bool Multiple = false, string? Hint = null, bool Inline = false)
{
    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}

/// <summary>A GOV.UK textarea (Shared/_TextArea.cshtml).</summary>
public sealed record TextArea(string Name, string Label, string? Value, ModelStateDictionary State, string? Hint = null, int Rows = 4)
{
    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
