using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Domain.Missing;
using Bogus;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Demo;

/// <summary>
/// Writes a CSV of synthetic police notifications (for the import benchmark and load tests): invented names, valid NHS
/// numbers, real district codes of the partnership, about a third of children placed by other councils, repeat episodes
/// for some children (about three episodes per child), over five years. Seeded, so the same arguments give the same
/// file. Streams: any number of rows.
/// </summary>
public static class SyntheticNotifications
{
    public static async Task WriteAsync(TextWriter output, long rows, Instant now, IReadOnlyList<string> districtCodes, int seed = 2026)
    {
        var faker = new Faker("en_GB") { Random = new Randomizer(seed) };
        var pattern = OffsetDateTimePattern.ExtendedIso;
        await output.WriteLineAsync(string.Join(",", NotificationInput.Columns));
        var children = Math.Max(1, rows / 3); // about three episodes per child on average
        for (long i = 0; i < rows; i++)
        {
            var child = faker.Random.Long(0, children - 1);
            var childRandom = new Randomizer((int)(child % int.MaxValue) ^ seed);
            var female = childRandom.Bool();
            var given = female ? FemaleNames[childRandom.Int(0, FemaleNames.Length - 1)] : MaleNames[childRandom.Int(0, MaleNames.Length - 1)];
            var family = FamilyNames[childRandom.Int(0, FamilyNames.Length - 1)] + (child % 97 == 0 ? "e" : string.Empty);
            var birth = new LocalDate(2008, 1, 1).PlusDays(childRandom.Int(0, 365 * 8));
            var district = districtCodes[childRandom.Int(0, districtCodes.Count - 1)];
            var situation = childRandom.Int(0, 2) switch { 0 => "HOME", 1 => "LA_CARE", _ => "PLACED_BY_OTHER_LA" };
            var authority = situation == "PLACED_BY_OTHER_LA" ? new[] { "330", "893", "331", "855" }[childRandom.Int(0, 3)] : district == "E06000021" ? "861" : "860";
            var reported = Instant.FromUnixTimeSeconds(now.ToUnixTimeSeconds()) - Duration.FromMinutes(faker.Random.Long(60 * 24 * 3, 60L * 24 * 365 * 5)); // over five years
            if (ChildAge.IsUnder18OnInstant(birth, reported) is false)
            {
                birth = birth.PlusYears(2);
            }

            var returned = faker.Random.Bool(0.97f) ? reported + Duration.FromMinutes(faker.Random.Int(30, 60 * 48)) : (Instant?)null;
            var values = new[]
            {
                $"SYN-{seed}-{i:D9}", $"SP{child:D9}", given, family, LocalDatePattern.Iso.Format(birth), female ? "female" : "male",
                faker.PickRandom("WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "APKN", "BCRB", "NOBT"), NhsFor(child, seed), district, situation, authority,
                pattern.Format(reported.WithOffset(Offset.Zero)), returned is { } r ? pattern.Format(r.WithOffset(Offset.Zero)) : string.Empty,
                faker.Random.Bool(0.8f) ? "M" : "A", faker.PickRandom("HIGH", "MEDIUM", "MEDIUM", "LOW", "NO_APPARENT_RISK"),
                returned is { } back ? pattern.Format((back + Duration.FromHours(2)).WithOffset(Offset.Zero)) : string.Empty,
                pattern.Format(((returned ?? reported) + Duration.FromHours(3)).WithOffset(Offset.Zero)),
                "Synthetic episode for testing.",
            };
            await output.WriteLineAsync(CsvWriting.Row(values));
        }
    }

    /// <summary>
    /// A valid (check-digit) NHS number in the 999 range used for test data, different for every child: the stem is
    /// one of three numbers reserved for the child (3n, 3n+1, 3n+2), so two children never share one. Children beyond
    /// the range (over 333,333 of them), and the rare child whose three stems all have no valid check digit, have none —
    /// as many real notifications do.
    /// </summary>
    private static string NhsFor(long child, int seed)
    {
        _ = seed;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var index = (child * 3) + attempt;
            if (index >= 1_000_000)
            {
                return string.Empty;
            }

            var stem = "999" + index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += (stem[i] - '0') * (10 - i);
            }

            var check = 11 - (sum % 11);
            if (check == 11)
            {
                check = 0;
            }

            if (check != 10)
            {
                return stem + check;
            }
        }

        return string.Empty;
    }

    private static readonly string[] FemaleNames = ["Amelia", "Ava", "Chloe", "Ella", "Emily", "Freya", "Grace", "Isla", "Lily", "Mia", "Olivia", "Poppy", "Ruby", "Sophie", "Zara"];
    private static readonly string[] MaleNames = ["Alfie", "Archie", "Charlie", "Finley", "Harry", "Jack", "Jacob", "Leo", "Logan", "Mason", "Noah", "Oliver", "Oscar", "Riley", "Theo"];
    private static readonly string[] FamilyNames = ["Synthbrook", "Testwell", "Fakerley", "Mockford", "Samplewood", "Demoson", "Placeholt", "Exampleby", "Dummett", "Fictor"];
}
