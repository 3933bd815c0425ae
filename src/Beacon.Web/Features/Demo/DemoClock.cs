using NodaTime;

namespace Beacon.Web.Features.Demo;

/// <summary>The clock the demo history runs the real services on: set to the day being played back, so each
/// service's rules ("not in the future", "within a year of today", due dates, raised on) and the records' created
/// times are those of that day. Audit entries keep the real time they were written.</summary>
public sealed class DemoClock(Instant start) : IClock
{
    public Instant Now { get; set; } = start;

    public Instant GetCurrentInstant() => Now;
}
