using System.Diagnostics.Metrics;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Alerts;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Infrastructure.Telemetry;

/// <summary>
/// Gauges read from the database every <see cref="ObservabilityOptions.GaugeSeconds"/> (a scrape never waits on a
/// query): <c>beacon.rhi.overdue</c>, RHIs still awaiting an offer past their 72-hour due time (the work list's
/// "overdue"), and <c>beacon.alert.emails.queued</c>, alert emails waiting to be sent.
/// </summary>
public sealed class OperationalGauges : BackgroundService
{
    private readonly IServiceScopeFactory scopes;
    private readonly IClock clock;
    private readonly IOptions<ObservabilityOptions> options;
    private readonly ILogger<OperationalGauges> logger;
    private long overdue;
    private long queued;

    public OperationalGauges(IServiceScopeFactory scopes, IClock clock, IOptions<ObservabilityOptions> options, IMeterFactory meters, ILogger<OperationalGauges> logger)
    {
        (this.scopes, this.clock, this.options, this.logger) = (scopes, clock, options, logger);
        var meter = meters.Create(BeaconTelemetry.Name);
        meter.CreateObservableGauge("beacon.rhi.overdue", () => Interlocked.Read(ref overdue), "{rhi}", "RHIs awaiting an offer past their due time.");
        meter.CreateObservableGauge("beacon.alert.emails.queued", () => Interlocked.Read(ref queued), "{email}", "Alert emails waiting to be sent.");
    }

    /// <summary>Reads the gauges' values now.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("metrics");
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        var now = clock.GetCurrentInstant();
        // Service-wide counts read by the system, naming no child: without the access filters (whose join to every
        // child made this a half-second scan of a large database, every minute), they come from the indexes alone.
        Interlocked.Exchange(ref overdue, await db.Set<ReturnInterview>().IgnoreQueryFilters().LongCountAsync(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt < now, cancellationToken));
        Interlocked.Exchange(ref queued, await db.Set<Alert>().IgnoreQueryFilters().LongCountAsync(a => a.EmailState == AlertEmailState.Pending, cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.MetricsEnabled && !options.Value.OtlpEnabled)
        {
            return; // nothing reads the gauges: no metrics endpoint and no exporter
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.GaugeSeconds)));
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be starting or restarting: try again at the next tick.
                logger.LogWarning("Gauges could not be read: {Error}", e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
