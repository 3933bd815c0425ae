using System.Text.Json.Serialization;

namespace Beacon.Web.Features.Missing;

/// <summary>
/// A police notification exactly as received — every value a string — from the duty form, the API
/// (<c>POST /api/v1/notifications</c>, snake_case JSON) or a CSV row. <see cref="NotificationValidator"/> applies the
/// one set of rules to all three.
/// </summary>
public sealed record NotificationInput
{
    public static readonly string[] Columns =
    [
        "police_reference", "police_person_id", "given_name", "family_name", "date_of_birth", "gender", "ethnicity", "nhs_number",
        "district_code", "living_situation", "responsible_authority", "reported_missing_at", "returned_at", "missing_or_absent",
        "police_risk", "prevention_interview_at", "notified_at", "circumstances",
    ];

    [JsonPropertyName("police_reference")]
    public string? PoliceReference { get; init; }

    [JsonPropertyName("police_person_id")]
    public string? PolicePersonId { get; init; }

    [JsonPropertyName("given_name")]
    public string? GivenName { get; init; }

    [JsonPropertyName("family_name")]
    public string? FamilyName { get; init; }

    /// <summary>yyyy-mm-dd.</summary>
    [JsonPropertyName("date_of_birth")]
    public string? DateOfBirth { get; init; }

    /// <summary>female, male, other or not-known (F, M, X, U also accepted).</summary>
    [JsonPropertyName("gender")]
    public string? Gender { get; init; }

    /// <summary>DfE ethnicity code, e.g. WBRI.</summary>
    [JsonPropertyName("ethnicity")]
    public string? Ethnicity { get; init; }

    /// <summary>Optional; 10 digits with a valid check digit.</summary>
    [JsonPropertyName("nhs_number")]
    public string? NhsNumber { get; init; }

    /// <summary>GSS code of the district where the child lives, e.g. E07000197.</summary>
    [JsonPropertyName("district_code")]
    public string? DistrictCode { get; init; }

    /// <summary>HOME, LA_CARE or PLACED_BY_OTHER_LA.</summary>
    [JsonPropertyName("living_situation")]
    public string? LivingSituation { get; init; }

    /// <summary>DfE LA number of the responsible authority, e.g. 860.</summary>
    [JsonPropertyName("responsible_authority")]
    public string? ResponsibleAuthority { get; init; }

    /// <summary>ISO 8601 with offset, e.g. 2026-11-20T21:15:00+00:00.</summary>
    [JsonPropertyName("reported_missing_at")]
    public string? ReportedMissingAt { get; init; }

    /// <summary>ISO 8601 with offset; blank while still missing.</summary>
    [JsonPropertyName("returned_at")]
    public string? ReturnedAt { get; init; }

    /// <summary>M (missing) or A (absent).</summary>
    [JsonPropertyName("missing_or_absent")]
    public string? MissingOrAbsent { get; init; }

    /// <summary>HIGH, MEDIUM, LOW or NO_APPARENT_RISK.</summary>
    [JsonPropertyName("police_risk")]
    public string? PoliceRisk { get; init; }

    [JsonPropertyName("prevention_interview_at")]
    public string? PreventionInterviewAt { get; init; }

    /// <summary>When the service received the notification (ISO 8601 with offset); dates it for reporting.</summary>
    [JsonPropertyName("notified_at")]
    public string? NotifiedAt { get; init; }

    [JsonPropertyName("circumstances")]
    public string? Circumstances { get; init; }

    /// <summary>API only, for provider staff entering a notification when the partnership has several police forces: the
    /// organisation code of the force that notified (e.g. POLICE-STAFFS). Ignored for a police caller, who always notifies
    /// as their own force (issue #16).</summary>
    [JsonPropertyName("notifying_police_force")]
    public string? NotifyingPoliceForce { get; init; }

    /// <summary>Builds an input from CSV values by column name.</summary>
    public static NotificationInput FromColumns(Func<string, string?> value) => new()
    {
        PoliceReference = value("police_reference"),
        PolicePersonId = value("police_person_id"),
        GivenName = value("given_name"),
        FamilyName = value("family_name"),
        DateOfBirth = value("date_of_birth"),
        Gender = value("gender"),
        Ethnicity = value("ethnicity"),
        NhsNumber = value("nhs_number"),
        DistrictCode = value("district_code"),
        LivingSituation = value("living_situation"),
        ResponsibleAuthority = value("responsible_authority"),
        ReportedMissingAt = value("reported_missing_at"),
        ReturnedAt = value("returned_at"),
        MissingOrAbsent = value("missing_or_absent"),
        PoliceRisk = value("police_risk"),
        PreventionInterviewAt = value("prevention_interview_at"),
        NotifiedAt = value("notified_at"),
        Circumstances = value("circumstances"),
    };
}
