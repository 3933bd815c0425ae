using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Audit;

/// <summary>"Who looked at this child?" — managers search the audit log by record or user, as far as <see cref="AuditReader"/>
/// lets them (their own organisation's entries about records it may see). Searching is itself audited.</summary>
public sealed class AuditModel(AuditReader reader, AuditLog audit) : PageModel
{
    private static readonly ZonedDateTimePattern Pattern = ZonedDateTimePattern.CreateWithInvariantCulture("d MMM uuuu HH:mm:ss", null);

    [BindProperty(SupportsGet = true)]
    public string? Record { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserName { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public static string London(Instant instant) => Pattern.Format(instant.InZone(UkTime.Zone));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Entries = await reader.SearchAsync(Record, UserName, cancellationToken);
        await audit.RecordAsync("audit-search", "AuditLog", Record?.Trim(), details: UserName is null ? null : "by user", cancellationToken: cancellationToken);
    }
}
