using System.Net;
using System.Net.Mail;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Jobs;
using Beacon.Web.Infrastructure.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Alerts;

/// <summary>Sends one alert email; replaced in tests that need a failing server.</summary>
public interface IAlertEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken);
}

/// <summary>Plain SMTP (System.Net.Mail) to <see cref="AlertOptions.SmtpHost"/>.</summary>
public sealed class SmtpAlertEmailSender(IOptions<AlertOptions> options) : IAlertEmailSender
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient(settings.SmtpHost, settings.SmtpPort) { EnableSsl = settings.SmtpUseTls };
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
        {
            client.Credentials = new NetworkCredential(settings.SmtpUserName, settings.SmtpPassword);
        }

        using var message = new MailMessage(settings.From, to, subject, body);
        await client.SendMailAsync(message, cancellationToken);
    }
}

/// <summary>
/// Emails alerts users asked to have by email (issue #7 §3). Each alert is claimed by one conditional UPDATE
/// (Pending → Sending) before it is sent, so of several instances exactly one sends it; a failure puts it back for a
/// later run until <see cref="AlertOptions.MaxAttempts"/>. An instance that dies between claiming and recording leaves
/// the email in Sending: it is not sent again (at most once; the alert itself is still in the app). Emails carry the
/// alert's title (a record reference, never a name) and a link.
/// </summary>
public sealed class AlertMailer(BeaconDbContext db, IAlertEmailSender sender, IOptions<AlertOptions> options, IClock clock, ILogger<AlertMailer> logger) : IRecurringJob
{
    public string Name => "alert-mailer";

    public Duration Interval => Duration.FromSeconds(Math.Max(1, options.Value.ScanSeconds));

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.EmailConfigured)
        {
            return "no SMTP server configured";
        }

        var pending = await db.Alerts.AsNoTracking().Where(a => a.EmailState == AlertEmailState.Pending)
            .OrderBy(a => a.CreatedAt).Take(500)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new { a.Id, a.Title, a.Link, a.EmailAttempts, u.Email })
            .ToListAsync(cancellationToken);
        int sent = 0, failed = 0;
        foreach (var alert in pending)
        {
            var claimed = await db.Alerts.Where(a => a.Id == alert.Id && a.EmailState == AlertEmailState.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.EmailState, AlertEmailState.Sending).SetProperty(a => a.EmailAttempts, a => a.EmailAttempts + 1), cancellationToken);
            if (claimed != 1)
            {
                continue;
            }

            AlertEmailState outcome;
            using var activity = BeaconTelemetry.Start("alert email", System.Diagnostics.ActivityKind.Client);
            activity?.SetTag("beacon.alert.id", alert.Id);
            try
            {
                await sender.SendAsync(alert.Email!, $"Beacon: {alert.Title}", Body(alert.Title, alert.Link), cancellationToken);
                outcome = AlertEmailState.Sent;
                sent++;
                BeaconTelemetry.AlertEmails.Add(1, new KeyValuePair<string, object?>("outcome", "sent"));
            }
            catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                activity.Failed(e);
                BeaconTelemetry.AlertEmails.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
                logger.LogWarning("Alert email {AlertId} not sent: {Error}", alert.Id, e.GetType().Name);
                outcome = alert.EmailAttempts + 1 >= settings.MaxAttempts ? AlertEmailState.Failed : AlertEmailState.Pending;
                failed++;
            }

            Instant? at = outcome == AlertEmailState.Sent ? clock.GetCurrentInstant() : null;
            await db.Alerts.Where(a => a.Id == alert.Id && a.EmailState == AlertEmailState.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.EmailState, outcome).SetProperty(a => a.EmailSentAt, at), CancellationToken.None);
        }

        return $"{sent} emails sent, {failed} failed";
    }

    /// <summary>The email text: what happened, by reference, and a link. No personal details.</summary>
    public string Body(string title, string link) =>
        $"{title}.\r\n\r\nOpen it in Beacon: {options.Value.BaseUrl.TrimEnd('/')}{link}\r\n\r\n"
        + "You are sent this because you chose to get this kind of alert by email. Change that in Beacon under Your account, Alerts.\r\n"
        + "For the child's safety this email never holds names or other personal details.\r\n";
}
