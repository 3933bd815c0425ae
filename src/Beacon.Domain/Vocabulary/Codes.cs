namespace Beacon.Domain.Vocabulary;

/// <summary>
/// Every coded list of the service, once (ADR 19, issue #17 §4). Codes are what the database, CSV and JSON hold and
/// never change meaning; labels are what people read on pages, in workbooks and in print. Sources: the police
/// notification and the Statutory guidance on children who run away or go missing from home or care (DfE, 2014) for
/// the episode; the DfE Common Basic Data Set (CBDS) for ethnicity; the service's specification (issues #3 and #5) for
/// the return interview and exploitation pathways.
/// </summary>
public static class Codes
{
    public static readonly Term NotKnown = new("not-known", "Not known", "u", "unknown");

    /// <summary>Gender as the police record it. F, M and U are the police's own letters; a blank is "not known"
    /// in files and the API (ADR 19), while forms ask for an answer.</summary>
    public static readonly CodeList Gender = new("gender",
    [
        new("female", "Female", "f"),
        new("male", "Male", "m"),
        new("other", "Other", "x"),
        NotKnown,
    ], whenBlank: NotKnown);

    /// <summary>DfE ethnicity codes (CBDS data item 100, "Ethnicity code"), with their CBDS descriptions.</summary>
    public static readonly CodeList Ethnicity = new("ethnicity",
    [
        new("WBRI", "White British"),
        new("WIRI", "White Irish"),
        new("WOTH", "Any other White background"),
        new("WIRT", "Traveller of Irish heritage"),
        new("WROM", "Gypsy or Roma", "Gypsy/Roma"),
        new("MWBC", "White and Black Caribbean"),
        new("MWBA", "White and Black African"),
        new("MWAS", "White and Asian"),
        new("MOTH", "Any other mixed background"),
        new("AIND", "Indian"),
        new("APKN", "Pakistani"),
        new("ABAN", "Bangladeshi"),
        new("AOTH", "Any other Asian background"),
        new("BCRB", "Black Caribbean"),
        new("BAFR", "Black African"),
        new("BOTH", "Any other Black background"),
        new("CHNE", "Chinese"),
        new("OOTH", "Any other ethnic group"),
        new("REFU", "Refused"),
        new("NOBT", "Information not yet obtained", "Not obtained"),
    ]);

    /// <summary>Where the child lives: decides the SSDA903 return (looked-after children) and the responsible council.</summary>
    public static readonly CodeList LivingSituation = new("living situation",
    [
        new("HOME", "At home"),
        new("LA_CARE", "In the care of a council of the area"),
        new("PLACED_BY_OTHER_LA", "Placed here by another council"),
    ]);

    /// <summary>Missing (whereabouts unknown) or absent (away without authorisation, whereabouts known): the SSDA903
    /// MISSING codes M and A.</summary>
    public static readonly CodeList MissingOrAbsent = new("missing or absent",
    [
        new("M", "Missing"),
        new("A", "Absent"),
    ]);

    /// <summary>The police's risk grading of the missing episode (College of Policing APP on missing persons).</summary>
    public static readonly CodeList PoliceRisk = new("police risk",
    [
        new("HIGH", "High"),
        new("MEDIUM", "Medium"),
        new("LOW", "Low"),
        new("NO_APPARENT_RISK", "No apparent risk"),
    ]);

    /// <summary>How a return interview ended (a completed interview, or a close without one).</summary>
    public static readonly CodeList RhiOutcome = new("outcome",
    [
        new("COMPLETED", "Completed"),
        new("DECLINED", "Declined"),
        new("NO_CONTACT", "No contact"),
        new("NOT_OFFERED", "Not offered"),
    ]);

    /// <summary>The closes a practitioner records without an interview (a completed interview is the form's submit).</summary>
    public static readonly CodeList RhiClose = new("outcome", [.. RhiOutcome.Terms.Skip(1)]);

    public static readonly CodeList AttemptMethod = new("method of contact",
    [
        new("PHONE", "Phone call"),
        new("FACE_TO_FACE", "Face to face"),
        new("VIDEO", "Video call"),
        new("TEXT", "Text message"),
        new("LETTER", "Letter"),
        new("VIA_CARER", "Through a parent, carer or social worker"),
    ]);

    public static readonly CodeList AttemptOutcome = new("what happened",
    [
        new("ARRANGED", "Interview arranged"),
        new("NO_ANSWER", "No answer"),
        new("MESSAGE_LEFT", "Message left"),
        new("DECLINED", "Declined"),
        new("OTHER", "Other"),
    ]);

    public static readonly CodeList InterviewMethod = new("method",
    [
        new("FACE_TO_FACE", "Face to face"),
        new("VIDEO", "Video"),
        new("PHONE", "Phone"),
    ]);

    public static readonly CodeList Venue = new("venue",
    [
        new("HOME", "Home"),
        new("SCHOOL", "School"),
        new("PLACEMENT", "Placement"),
        new("OTHER", "Other"),
    ]);

    public static readonly CodeList DeclinedBy = new("declined by",
    [
        new("CHILD", "The child", "child"),
        new("PARENT_CARER", "A parent or carer", "parent or carer"),
        new("RESPONSIBLE_AUTHORITY", "The responsible authority", "responsible authority"),
    ]);

    public static readonly CodeList NotOfferedReason = new("reason not offered",
    [
        new("RESPONSIBLE_AUTHORITY", "The responsible authority does its own interview"),
        new("TURNED_18", "The child turned 18"),
        new("FOUND_OUT_OF_AREA", "Found out of area"),
        new("DUPLICATE", "Duplicate notification"),
        new("OTHER", "Other"),
    ]);

    public static readonly CodeList Reason = new("reason",
    [
        new("PEER_FRIENDS", "Peers or friends"),
        new("EMOTIONAL_WELLBEING", "Emotional wellbeing"),
        new("FAMILY", "Family"),
        new("SCHOOL", "School"),
        new("RELATIONSHIP", "A relationship"),
        new("SUBSTANCE_USE", "Substance use"),
        new("EXPLOITATION", "Exploitation"),
        new("PLACEMENT", "Placement"),
        new("OTHER", "Other"),
    ]);

    public static readonly CodeList ExploitationIndicator = new("exploitation indicator",
    [
        new("NONE", "None seen"),
        new("OLDER_ASSOCIATES", "Older associates or adults of concern"),
        new("GIFTS_MONEY", "Unexplained gifts, money or phones"),
        new("DRUGS_ALCOHOL", "Given drugs or alcohol"),
        new("TRAVEL_OUT_OF_AREA", "Travelled out of area"),
        new("SEXUAL", "Signs of sexual exploitation"),
        new("CRIMINAL", "Signs of criminal exploitation or county lines"),
        new("ONLINE", "Online grooming"),
        new("INJURY", "Unexplained injuries"),
    ]);

    /// <summary>Issue #5: all forms of exploitation, and related concerns.</summary>
    public static readonly CodeList ExploitationType = new("exploitation type",
    [
        new("CSE", "Child sexual exploitation"),
        new("CCE", "Child criminal exploitation"),
        new("GANGS", "Gangs"),
        new("COUNTY_LINES", "County lines"),
        new("TRAFFICKING", "Trafficking"),
        new("MODERN_SLAVERY", "Modern slavery"),
        new("RADICALISATION", "Radicalisation (related concern)", "Radicalisation"),
        new("YOUTH_VIOLENCE", "Youth violence (related concern)", "Youth violence"),
        new("KNIFE_CRIME", "Knife crime (related concern)", "Knife crime"),
    ]);

    /// <summary>Issue #5 §4: the kinds of work with a child or the professionals around them.</summary>
    public static readonly CodeList KeyWorkType = new("work type",
    [
        new("DIRECT_WORK", "Direct work"),
        new("BESPOKE_CO_DELIVERY", "Bespoke co-delivery with a professional", "Bespoke co-delivery"),
        new("RESOURCE_SHARING", "Resource sharing"),
        new("GROUP_WORK", "Group work"),
        new("CONSULTATION", "Consultation"),
    ]);

    /// <summary>A referral's level in the exploitation return: the Risk Factor Matrix levels, and referrals that were
    /// not for this service.</summary>
    public static readonly CodeList ReferralRisk = new("risk level",
    [
        new("INAPPROPRIATE", "Not for this service", "Inappropriate"),
        new("NO_RISK", "No risk identified", "No risk"),
        new("LOW", "Low"),
        new("MEDIUM", "Medium"),
        new("HIGH", "High"),
    ]);

    /// <summary>The code of a Risk Factor Matrix level in <see cref="ReferralRisk"/>.</summary>
    public static string ReferralRiskCode(Exploitation.RiskLevel level) => level switch
    {
        Exploitation.RiskLevel.NoRiskIdentified => "NO_RISK",
        Exploitation.RiskLevel.Low => "LOW",
        Exploitation.RiskLevel.Medium => "MEDIUM",
        _ => "HIGH",
    };

    /// <summary>The route of a referral imported from the previous system.</summary>
    public static readonly CodeList ReferralPathway = new("pathway",
    [
        new("DIRECT", "Key work", "Key-work queue"),
        new("MACE", "MACE panel"),
    ]);

    /// <summary>Issue #18 §3: what a line of spend against a council's ring-fenced budget was for.</summary>
    public static readonly CodeList SpendCategory = new("spend category",
    [
        new("STAFFING", "Staffing"),
        new("MENTORS", "Mentors"),
        new("HARDSHIP", "Hardship"),
        new("SPOT_PURCHASE", "Spot purchase"),
        new("PARTICIPATION", "Participation"),
        new("OTHER", "Other"),
    ]);

    /// <summary>Issue #18 §4: what a hardship payment was for.</summary>
    public static readonly CodeList HardshipPurpose = new("hardship purpose",
    [
        new("FOOD", "Food"),
        new("TRAVEL", "Travel"),
        new("CLOTHING", "Clothing"),
        new("PHONE", "Phone credit"),
        new("HOUSEHOLD", "Household essentials"),
        new("ACTIVITY", "Activity or membership"),
        new("OTHER", "Other"),
    ]);

    /// <summary>Issue #20 §1: the kinds of people on the mentor register (they are not staff).</summary>
    public static readonly CodeList MentorKind = new("kind of mentor",
    [
        new("mentor", "Mentor with lived experience"),
        new("volunteer", "Volunteer"),
    ]);

    /// <summary>Issue #20 §3: how a mentor was in contact with their mentee.</summary>
    public static readonly CodeList MentorContactKind = new("kind of contact",
    [
        new("face-to-face", "Face to face"),
        new("activity", "Activity together"),
        new("phone", "Phone call"),
        new("video", "Video call"),
        new("message", "Messages"),
    ]);

    /// <summary>Issue #20 §2: the kinds of training course for mentors and volunteers.</summary>
    public static readonly CodeList TrainingCourseKind = new("kind of course",
    [
        new("induction", "Induction"),
        new("safeguarding", "Safeguarding"),
        new("exploitation-awareness", "Exploitation awareness"),
        new("lived-experience-facilitation", "Lived-experience facilitation"),
        new("refresher", "Refresher"),
    ]);

    /// <summary>Issue #20 §5: the kinds of participation and co-production event (the Participation and Young People's
    /// Forum meets fortnightly and runs a summer programme).</summary>
    public static readonly CodeList ParticipationKind = new("participation event kind",
    [
        new("FORUM_SESSION", "Forum session", "Forum", "Young people's forum"),
        new("SUMMER_PROGRAMME", "Summer programme activity", "Summer programme"),
        new("CONSULTATION", "Consultation"),
        new("CO_DESIGN_WORKSHOP", "Co-design workshop", "Co-design"),
    ]);

    /// <summary>Issue #20 §6: the partner agencies the service briefs and trains, and the agencies referrals come from.
    /// A referral's agency is typed as free text (issue #5); it is read against these spellings, and what none of them
    /// matches counts as <c>OTHER</c>.</summary>
    public static readonly CodeList PartnerAgency = new("partner agency",
    [
        new("SCHOOL", "School", "Schools", "Education", "College", "Academy"),
        new("POLICE", "Police", "Police force"),
        new("HEALTH", "Health", "NHS", "GP", "Hospital", "CAMHS", "School nurse"),
        new("SOCIAL_CARE", "Social care", "Children's social care", "Childrens social care", "Social services", "Social worker"),
        new("YOUTH_OFFENDING", "Youth offending", "Youth offending team", "Youth offending service", "YOT", "YOS", "Youth justice"),
        new("HOUSING", "Housing"),
        new("VOLUNTARY_SECTOR", "Voluntary sector", "Voluntary", "Charity", "Third sector"),
        new("OTHER", "Other"),
    ]);

    /// <summary>The agency of a referral's free-text referrer agency: its <see cref="PartnerAgency"/> code, or
    /// <c>OTHER</c> when no accepted spelling matches.</summary>
    public static string PartnerAgencyOf(string? referrerAgency) => PartnerAgency.Parse(referrerAgency) ?? "OTHER";

    /// <summary>A stored list of codes ("CSE,CCE") as its codes.</summary>
    public static IReadOnlyList<string> Split(string? codes) => string.IsNullOrEmpty(codes) ? [] : codes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Every list, for the README's table of accepted values and the tests over every spelling.</summary>
    public static IReadOnlyList<CodeList> All =>
    [
        Gender, Ethnicity, LivingSituation, MissingOrAbsent, PoliceRisk, RhiOutcome, AttemptMethod, AttemptOutcome, InterviewMethod, Venue,
        DeclinedBy, NotOfferedReason, Reason, ExploitationIndicator, ExploitationType, KeyWorkType, ReferralRisk, ReferralPathway,
        SpendCategory, HardshipPurpose,
        MentorKind, MentorContactKind, TrainingCourseKind,
        ParticipationKind, PartnerAgency,
    ];
}
