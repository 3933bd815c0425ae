using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// GOV.UK radios or checkboxes (Shared/_Choices.cshtml). <paramref name="Unavailable"/>: options that cannot be chosen
/// now, each with the reason, shown disabled with the reason as its hint (said before the user fills anything in).
/// <paramref name="Reveal"/>: questions that apply only when an option is chosen, each a <see cref="Field"/>,
/// <see cref="Choices"/>, <see cref="TextArea"/> or <see cref="Select"/>, shown as a GOV.UK conditional reveal.
/// </summary>
public sealed record Choices(string Name, string Legend, IReadOnlyDictionary<string, string> Options, IReadOnlyCollection<string> Selected, ModelStateDictionary State, bool Multiple = false, string? Hint = null, bool Inline = false,
    IReadOnlyDictionary<string, string>? Unavailable = null, IReadOnlyDictionary<string, IReadOnlyList<object>>? Reveal = null)
{
    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The shared partial that renders a question.</summary>
    public static string PartialFor(object question) => question switch
    {
        Field => "_Field",
        Choices => "_Choices",
        TextArea => "_TextArea",
        Select => "_Select",
        _ => throw new ArgumentException($"No partial renders a {question.GetType().Name}", nameof(question)),
    };
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
}
