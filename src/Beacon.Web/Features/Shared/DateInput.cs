using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// A GOV.UK date input (day, month and year boxes; with <see cref="WithTime"/> a time box too), rendered by
/// Shared/_DateInput.cshtml. The boxes post as <c>Name.Day</c>, <c>Name.Month</c>, <c>Name.Year</c> (<c>Name.Time</c>) and
/// reach the page as the one string <c>Name</c> (<see cref="Beacon.Web.Infrastructure.Input.DateInputFilter"/>, ADR 31).
/// <see cref="Value"/> is that string (a saved date as <c>d/m/yyyy</c>, or <c>d/m/yyyy HH:mm</c>). Errors name the date by
/// <see cref="Subject"/> (the label unless given). <see cref="Autocomplete"/> <c>bday</c> marks a date of birth.
/// </summary>
public sealed record DateInput(string Name, string Label, string? Value, ModelStateDictionary State, string? Hint = null, bool WithTime = false, string? Autocomplete = null, string? Subject = null)
{
    /// <summary>The day box's id (the error summary links here when the whole date is wrong); the others add <c>-month</c>, <c>-year</c>, <c>-time</c>.</summary>
    public string Id => Name.Replace('.', '-');

    public string? Error => State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    /// <summary>The label without its note in brackets ("Next review (optional)" is "Next review").</summary>
    public string MessageSubject => Subject ?? (Label.IndexOf(" (", StringComparison.Ordinal) is > 0 and var i ? Label[..i] : Label);

    public string HintText => Hint ?? (WithTime ? "UK time. For example, 21 11 2026 and 14:30" : "For example, 27 3 2026");

    /// <summary>The id of one box.</summary>
    public string BoxId(string box) => box == DateParts.DayBox ? Id : $"{Id}-{box}";
}

/// <summary>Where the error summary links for a date input: the first box at fault (GOV.UK), else the field's id.</summary>
public static class DateInputAnchor
{
    public static string For(HttpRequest request, string id)
    {
        if (!request.HasFormContentType)
        {
            return id;
        }

        var field = DateParts.Fields(request.Form).FirstOrDefault(f => f.Replace('.', '-') == id);
        var box = field is null ? null : DateParts.From(request.Form, field)?.Problem(string.Empty)?.FirstBox;
        return box is null or DateParts.DayBox ? id : $"{id}-{box}";
    }
}
