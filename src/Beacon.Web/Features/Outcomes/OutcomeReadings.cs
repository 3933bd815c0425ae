using System.Security.Claims;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Domain.Outcomes;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Beacon.Web.Features.Outcomes;

/// <summary>The outcome measure's settings (configuration section <c>Beacon:Outcomes</c>).</summary>
public sealed class OutcomeOptions
{
    public const string Section = "Beacon:Outcomes";

    /// <summary>Weeks after the latest reading that a review reading is due (issue #19 §1: default 12).</summary>
    public int ReviewWeeks { get; set; } = OutcomeMeasure.DefaultReviewWeeks;
}

/// <summary>A reading as entered: the date, then per area code a score ("" = skipped) and the child's words.</summary>
public sealed record ReadingInput(string? TakenOn, IReadOnlyDictionary<string, string?> Scores, IReadOnlyDictionary<string, string?> Words, string? NextSteps);

/// <summary>One life area of a reading, named as the framework version it was taken on names it.</summary>
public sealed record AreaReading(string Area, string Name, int? Score, string? Meaning, string? ChildWords, string? Notes);

public sealed record ReadingView(Guid Id, LocalDate TakenOn, int FrameworkVersion, string TakenBy, string Source, string? NextSteps, IReadOnlyList<AreaReading> Areas)
{
    public int? ScoreOf(string area) => Areas.FirstOrDefault(a => a.Area == area)?.Score;
}

/// <summary>A child's outcome readings, oldest first, with the current framework and when the next review is due.</summary>
public sealed record OutcomeHistory(Guid ChildId, string ChildName, string Reference, OutcomeFramework Framework, IReadOnlyList<ReadingView> Readings, LocalDate? ReviewDueOn)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public ReadingView? First => Readings.Count > 0 ? Readings[0] : null;

    [System.Text.Json.Serialization.JsonIgnore]
    public ReadingView? Latest => Readings.Count > 0 ? Readings[^1] : null;

    /// <summary>The areas to chart: the current framework's, then any older code still in the readings.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<(string Code, string Name)> ChartAreas =>
        [.. Framework.Areas.Select(a => (a.Code, a.Name)).Concat(Readings.SelectMany(r => r.Areas).Where(a => Framework.Area(a.Area) is null).Select(a => (a.Area, a.Name)).Distinct())];
}

/// <summary>
/// Readings of the outcome measure (issue #19 §1), taken with the child by a worker who may see the child: the
/// provider's caseworkers and mentors. Reading them is for anyone who may see the child (the access filter applies
/// through <see cref="IChildRecord"/>) and is audited; a child the user may not see is "not found".
/// </summary>
public sealed class OutcomeReadings(BeaconDbContext db, OutcomeFrameworks frameworks, AuditLog audit, IClock clock, IOptions<OutcomeOptions> options)
{
    public const int MaxWords = 2000;

    /// <summary>Who may take a reading: the provider's caseworkers (key workers, RHI practitioners) and mentors.</summary>
    public static bool MayTakeReading(ClaimsPrincipal user) =>
        Policies.IsProviderCaseworker(user)
        || (user.FindFirstValue(BeaconClaims.OrganisationKind) == nameof(OrganisationKind.Provider) && user.IsInRole(Roles.Mentor));

    public async Task<OutcomeHistory?> OpenAsync(Guid childId, string via, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().Where(c => c.Id == childId).Select(c => new { c.Id, c.GivenName, c.FamilyName, c.Reference }).SingleOrDefaultAsync(cancellationToken);
        await audit.RecordAsync("view", "OutcomeReadings", $"{childId}/outcomes", child is null ? await audit.MissingOutcomeAsync<Child>(childId, cancellationToken) : "allowed", $"via: {via}", cancellationToken);
        return child is null ? null : await LoadAsync(child.Id, $"{child.GivenName} {child.FamilyName}", child.Reference, cancellationToken);
    }

    /// <summary>The readings of a child the caller has already opened and audited (the child's record page audits one
    /// view of the record it shows, outcomes included), so a page is one audited read, not several.</summary>
    public async Task<OutcomeHistory> LoadAsync(Guid childId, string childName, string childReference, CancellationToken cancellationToken = default)
    {
        var all = await frameworks.AllAsync(cancellationToken);
        var current = all[all.Keys.Max()];
        var readings = await db.Set<OutcomeReading>().AsNoTracking().Where(r => r.ChildId == childId).OrderBy(r => r.TakenOn).ToListAsync(cancellationToken);
        var scores = (await db.Set<OutcomeScore>().AsNoTracking().Where(s => s.ChildId == childId).ToListAsync(cancellationToken)).ToLookup(s => s.ReadingId);
        var views = readings.Select(r =>
        {
            var framework = all.GetValueOrDefault(r.FrameworkVersion) ?? current;
            var order = framework.Areas.Select(a => a.Code).ToList();
            return new ReadingView(r.Id, r.TakenOn, r.FrameworkVersion, r.TakenBy, r.Source, r.NextSteps, [.. scores[r.Id]
                .OrderBy(s => order.IndexOf(s.Area) is var i and >= 0 ? i : int.MaxValue).ThenBy(s => s.Area, StringComparer.Ordinal)
                .Select(s => new AreaReading(s.Area, (framework.Area(s.Area) ?? current.Area(s.Area))?.Name ?? s.Area, s.Score,
                    s.Score is { } n ? (framework.Area(s.Area) ?? current.Area(s.Area))?.Describe(n) : null, s.ChildWords, s.Notes))]);
        }).ToList();
        var due = views.Count == 0 ? (LocalDate?)null : OutcomeMeasure.ReviewDueOn(views[^1].TakenOn, options.Value.ReviewWeeks);
        return new OutcomeHistory(childId, childName, childReference, current, views, due);
    }

    public async Task<IReadOnlyList<FieldError>> RecordAsync(Guid childId, ReadingInput input, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().Where(c => c.Id == childId && c.MergedIntoId == null).Select(c => new { c.DateOfBirth }).SingleOrDefaultAsync(cancellationToken);
        if (child is null)
        {
            return [new FieldError("child", "The child was not found.")];
        }

        var framework = await frameworks.CurrentAsync(cancellationToken);
        var errors = new List<FieldError>();
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var taken = FormDates.Parse(input.TakenOn);
        if (taken is null || taken > today || taken < child.DateOfBirth)
        {
            errors.Add(new FieldError("TakenOn", "Enter the date the reading was taken, like 21/11/2026, not in the future"));
        }
        else if (await db.Set<OutcomeReading>().AnyAsync(r => r.ChildId == childId && r.TakenOn == taken, cancellationToken))
        {
            errors.Add(new FieldError("TakenOn", "A reading was already taken on this date: choose another date"));
        }

        var areas = new List<OutcomeScore>();
        foreach (var area in framework.Areas)
        {
            var text = input.Scores.GetValueOrDefault(area.Code)?.Trim();
            int? score = null;
            if (!string.IsNullOrEmpty(text))
            {
                if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && OutcomeMeasure.IsScore(n))
                {
                    score = n;
                }
                else
                {
                    errors.Add(new FieldError($"Scores[{area.Code}]", $"{area.Name}: choose a score from 1 to 10, or skip the area"));
                }
            }

            var words = input.Words.GetValueOrDefault(area.Code)?.Trim();
            if (words?.Length > MaxWords || (words is not null && words.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'))))
            {
                errors.Add(new FieldError($"Words[{area.Code}]", $"{area.Name}: the child's words must be {MaxWords} characters or fewer"));
            }

            if (score is not null || !string.IsNullOrEmpty(words))
            {
                areas.Add(new OutcomeScore { Id = Guid.CreateVersion7(), ChildId = childId, Area = area.Code, Score = score, ChildWords = string.IsNullOrEmpty(words) ? null : words });
            }
        }

        if (errors.Count == 0 && areas.All(a => a.Score is null))
        {
            errors.Add(new FieldError($"Scores[{framework.Areas[0].Code}]", "Score at least one life area"));
        }

        if (input.NextSteps?.Trim().Length > 4000)
        {
            errors.Add(new FieldError("NextSteps", "Enter the next steps in 4000 characters or fewer"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var reading = new OutcomeReading
        {
            Id = Guid.CreateVersion7(),
            ChildId = childId,
            TakenOn = taken!.Value,
            FrameworkVersion = framework.Version,
            NextSteps = string.IsNullOrWhiteSpace(input.NextSteps) ? null : input.NextSteps.Trim(),
            TakenBy = db.Actor.UserName,
            Source = OutcomeReading.Recorded,
            RecordedAt = clock.GetCurrentInstant(),
        };
        db.Set<OutcomeReading>().Add(reading);
        foreach (var area in areas)
        {
            area.ReadingId = reading.Id;
            db.Set<OutcomeScore>().Add(area);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return [new FieldError("TakenOn", "A reading was already taken on this date: choose another date")];
        }

        return [];
    }
}
