using Beacon.Domain.Reporting;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using NodaTime;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// A financial year chosen, not typed (issue #17 §3, ADR 31): a GOV.UK select listing "2026 to 2027" and the years
/// before it (<see cref="FinancialYear.Choices"/>), posting the year it starts in, so URLs and the CLI keep their number.
/// Rendered by Shared/_YearChoice.cshtml; <see cref="GroupClass"/> places it in a filter row.
/// </summary>
public sealed record YearChoice(string Name, int? Selected, string Label = "Financial year", string GroupClass = "beacon-filter", ModelStateDictionary? State = null, string? Hint = null)
{
    public string Id => Name.Replace('.', '-');

    public string? Error => State is not null && State.TryGetValue(Name, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    public IReadOnlyList<KeyValuePair<string, string>> Options(Instant now) =>
        [.. FinancialYear.Choices(now, also: Selected).Select(y => new KeyValuePair<string, string>(y.ToString(System.Globalization.CultureInfo.InvariantCulture), FinancialYear.InWords(y)))];
}
