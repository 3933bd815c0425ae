using System.Globalization;
using Beacon.Domain.Identifiers;
using Beacon.Domain.Missing;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Missing;


/// <summary>A notification that passed validation, with typed values.</summary>
public sealed record NotificationCommand(
    string PoliceReference, string? PolicePersonId, string GivenName, string FamilyName, LocalDate DateOfBirth, string Gender,
    string? EthnicityCode, string? NhsNumber, Area District, string LivingSituation, int ResponsibleAuthorityDfe,
    Instant ReportedMissingAt, Instant? ReturnedAt, string MissingOrAbsent, string PoliceRisk, Instant? PreventionInterviewAt,
    Instant NotifiedAt, string? Circumstances);

/// <summary>Reference data the validator checks against, loaded once per request or import.</summary>
public sealed record NotificationReferenceData(IReadOnlyDictionary<string, Area> Districts)
{
    /// <summary>The partnership's districts, by GSS code and by name (either is accepted in files and the API).</summary>
    public static async Task<NotificationReferenceData> LoadAsync(BeaconDbContext db, CancellationToken cancellationToken)
    {
        var areas = await db.Areas.AsNoTracking().Where(a => a.Kind != "county").ToListAsync(cancellationToken);
        var districts = new Dictionary<string, Area>(StringComparer.OrdinalIgnoreCase);
        foreach (var area in areas)
        {
            districts[area.GssCode] = area;
            districts.TryAdd(area.Name, area);
        }

        return new NotificationReferenceData(districts);
    }

    /// <summary>The district named by a GSS code or a district's name.</summary>
    public Area? District(string? text) => !string.IsNullOrWhiteSpace(text) && Districts.TryGetValue(text.Trim(), out var area) ? area : null;
}

/// <summary>
/// The one set of rules for a notification, whichever way it arrives (issue #3 §1). Each problem names its field and
/// says how to fix it; nothing is saved unless there are none.
/// </summary>
public static class NotificationValidator
{
    public const int MaxText = 4000;

    private static readonly OffsetDateTimePattern TimestampPattern = OffsetDateTimePattern.ExtendedIso;
    /// <summary>The message for an ethnicity that is neither a DfE code nor its description.</summary>
    public const string EthnicityMessage = "Ethnicity must be a DfE ethnicity code, like WBRI, or its description, like White British, or blank";

    /// <summary>The message for a district that is not one of the partnership's.</summary>
    public const string DistrictMessage = "Enter the district where the child lives: its name, like Cannock Chase, or its GSS code, like E07000197";

    public static (NotificationCommand? Command, IReadOnlyList<FieldError> Errors) Validate(NotificationInput input, NotificationReferenceData reference, Instant now)
    {
        var errors = new List<FieldError>();
        string? Text(string field, string? value, string label, int max, bool required)
        {
            var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
            if (trimmed is null && required)
            {
                errors.Add(new FieldError(field, $"Enter the {label}"));
            }
            else if (trimmed is not null && trimmed.Length > max)
            {
                errors.Add(new FieldError(field, $"The {label} must be {max} characters or fewer"));
            }
            else if (trimmed is not null && trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            {
                errors.Add(new FieldError(field, $"The {label} contains characters that are not allowed"));
            }

            return trimmed;
        }

        Instant? Timestamp(string field, string? value, string label, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    errors.Add(new FieldError(field, $"Enter the {label}"));
                }

                return null;
            }

            var parsed = TimestampPattern.Parse(value.Trim());
            if (!parsed.Success)
            {
                errors.Add(new FieldError(field, $"The {label} must be a date and time with its offset, like 2026-11-20T21:15:00+00:00"));
                return null;
            }

            var instant = parsed.Value.ToInstant();
            if (instant > now + Duration.FromMinutes(10))
            {
                errors.Add(new FieldError(field, $"The {label} must not be in the future"));
                return null;
            }

            if (instant < Instant.FromUtc(2000, 1, 1, 0, 0))
            {
                errors.Add(new FieldError(field, $"The {label} must be after 1 January 2000"));
                return null;
            }

            return instant;
        }

        string? Code(string field, CodeList list, string? value)
        {
            var code = list.Parse(value);
            if (code is null)
            {
                errors.Add(new FieldError(field, list.MustBe));
            }

            return code;
        }

        var reference_ = Text("police_reference", input.PoliceReference, "police reference", 50, required: true);
        var personId = Text("police_person_id", input.PolicePersonId, "police person id", 50, required: false);
        var given = Text("given_name", input.GivenName, "given name", 100, required: true);
        var family = Text("family_name", input.FamilyName, "family name", 100, required: true);
        var circumstances = Text("circumstances", input.Circumstances, "circumstances", MaxText, required: false);

        LocalDate? dateOfBirth = null;
        if (string.IsNullOrWhiteSpace(input.DateOfBirth))
        {
            errors.Add(new FieldError("date_of_birth", "Enter the date of birth"));
        }
        else if (DateEntry.Parse(input.DateOfBirth) is { } dob)
        {
            dateOfBirth = dob;
        }
        else
        {
            errors.Add(new FieldError("date_of_birth", $"The date of birth must be a real date, {DateEntry.Example}"));
        }

        var gender = Code("gender", Codes.Gender, input.Gender);
        string? ethnicity = null;
        if (!string.IsNullOrWhiteSpace(input.Ethnicity))
        {
            ethnicity = Codes.Ethnicity.Parse(input.Ethnicity);
            if (ethnicity is null)
            {
                errors.Add(new FieldError("ethnicity", EthnicityMessage));
            }
        }

        string? nhs = null;
        if (!string.IsNullOrWhiteSpace(input.NhsNumber))
        {
            nhs = NhsNumber.Normalise(input.NhsNumber);
            if (nhs is null)
            {
                errors.Add(new FieldError("nhs_number", "The NHS number must be 10 digits with a valid check digit, or left blank"));
            }
        }

        var district = reference.District(input.DistrictCode);
        if (district is null)
        {
            errors.Add(new FieldError("district_code", string.IsNullOrWhiteSpace(input.DistrictCode) ? DistrictMessage
                : $"'{Shorten(input.DistrictCode.Trim())}' is not a district of this partnership. {DistrictMessage}"));
        }

        var living = Code("living_situation", Codes.LivingSituation, input.LivingSituation);
        int dfe = 0;
        if (!int.TryParse((input.ResponsibleAuthority ?? string.Empty).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out dfe) || dfe is < 100 or > 999)
        {
            errors.Add(new FieldError("responsible_authority", "The responsible authority must be a three-digit DfE local-authority number, like 860"));
        }

        var missingOrAbsent = Code("missing_or_absent", Codes.MissingOrAbsent, input.MissingOrAbsent);
        var risk = Code("police_risk", Codes.PoliceRisk, input.PoliceRisk);

        var reported = Timestamp("reported_missing_at", input.ReportedMissingAt, "time reported missing", required: true);
        var returned = Timestamp("returned_at", input.ReturnedAt, "time of return", required: false);
        var prevention = Timestamp("prevention_interview_at", input.PreventionInterviewAt, "time of the prevention interview", required: false);
        var notified = Timestamp("notified_at", input.NotifiedAt, "time the service was notified", required: true);

        if (reported is { } r && returned is { } back && back < r)
        {
            errors.Add(new FieldError("returned_at", "The time of return must be after the time reported missing"));
        }

        if (prevention is { } p && returned is { } ret && p < ret)
        {
            errors.Add(new FieldError("prevention_interview_at", "The prevention interview must be after the return"));
        }

        if (prevention is not null && returned is null)
        {
            errors.Add(new FieldError("returned_at", "Enter the time of return when a prevention interview is recorded"));
        }

        if (reported is { } rep && notified is { } n && n < rep)
        {
            errors.Add(new FieldError("notified_at", "The notification must be after the time reported missing"));
        }

        if (dateOfBirth is { } born && reported is { } when)
        {
            var onDate = ChildAge.DateOf(when);
            if (born > onDate)
            {
                errors.Add(new FieldError("date_of_birth", "The date of birth must be before the episode"));
            }
            else if (!ChildAge.IsUnder18On(born, onDate))
            {
                errors.Add(new FieldError("date_of_birth", "The child was 18 or over when reported missing: this service takes notifications for children under 18"));
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new NotificationCommand(reference_!, personId, given!, family!, dateOfBirth!.Value, gender!, ethnicity, nhs, district!, living!, dfe,
            reported!.Value, returned, missingOrAbsent!, risk!, prevention, notified!.Value, circumstances), errors);
    }

    private static string Shorten(string value) => value.Length > 20 ? value[..20] + "…" : value;
}
