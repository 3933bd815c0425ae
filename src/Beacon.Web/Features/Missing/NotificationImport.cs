using System.Text;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Missing;

/// <summary>
/// Imports a notifications CSV (issue #3 §1) through <see cref="CsvImporter"/>, with the same validation and intake as
/// the form and the API. Re-importing a file creates nothing new (idempotent on police_reference); a row contradicting
/// an earlier notification is rejected with the differing fields.
/// </summary>
public sealed class NotificationImport(BeaconDbContext db, NotificationIntake intake, IClock clock, Microsoft.Extensions.Options.IOptions<Infrastructure.BeaconOptions> options)
{
    /// <summary>The default batch size (<c>Beacon:Import:BatchSize</c>).</summary>
    public const int BatchSize = 5000;

    /// <summary>Encoding for rejected-rows files.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(false);

    public async Task<ImportReport> ImportAsync(Stream csv, TextWriter rejected, Guid? notifyingPoliceForceId, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var activity = Infrastructure.Telemetry.BeaconTelemetry.Start("import notifications");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var reference = await NotificationReferenceData.LoadAsync(db, cancellationToken);
        db.InsertInBulk = true; // the same intake and audit; new rows written with COPY / prepared inserts
        var report = await CsvImporter.RunAsync<NotificationCommand>(
            csv,
            rejected,
            NotificationInput.Columns,
            value => NotificationValidator.Validate(NotificationInput.FromColumns(value), reference, clock.GetCurrentInstant()),
            async (batch, ct) =>
            {
                var results = await intake.ReceiveAsync(batch, "import", notifyingPoliceForceId, ct);
                db.ClearTracked();
                return results.Select(r => r.Outcome switch
                {
                    IntakeOutcome.Created => (RowResult.Created, (IReadOnlyList<FieldError>)[]),
                    IntakeOutcome.Updated => (RowResult.Updated, []),
                    IntakeOutcome.Unchanged => (RowResult.Unchanged, []),
                    _ => (RowResult.Rejected, r.Differences.Select(d => new FieldError(d.Field, "differs from the notification already received with this police_reference")).ToList()),
                }).ToList();
            },
            Math.Max(1, options.Value.Import.BatchSize),
            progress,
            cancellationToken);
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        activity?.SetTag("beacon.import.rows", report.Rows);
        activity?.SetTag("beacon.import.rejected", report.Rejected);
        Infrastructure.Telemetry.BeaconTelemetry.ImportRows.Add(report.Rows);
        if (report.Rows > 0 && seconds > 0)
        {
            Infrastructure.Telemetry.BeaconTelemetry.ImportRate.Record(report.Rows / seconds);
        }

        return report;
    }
}
