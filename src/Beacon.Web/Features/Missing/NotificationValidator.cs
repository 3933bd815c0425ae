using System.Globalization;
using Beacon.Domain.Identifiers;
using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
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
public sealed record NotificationReferenceData(IReadOnlyDictionary<string, Area> Districts, IReadOnlySet<string> EthnicityCodes)
{
    public static async Task<NotificationReferenceData> LoadAsync(BeaconDbContext db, CancellationToken cancellationToken)
    {
        var districts = await db.Areas.AsNoTracking().Where(a => a.Kind != "county").ToDictionaryAsync(a => a.GssCode, StringComparer.OrdinalIgnoreCase, cancellationToken);
        return new NotificationReferenceData(districts, KnownEthnicityCodes.Value);
    }

    private static readonly Lazy<IReadOnlySet<string>> KnownEthnicityCodes = new(() =>
    {
        using var stream = typeof(NotificationReferenceData).Assembly.GetManifestResourceStream("Beacon.Web.Features.Missing.ethnicity-codes.csv")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(',')[0].Trim()).ToHashSet(StringComparer.OrdinalIgnoreCase);
    });
}

/// <summary>
/// The one set of rules for a notification, whichever way it arrives (issue #3 §1). Each problem names its field and
/// says how to fix it; nothing is saved unless there are none.
/// </summary>
public static class NotificationValidator
{
    public const int MaxText = 4000;

    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly OffsetDateTimePattern TimestampPattern = OffsetDateTimePattern.ExtendedIso;
    private static readonly HashSet<string> LivingSituations = ["HOME", "LA_CARE", "PLACED_BY_OTHER_LA"];
    private static readonly HashSet<string> PoliceRisks = ["HIGH", "MEDIUM", "LOW", "NO_APPARENT_RISK"];

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
        else if (DatePattern.Parse(input.DateOfBirth.Trim()) is { Success: true } dob)
        {
            dateOfBirth = dob.Value;
        }
        else
        {
            errors.Add(new FieldError("date_of_birth", "The date of birth must be a real date written yyyy-mm-dd, like 2010-04-23"));
        }

        var gender = (input.Gender ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "female" or "f" => "female",
            "male" or "m" => "male",
            "other" or "x" => "other",
            "not-known" or "not known" or "unknown" or "u" or "" => "not-known",
            _ => null,
        };
        if (gender is null)
        {
            errors.Add(new FieldError("gender", "Gender must be female, male, other or not-known"));
        }

        var ethnicity = string.IsNullOrWhiteSpace(input.Ethnicity) ? null : input.Ethnicity.Trim().ToUpperInvariant();
        if (ethnicity is not null && !reference.EthnicityCodes.Contains(ethnicity))
        {
            errors.Add(new FieldError("ethnicity", $"'{Shorten(ethnicity)}' is not a DfE ethnicity code (for example WBRI, MWBC, NOBT)"));
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

        Area? district = null;
        if (string.IsNullOrWhiteSpace(input.DistrictCode))
        {
            errors.Add(new FieldError("district_code", "Enter the district's GSS code, like E07000197"));
        }
        else if (!reference.Districts.TryGetValue(input.DistrictCode.Trim(), out district))
        {
            errors.Add(new FieldError("district_code", $"'{Shorten(input.DistrictCode)}' is not a district of this partnership"));
        }

        var living = (input.LivingSituation ?? string.Empty).Trim().ToUpperInvariant();
        if (!LivingSituations.Contains(living))
        {
            errors.Add(new FieldError("living_situation", "Living situation must be HOME, LA_CARE or PLACED_BY_OTHER_LA"));
        }

        int dfe = 0;
        if (!int.TryParse((input.ResponsibleAuthority ?? string.Empty).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out dfe) || dfe is < 100 or > 999)
        {
            errors.Add(new FieldError("responsible_authority", "The responsible authority must be a three-digit DfE local-authority number, like 860"));
        }

        var missingOrAbsent = (input.MissingOrAbsent ?? string.Empty).Trim().ToUpperInvariant();
        if (missingOrAbsent is not ("M" or "A"))
        {
            errors.Add(new FieldError("missing_or_absent", "Missing or absent must be M (missing) or A (absent)"));
        }

        var risk = (input.PoliceRisk ?? string.Empty).Trim().ToUpperInvariant().Replace(' ', '_');
        if (!PoliceRisks.Contains(risk))
        {
            errors.Add(new FieldError("police_risk", "Police risk must be HIGH, MEDIUM, LOW or NO_APPARENT_RISK"));
        }

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

        return (new NotificationCommand(reference_!, personId, given!, family!, dateOfBirth!.Value, gender!, ethnicity, nhs, district!, living, dfe,
            reported!.Value, returned, missingOrAbsent, risk, prevention, notified!.Value, circumstances), errors);
    }

    private static string Shorten(string value) => value.Length > 20 ? value[..20] + "…" : value;
}
