using Beacon.Domain.Exploitation;

namespace Beacon.Web.Features.KeyWork;

/// <summary>Words of key work.</summary>
public static class KeyWorkVocabulary
{
    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        [nameof(ClosureReason.RiskReduced)] = "Risk has reduced",
        [nameof(ClosureReason.TransitionToAdultServices)] = "Moving on to adult services",
        [nameof(ClosureReason.AnotherServiceLeads)] = "Another service now leads",
        [nameof(ClosureReason.MovedAway)] = "Moved out of the area",
        [nameof(ClosureReason.Withdrew)] = "No longer wants the service",
        [nameof(ClosureReason.Other)] = "Other",
    };

    public static string Reason(string? code) => code is null ? "" : Reasons.GetValueOrDefault(code, code) + ".";
}
