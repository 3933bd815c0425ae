using System.Text.Json;
using Beacon.Domain.Outcomes;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Outcomes;

/// <summary>
/// Versions of the outcome framework (issue #19 §1), kept like the Risk Factor Matrix (<see cref="Exploitation.RfmTemplates"/>):
/// administrators publish a new version (JSON) without a release; versions are only added, the highest is current and
/// readings keep the version they were taken on. Beacon's own starter wording is added on first start.
/// </summary>
public sealed class OutcomeFrameworks(BeaconDbContext db, IClock clock)
{
    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task EnsureStarterAsync(CancellationToken cancellationToken = default)
    {
        if (await db.Set<OutcomeFrameworkVersion>().AnyAsync(cancellationToken))
        {
            return;
        }

        using var stream = typeof(OutcomeFrameworks).Assembly.GetManifestResourceStream("Beacon.Web.Features.Outcomes.outcome-default.json")!;
        var framework = Parse(await new StreamReader(stream).ReadToEndAsync(cancellationToken)).Framework!;
        db.Set<OutcomeFrameworkVersion>().Add(new OutcomeFrameworkVersion { Version = 1, Name = framework.Name, Definition = JsonSerializer.Serialize(framework with { Version = 1 }, Json), PublishedAt = clock.GetCurrentInstant(), PublishedBy = "Beacon" });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<OutcomeFramework> CurrentAsync(CancellationToken cancellationToken = default) =>
        await VersionAsync(await db.Set<OutcomeFrameworkVersion>().MaxAsync(t => t.Version, cancellationToken), cancellationToken);

    public async Task<OutcomeFramework> VersionAsync(int version, CancellationToken cancellationToken = default) =>
        Deserialize((await db.Set<OutcomeFrameworkVersion>().AsNoTracking().SingleAsync(t => t.Version == version, cancellationToken)).Definition);

    /// <summary>Every version, by number (few: a service publishes a handful over years).</summary>
    public async Task<IReadOnlyDictionary<int, OutcomeFramework>> AllAsync(CancellationToken cancellationToken = default) =>
        (await db.Set<OutcomeFrameworkVersion>().AsNoTracking().ToListAsync(cancellationToken)).ToDictionary(v => v.Version, v => Deserialize(v.Definition));

    private static OutcomeFramework Deserialize(string json) => JsonSerializer.Deserialize<OutcomeFramework>(json, Json)!;

    /// <summary>Reads a framework definition; the problems say what to fix.</summary>
    public static (OutcomeFramework? Framework, IReadOnlyList<string> Problems) Parse(string json)
    {
        try
        {
            var framework = JsonSerializer.Deserialize<OutcomeFramework>(json, Json);
            if (framework?.Areas is null || framework.Areas.Any(a => a is null))
            {
                return (null, ["The definition needs Name and Areas, each with Code, Name and Bands (From, To, Text)."]);
            }

            var problems = framework.Problems();
            return problems.Count == 0 ? (framework, []) : (null, problems);
        }
        catch (JsonException e)
        {
            return (null, [$"The definition is not valid JSON for an outcome framework: {e.Message}"]);
        }
    }

    /// <summary>Publishes <paramref name="json"/> as the next version (its own Version field is replaced).</summary>
    public async Task<(int? Version, IReadOnlyList<string> Problems)> PublishAsync(string json, string publishedBy, CancellationToken cancellationToken = default)
    {
        var (framework, problems) = Parse(json);
        if (framework is null)
        {
            return (null, problems);
        }

        var next = (await db.Set<OutcomeFrameworkVersion>().MaxAsync(t => (int?)t.Version, cancellationToken) ?? 0) + 1;
        db.Set<OutcomeFrameworkVersion>().Add(new OutcomeFrameworkVersion { Version = next, Name = framework.Name, Definition = JsonSerializer.Serialize(framework with { Version = next }, Json), PublishedAt = clock.GetCurrentInstant(), PublishedBy = publishedBy });
        await db.SaveChangesAsync(cancellationToken);
        return (next, []);
    }
}
