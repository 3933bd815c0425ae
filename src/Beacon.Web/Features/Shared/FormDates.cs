using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Shared;

/// <summary>Dates typed into forms: d/m/yyyy (as the GOV.UK hints show) or yyyy-mm-dd; null when not a real date.</summary>
public static class FormDates
{
    private static readonly LocalDatePattern[] Patterns = [LocalDatePattern.CreateWithInvariantCulture("d/M/uuuu"), LocalDatePattern.Iso];

    public static LocalDate? Parse(string? text) =>
        Patterns.Select(p => p.Parse((text ?? string.Empty).Trim())).FirstOrDefault(r => r.Success) is { } result ? result.Value : null;
}
