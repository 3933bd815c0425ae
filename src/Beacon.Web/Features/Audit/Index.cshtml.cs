using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Audit;

/// <summary>"Who looked at this child?" — managers search the audit log by child (Beacon reference or name, among the
/// children they may see; issue #17 §7), record id, user and dates, as far as <see cref="AuditReader"/> lets them (their
/// own organisation's entries about records it may see). Searching is itself audited.</summary>
public sealed class AuditModel(AuditReader reader, AuditLog audit, BeaconDbContext db) : PageModel
{
    private static readonly ZonedDateTimePattern Pattern = ZonedDateTimePattern.CreateWithInvariantCulture("d MMM uuuu HH:mm:ss", null);
    private static readonly LocalDatePattern[] DatePatterns = [LocalDatePattern.CreateWithInvariantCulture("d/M/uuuu"), LocalDatePattern.Iso];

    [BindProperty(SupportsGet = true)]
    public string? Child { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Record { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>Children the search names when more than one matches: the user chooses one.</summary>
    public IReadOnlyList<(Guid Id, string Name, string Reference)> Choices { get; private set; } = [];

    /// <summary>The child searched for, when one was found.</summary>
    public (Guid Id, string Name, string Reference)? Found { get; private set; }

    public bool Searched => !string.IsNullOrWhiteSpace(Child) || !string.IsNullOrWhiteSpace(Record) || !string.IsNullOrWhiteSpace(UserName) || !string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To);

    public static string London(Instant instant) => Pattern.Format(instant.InZone(UkTime.Zone));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var from = Date(nameof(From), From);
        var to = Date(nameof(To), To);
        if (!ModelState.IsValid)
        {
            return;
        }

        var record = Record;
        if (!string.IsNullOrWhiteSpace(Child))
        {
            // Only among the children the reader may see (the children's query filter): a name never reveals others.
            var q = Child.Trim().ToLowerInvariant();
            var matches = await db.Children.AsNoTracking().Where(c => c.MergedIntoId == null && (c.Reference.ToLower() == q || (c.GivenName + " " + c.FamilyName).ToLower().Contains(q) || c.FamilyName.ToLower() == q))
                .OrderBy(c => c.FamilyName).ThenBy(c => c.GivenName).ThenBy(c => c.Reference).Take(20)
                .Select(c => new { c.Id, Name = c.GivenName + " " + c.FamilyName, c.Reference }).ToListAsync(cancellationToken);
            if (matches.Count != 1)
            {
                Choices = [.. matches.Select(m => (m.Id, m.Name, m.Reference))];
                await audit.RecordAsync("audit-search", "AuditLog", null, details: $"child search; matches: {matches.Count}", cancellationToken: cancellationToken);
                return;
            }

            Found = (matches[0].Id, matches[0].Name, matches[0].Reference);
            record = matches[0].Id.ToString();
        }

        Entries = await reader.SearchAsync(record, UserName, cancellationToken, from?.AtStartOfDayInZone(ChildAge.London).ToInstant(), to?.PlusDays(1).AtStartOfDayInZone(ChildAge.London).ToInstant());
        await audit.RecordAsync("audit-search", "AuditLog", record?.Trim(), details: UserName is null ? null : "by user", cancellationToken: cancellationToken);
    }

    private LocalDate? Date(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var pattern in DatePatterns)
        {
            if (pattern.Parse(text.Trim()) is { Success: true } parsed)
            {
                return parsed.Value;
            }
        }

        ModelState.AddModelError(field, $"Enter the {(field == nameof(From) ? "first" : "last")} date as a real date, like 27/3/2026");
        return null;
    }
}
