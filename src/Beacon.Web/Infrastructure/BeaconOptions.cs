namespace Beacon.Web.Infrastructure;

/// <summary>Configuration section <c>Beacon</c> (see README "Configuration").</summary>
public sealed class BeaconOptions
{
    public const string Section = "Beacon";

    public DemoOptions Demo { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();

    public ExploitationOptions Exploitation { get; set; } = new();

    public ImportOptions Import { get; set; } = new();

    public ReturnInterviewOptions ReturnInterviews { get; set; } = new();

    /// <summary>Log as JSON lines to the console (for log shippers).</summary>
    public bool JsonLogs { get; set; }

    public sealed class DemoOptions
    {
        /// <summary>Seed and allow the demo organisations, users and synthetic caseload.</summary>
        public bool Enabled { get; set; }

        /// <summary>The password of every demo user (documented in the README; demo only).</summary>
        public string Password { get; set; } = "Lantern-Harbour-Demo-26";

        /// <summary>How many synthetic children the demo caseload has.</summary>
        public int Children { get; set; } = 60;

        /// <summary>How many of them have a missing episode notified through the intake (so the RHI work list has
        /// overdue, due-soon and to-offer interviews, and some closed history).</summary>
        public int Episodes { get; set; } = 40;

        /// <summary>Financial years of history (April to March, ending with the current one) played back through the
        /// intake and services, so the returns, KPIs and committee pack show trends (issue #17 §8); 0 for none.</summary>
        public int Years { get; set; } = 3;

        /// <summary>About how many missing episodes a year the history has (referrals are about a twelfth of it).</summary>
        public int EpisodesPerYear { get; set; } = 900;
    }

    public sealed class ImportOptions
    {
        /// <summary>Rows of a notifications file saved per transaction (one set of grouped look-ups per batch).</summary>
        public int BatchSize { get; set; } = Features.Missing.NotificationImport.BatchSize;
    }

    public sealed class ReturnInterviewOptions
    {
        /// <summary>A returned episode joins the child's open RHI automatically only within this many days of the RHI's
        /// earliest covered return (and not after its offer); otherwise it opens its own RHI with its own 72-hour clock
        /// (issue #22, ADR 8).</summary>
        public int JoinWithinDays { get; set; } = 7;
    }

    public sealed class ExploitationOptions
    {
        /// <summary>Weeks between risk reassessments of an open exploitation referral (issue #5 §1: every 6 weeks, configurable).</summary>
        public int ReassessmentWeeks { get; set; } = 6;
    }

    public sealed class SecurityOptions
    {
        /// <summary>Mark cookies Secure and send HSTS. Defaults on outside Development.</summary>
        public bool? RequireHttps { get; set; }

        /// <summary>Sign-in attempts (form posts, not page views) per minute from one address: a whole office behind one
        /// address must fit. Guessing one account is slowed by the per-account back-off (SignInThrottle) instead.</summary>
        public int SignInAttemptsPerMinute { get; set; } = 60;

        public int ApiRequestsPerMinute { get; set; } = 1200;

        public long MaxRequestBodyBytes { get; set; } = 30 * 1024 * 1024;
    }
}
