using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Tests.Support;

/// <summary>Synthetic notifications for tests.</summary>
public static class Notifications
{
    public static string Iso(Instant instant) => OffsetDateTimePattern.ExtendedIso.Format(instant.WithOffset(Offset.Zero));

    /// <summary>A valid notification for a child of Stafford who went missing two days ago and came back yesterday.</summary>
    public static Dictionary<string, string?> Valid(string? reference = null, string? personId = null, Instant? now = null)
    {
        var at = Instant.FromUnixTimeSeconds((now ?? SystemClock.Instance.GetCurrentInstant()).ToUnixTimeSeconds());
        return new Dictionary<string, string?>
        {
            ["police_reference"] = reference ?? $"SP-{Guid.NewGuid():N}"[..16],
            ["police_person_id"] = personId ?? $"PP-{Guid.NewGuid():N}"[..14],
            ["given_name"] = "Rowan",
            ["family_name"] = $"Testperson{Random.Shared.Next(100000, 999999)}",
            ["date_of_birth"] = "2011-05-17",
            ["gender"] = "female",
            ["ethnicity"] = "WBRI",
            ["nhs_number"] = null,
            ["district_code"] = "E07000197",
            ["living_situation"] = "HOME",
            ["responsible_authority"] = "860",
            ["reported_missing_at"] = Iso(at - Duration.FromHours(48)),
            ["returned_at"] = Iso(at - Duration.FromHours(24)),
            ["missing_or_absent"] = "M",
            ["police_risk"] = "MEDIUM",
            ["prevention_interview_at"] = Iso(at - Duration.FromHours(20)),
            ["notified_at"] = Iso(at - Duration.FromHours(19)),
            ["circumstances"] = "Left home after an argument; found at a friend's address.",
        };
    }

    /// <summary>A family name that stays unique after matching's normalisation, which keeps letters only: the default
    /// "Testperson" + digits normalises to "testperson" for every test child, so a child born the same day would be
    /// proposed as a possible match.</summary>
    public static string DistinctFamilyName() =>
        "Testperson" + string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + Random.Shared.Next(26))));

    /// <summary>
    /// A date of birth (aged 14 to 16) for a test of duplicate matching: names are compared letters only, so every test child's
    /// "Testperson" family name matches every other's, and with the shared default birthday a child's proposals (at most
    /// <see cref="Beacon.Web.Features.Missing.NotificationIntake.MaxProposalsPerChild"/>) could all go to other tests' children.
    /// </summary>
    public static string RareBirthday() =>
        Beacon.Domain.Missing.ChildAge.DateOf(SystemClock.Instance.GetCurrentInstant()).PlusYears(-16).PlusDays(Random.Shared.Next(0, 2 * 365))
            .ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A random valid NHS number in the 999 range, which the NHS never issues (kept for testing).</summary>
    public static string RandomNhsNumber()
    {
        while (true)
        {
            var digits = "999" + Random.Shared.Next(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            if (Enumerable.Range(0, 10).Select(check => digits + check).FirstOrDefault(Beacon.Domain.Identifiers.NhsNumber.IsValid) is { } valid)
            {
                return valid;
            }
        }
    }

    public static string Csv(IEnumerable<IReadOnlyDictionary<string, string?>> rows, IReadOnlyList<string>? columns = null)
    {
        columns ??= Beacon.Web.Features.Missing.NotificationInput.Columns;
        var lines = new List<string> { string.Join(",", columns) };
        lines.AddRange(rows.Select(r => string.Join(",", columns.Select(c => Quote(r.GetValueOrDefault(c))))));
        return string.Join("\n", lines) + "\n";
    }

    private static string Quote(string? value) => value is null ? string.Empty : value.Contains(',') || value.Contains('"') || value.Contains('\n') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
