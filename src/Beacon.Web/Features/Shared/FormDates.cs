using Beacon.Web.Infrastructure.Time;
using NodaTime;

namespace Beacon.Web.Features.Shared;

/// <summary>Dates typed into forms: d/m/yyyy (as the GOV.UK hints show) or yyyy-mm-dd; null when not a real date
/// (<see cref="DateEntry"/>, which files and the API share).</summary>
public static class FormDates
{
    public static LocalDate? Parse(string? text) => DateEntry.Parse(text);
}
