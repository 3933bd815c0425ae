using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Alerts;

/// <summary>Configuration section <c>Beacon:Alerts</c>: how often alerts are raised and emailed, and the SMTP server.</summary>
public sealed class AlertOptions
{
    public const string Section = "Beacon:Alerts";

    /// <summary>Seconds between runs of the alert scan and of the mailer (each runs once across all instances).</summary>
    public int ScanSeconds { get; set; } = 60;

    /// <summary>Seconds between checks for new work by open work lists and the alerts page (no reload needed).</summary>
    public int LiveRefreshSeconds { get; set; } = 20;

    /// <summary>SMTP server for alert emails; no host means no emails (alerts still appear in the app).</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 25;

    public bool SmtpUseTls { get; set; }

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    public string From { get; set; } = "beacon@beacon.example";

    /// <summary>The address users reach Beacon at, for links in emails (e.g. https://beacon.council.example).</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Send attempts before an email is marked failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    public bool EmailConfigured => !string.IsNullOrWhiteSpace(SmtpHost);
}

/// <summary>The kinds of alert (issue #7 §3). Each user chooses which of these also come by email.</summary>
public static class AlertKinds
{
    public const string NewNotification = "new-notification";
    public const string RhiAssigned = "rhi-assigned";
    public const string RhiDueSoon = "rhi-due-soon";
    public const string RhiOverdue = "rhi-overdue";
    public const string RhiNoContact = "rhi-no-contact";
    public const string RepeatMissing = "repeat-missing";
    public const string ReassessmentDue = "reassessment-due";
    public const string ActionDue = "action-due";
    public const string ActionOverdue = "action-overdue";
    public const string OutcomeReviewDue = "outcome-review-due";

    /// <summary>An administrator reset the user's password. Always emailed; not a choice on the preferences page.</summary>
    public const string PasswordReset = "password-reset";

    public static readonly IReadOnlyList<(string Kind, string Label)> All =
    [
        (NewNotification, "A new missing notification for a child in my team's area"),
        (RhiAssigned, "A return interview allocated to me"),
        (RhiDueSoon, "A return interview offer due within 12 hours"),
        (RhiOverdue, "A return interview offer overdue"),
        (RhiNoContact, "A return interview still open 14 days after the return (record the outcome or close for no contact)"),
        (RepeatMissing, "A child crossing 3, 5 or 9 missing episodes in 90 days"),
        (ReassessmentDue, "An exploitation risk reassessment due"),
        (ActionDue, "An agreed action due tomorrow or today"),
        (ActionOverdue, "An agreed action overdue"),
        (OutcomeReviewDue, "A review reading of a child's outcome measure due"),
        (Mentoring.MentorMatching.ConcernAlert, "A safeguarding concern a mentor raised about a child I key-work or manage"),
        (Mentoring.MentorVettingScan.DueAlert, "A mentor's DBS renewal or safeguarding refresher due within 30 days (coordinators)"),
        (Mentoring.MentorVettingScan.LapsedAlert, "A mentor's DBS check or safeguarding training lapsed (coordinators)"),
        (Mentoring.MentorVettingScan.SupervisionOverdueAlert, "A mentor's supervision overdue (coordinators)"),
        (Mentoring.MentorVettingScan.WellbeingOverdueAlert, "A mentor's wellbeing check-in overdue (coordinators)"),
    ];

    public static bool IsKnown(string kind) => All.Any(k => k.Kind == kind);
}

/// <summary>Where an alert's email is. Moves Pending → Sending (claimed by one instance) → Sent, or back to Pending
/// after a failed attempt, or Failed after the last. An email never leaves Sending except by its claimant, so a
/// crash after sending cannot send it twice (docs/decisions/0012).</summary>
public enum AlertEmailState
{
    /// <summary>The user did not ask for this kind by email, or no SMTP server is configured.</summary>
    None = 0,
    Pending = 1,
    Sending = 2,
    Sent = 3,
    Failed = 4,
}

/// <summary>
/// One alert for one user. <see cref="Key"/> is unique (kind, record, user and, where a thing can happen again, its
/// version), so however many instances or runs raise it, it is stored once and emailed at most once. Titles hold a
/// record reference and never a child's name: they are emailed.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public BeaconUser? User { get; set; }

    public required string Kind { get; set; }

    public required string Key { get; set; }

    public required string Title { get; set; }

    /// <summary>A path in Beacon (e.g. <c>/return-interviews/{id}</c>): opening it applies the usual access rules.</summary>
    public required string Link { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant? ReadAt { get; set; }

    public AlertEmailState EmailState { get; set; }

    public int EmailAttempts { get; set; }

    public Instant? EmailSentAt { get; set; }
}

/// <summary>A kind of alert a user wants by email (one row per user and kind).</summary>
public sealed class AlertEmailPreference
{
    public Guid UserId { get; set; }

    public required string Kind { get; set; }
}
