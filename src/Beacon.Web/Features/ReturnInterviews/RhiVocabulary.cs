namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>The coded answers of the RHI pathway and form, with the words people see (issue #3 §3–4).</summary>
public static class RhiVocabulary
{
    public static readonly IReadOnlyDictionary<string, string> AttemptMethods = new Dictionary<string, string>
    {
        ["PHONE"] = "Phone call",
        ["FACE_TO_FACE"] = "Face to face",
        ["VIDEO"] = "Video call",
        ["TEXT"] = "Text message",
        ["LETTER"] = "Letter",
        ["VIA_CARER"] = "Through a parent, carer or social worker",
    };

    public static readonly IReadOnlyDictionary<string, string> AttemptOutcomes = new Dictionary<string, string>
    {
        ["ARRANGED"] = "Interview arranged",
        ["NO_ANSWER"] = "No answer",
        ["MESSAGE_LEFT"] = "Message left",
        ["DECLINED"] = "Declined",
        ["OTHER"] = "Other",
    };

    public static readonly IReadOnlyDictionary<string, string> Methods = new Dictionary<string, string>
    {
        ["FACE_TO_FACE"] = "Face to face",
        ["VIDEO"] = "Video",
        ["PHONE"] = "Phone",
    };

    public static readonly IReadOnlyDictionary<string, string> Venues = new Dictionary<string, string>
    {
        ["HOME"] = "Home",
        ["SCHOOL"] = "School",
        ["PLACEMENT"] = "Placement",
        ["OTHER"] = "Other",
    };

    public static readonly IReadOnlyDictionary<string, string> DeclinedBy = new Dictionary<string, string>
    {
        ["CHILD"] = "The child",
        ["PARENT_CARER"] = "A parent or carer",
        ["RESPONSIBLE_AUTHORITY"] = "The responsible authority",
    };

    public static readonly IReadOnlyDictionary<string, string> NotOfferedReasons = new Dictionary<string, string>
    {
        ["RESPONSIBLE_AUTHORITY"] = "The responsible authority does its own interview",
        ["TURNED_18"] = "The child turned 18",
        ["FOUND_OUT_OF_AREA"] = "Found out of area",
        ["DUPLICATE"] = "Duplicate notification",
        ["OTHER"] = "Other",
    };

    public static readonly IReadOnlyDictionary<string, string> Reasons = new Dictionary<string, string>
    {
        ["PEER_FRIENDS"] = "Peers or friends",
        ["EMOTIONAL_WELLBEING"] = "Emotional wellbeing",
        ["FAMILY"] = "Family",
        ["SCHOOL"] = "School",
        ["RELATIONSHIP"] = "A relationship",
        ["SUBSTANCE_USE"] = "Substance use",
        ["EXPLOITATION"] = "Exploitation",
        ["PLACEMENT"] = "Placement",
        ["OTHER"] = "Other",
    };

    public static readonly IReadOnlyDictionary<string, string> ExploitationIndicators = new Dictionary<string, string>
    {
        ["NONE"] = "None seen",
        ["OLDER_ASSOCIATES"] = "Older associates or adults of concern",
        ["GIFTS_MONEY"] = "Unexplained gifts, money or phones",
        ["DRUGS_ALCOHOL"] = "Given drugs or alcohol",
        ["TRAVEL_OUT_OF_AREA"] = "Travelled out of area",
        ["SEXUAL"] = "Signs of sexual exploitation",
        ["CRIMINAL"] = "Signs of criminal exploitation or county lines",
        ["ONLINE"] = "Online grooming",
        ["INJURY"] = "Unexplained injuries",
    };

    public static string Label(IReadOnlyDictionary<string, string> vocabulary, string? code) =>
        code is null ? "Not recorded" : vocabulary.TryGetValue(code, out var label) ? label : code;

    public static IReadOnlyList<string> Split(string? codes) => string.IsNullOrEmpty(codes) ? [] : codes.Split(',');
}
