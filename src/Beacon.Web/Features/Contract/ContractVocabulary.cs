namespace Beacon.Web.Features.Contract;

/// <summary>The lists the contract view records against (issue #18 §3, §4).</summary>
public static class ContractVocabulary
{
    public static readonly IReadOnlyDictionary<string, string> SpendCategories = new Dictionary<string, string>
    {
        ["STAFFING"] = "Staffing",
        ["MENTORS"] = "Mentors",
        ["HARDSHIP"] = "Hardship",
        ["SPOT_PURCHASE"] = "Spot purchase",
        ["PARTICIPATION"] = "Participation",
        ["OTHER"] = "Other",
    };

    public static readonly IReadOnlyDictionary<string, string> HardshipPurposes = new Dictionary<string, string>
    {
        ["FOOD"] = "Food",
        ["TRAVEL"] = "Travel",
        ["CLOTHING"] = "Clothing",
        ["PHONE"] = "Phone credit",
        ["HOUSEHOLD"] = "Household essentials",
        ["ACTIVITY"] = "Activity or membership",
        ["OTHER"] = "Other",
    };

    public static string Label(IReadOnlyDictionary<string, string> list, string code) => list.GetValueOrDefault(code, code);
}
