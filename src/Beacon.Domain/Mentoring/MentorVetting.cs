using NodaTime;

namespace Beacon.Domain.Mentoring;

/// <summary>The statuses of a mentor or volunteer on the register (issue #20 §1).</summary>
public static class MentorStatus
{
    public const string Enquiry = "enquiry";
    public const string Applicant = "applicant";
    public const string InTraining = "in-training";
    public const string Active = "active";
    public const string Paused = "paused";
    public const string Left = "left";

    public static readonly IReadOnlyList<(string Code, string Label)> All =
        [(Enquiry, "Enquiry"), (Applicant, "Applicant"), (InTraining, "In training"), (Active, "Active"), (Paused, "Paused"), (Left, "Left")];

    public static string Label(string code) => All.FirstOrDefault(s => s.Code == code).Label ?? code;
}

/// <summary>What the register holds about a mentor's vetting (issue #20 §1).</summary>
public sealed record VettingFacts(
    string Status,
    LocalDate? DbsCheckedOn,
    LocalDate? DbsRenewalDueOn,
    int ReferencesReceived,
    LocalDate? SafeguardingTrainedOn,
    LocalDate? SafeguardingDueOn,
    LocalDate? AgreementSignedOn);

/// <summary>A date a mentor's vetting depends on, and how it stands today.</summary>
public enum DueState
{
    Current = 0,
    DueSoon = 1,
    Lapsed = 2,
}

/// <summary>
/// Whether a mentor or volunteer may be matched to a child. Source: issue #20 §1 and §3 — a coordinator matches an
/// active, vetted mentor: an enhanced DBS check whose renewal is not past, two references received, safeguarding
/// training whose renewal is not past, and a signed agreement; "a lapsed mentor cannot be matched". Renewals falling
/// due within 30 days alert the coordinator but do not yet block a match.
/// </summary>
public static class MentorVetting
{
    /// <summary>How far ahead a renewal counts as due soon (issue #20 §1: "due within 30 days").</summary>
    public const int DueSoonDays = 30;

    public static DueState StateOf(LocalDate dueOn, LocalDate today) =>
        dueOn < today ? DueState.Lapsed : dueOn <= today.PlusDays(DueSoonDays) ? DueState.DueSoon : DueState.Current;

    /// <summary>Why the mentor may not be matched today; empty when they may.</summary>
    public static IReadOnlyList<string> Problems(VettingFacts facts, LocalDate today)
    {
        var problems = new List<string>();
        if (facts.Status != MentorStatus.Active)
        {
            problems.Add($"is {MentorStatus.Label(facts.Status).ToLowerInvariant()}, not active");
        }

        if (facts.DbsCheckedOn is null || facts.DbsRenewalDueOn is null)
        {
            problems.Add("has no enhanced DBS check recorded");
        }
        else if (StateOf(facts.DbsRenewalDueOn.Value, today) == DueState.Lapsed)
        {
            problems.Add("has a lapsed DBS check (renewal was due " + facts.DbsRenewalDueOn.Value.ToString("d MMMM yyyy", null) + ")");
        }

        if (facts.ReferencesReceived < 2)
        {
            problems.Add("has fewer than two references");
        }

        if (facts.SafeguardingTrainedOn is null || facts.SafeguardingDueOn is null)
        {
            problems.Add("has no safeguarding training recorded");
        }
        else if (StateOf(facts.SafeguardingDueOn.Value, today) == DueState.Lapsed)
        {
            problems.Add("has lapsed safeguarding training (refresher was due " + facts.SafeguardingDueOn.Value.ToString("d MMMM yyyy", null) + ")");
        }

        if (facts.AgreementSignedOn is null)
        {
            problems.Add("has not signed the volunteer agreement");
        }

        return problems;
    }

    /// <summary>Whether the responsible council's agreement is needed for a match, besides the child's. Source: issue
    /// #20 §3 ("where needed") and the glossary: a looked-after child's council is its corporate parent, so a child in
    /// the care of a council of the area or placed here by another council needs that council's agreement; a child
    /// living at home needs the child's (and family's) agreement only.</summary>
    public static bool CouncilAgreementNeeded(string livingSituation) => livingSituation is "LA_CARE" or "PLACED_BY_OTHER_LA";
}
