using Beacon.Domain.Missing;
using Beacon.Domain.Outcomes;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Outcomes;

/// <summary>A historical score row that passed validation.</summary>
public sealed record LegacyScoreCommand(string PolicePersonId, LocalDate TakenOn, string Area, int Score, string? WorkerEmail, string? Notes);

/// <summary>
/// Imports the previous provider's outcome readings (issue #19 §1): <c>beacon import outcome-readings FILE.csv</c>, one
/// row per child, date and life area, with the other imports' formats and error handling (<see cref="CsvImporter"/>:
/// good rows in, each bad row rejected with line, column and reason into a file to fix and re-import). Idempotent on
/// (child, date, area): the same score again is "already received", a different one is rejected. The child is found by
/// the police person id <em>of the notifying force the file came from</em> (issue #16 §1: a person id is the force's,
/// as in the notification import) — on the child or on an episode that force notified; an id naming no child, or
/// several, is rejected (import the notifications first). Rows of one child and date make one reading, on framework
/// version 1 (Beacon's default codes) unless the code is only in a later version.
/// </summary>
public sealed class OutcomeImport(BeaconDbContext db, OutcomeFrameworks frameworks, IClock clock)
{
    /// <summary>The columns every file has; <c>worker_email</c> and <c>notes</c> are optional.</summary>
    public static readonly string[] Required = ["police_person_id", "taken_on", "life_area", "score"];

    public async Task<ImportReport> ImportAsync(Stream csv, TextWriter rejected, Guid? notifyingPoliceForceId, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var all = await frameworks.AllAsync(cancellationToken);
        // The version each known code is read on: the earliest version that has it.
        var versionOf = all.OrderBy(v => v.Key).SelectMany(v => v.Value.Areas.Select(a => (a.Code, v.Key))).GroupBy(a => a.Code).ToDictionary(g => g.Key, g => g.First().Key);
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        return await CsvImporter.RunAsync<LegacyScoreCommand>(csv, rejected, Required, value => Validate(value, versionOf.Keys.ToHashSet(), today),
            (batch, ct) => SaveAsync(batch, versionOf, notifyingPoliceForceId, ct), 500, progress, cancellationToken);
    }

    public static (LegacyScoreCommand? Command, IReadOnlyList<FieldError> Errors) Validate(Func<string, string?> value, IReadOnlySet<string> areas, LocalDate today)
    {
        var errors = new List<FieldError>();
        string? Get(string column) => string.IsNullOrWhiteSpace(value(column)) ? null : value(column)!.Trim();
        var person = Get("police_person_id");
        if (person is null || person.Length > 50 || person.Any(char.IsControl))
        {
            errors.Add(new FieldError("police_person_id", "Enter the police person id the notifying force gave the child (50 characters or fewer)"));
        }

        var taken = LocalDatePattern.Iso.Parse(Get("taken_on") ?? "") is { Success: true } d ? d.Value : (LocalDate?)null;
        if (taken is null || taken > today)
        {
            errors.Add(new FieldError("taken_on", "Enter the date of the reading as yyyy-mm-dd, not in the future"));
        }

        var area = Get("life_area")?.ToUpperInvariant();
        if (area is null || !areas.Contains(area))
        {
            errors.Add(new FieldError("life_area", $"Must be one of {string.Join(", ", areas.Order(StringComparer.Ordinal))}"));
        }

        var score = int.TryParse(Get("score"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && OutcomeMeasure.IsScore(n) ? n : (int?)null;
        if (score is null)
        {
            errors.Add(new FieldError("score", "Must be a whole number from 1 to 10"));
        }

        var worker = Get("worker_email");
        if (worker is not null && (worker.Length > 256 || !worker.Contains('@', StringComparison.Ordinal) || worker.Any(char.IsControl)))
        {
            errors.Add(new FieldError("worker_email", "Must be an email address, or blank"));
        }

        var notes = Get("notes");
        if (notes?.Length > 2000)
        {
            errors.Add(new FieldError("notes", "Must be 2000 characters or fewer"));
        }

        return errors.Count > 0 ? (null, errors) : (new LegacyScoreCommand(person!, taken!.Value, area!, score!.Value, worker, notes), errors);
    }

    private async Task<IReadOnlyList<(RowResult Result, IReadOnlyList<FieldError> Errors)>> SaveAsync(IReadOnlyList<LegacyScoreCommand> batch, IReadOnlyDictionary<string, int> versionOf, Guid? force, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var personIds = batch.Select(b => b.PolicePersonId).Distinct().ToList();
        // The force's person id: on the child (given by that force) or on an episode that force notified.
        var onChildren = await db.Children.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.MergedIntoId == null && c.PolicePersonId != null && EF.Parameter(personIds).Contains(c.PolicePersonId) && c.NotifyingPoliceForceId == force)
            .Select(c => new { PersonId = c.PolicePersonId!, ChildId = c.Id }).ToListAsync(cancellationToken);
        var onEpisodes = await db.Episodes.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.PolicePersonId != null && EF.Parameter(personIds).Contains(e.PolicePersonId) && e.NotifyingPoliceForceId == force && e.Child!.MergedIntoId == null)
            .Select(e => new { PersonId = e.PolicePersonId!, e.ChildId }).Distinct().ToListAsync(cancellationToken);
        var children = onChildren.Concat(onEpisodes).Distinct().GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.Select(m => m.ChildId).Distinct().ToList());
        var childIds = children.Values.SelectMany(v => v).Distinct().ToList();
        var readings = (await db.Set<OutcomeReading>().IgnoreQueryFilters().Where(r => EF.Parameter(childIds).Contains(r.ChildId)).ToListAsync(cancellationToken))
            .ToDictionary(r => (r.ChildId, r.TakenOn));
        var readingIds = readings.Values.Select(r => r.Id).ToList();
        var scores = (await db.Set<OutcomeScore>().IgnoreQueryFilters().AsNoTracking().Where(s => EF.Parameter(readingIds).Contains(s.ReadingId)).ToListAsync(cancellationToken))
            .ToDictionary(s => (s.ReadingId, s.Area));

        var results = new List<(RowResult, IReadOnlyList<FieldError>)>(batch.Count);
        foreach (var command in batch)
        {
            if (!children.TryGetValue(command.PolicePersonId, out var matches))
            {
                results.Add((RowResult.Rejected, [new FieldError("police_person_id", "No child has this police person id from the notifying force: import the force's notifications first")]));
                continue;
            }

            if (matches.Count > 1)
            {
                results.Add((RowResult.Rejected, [new FieldError("police_person_id", "More than one child has this police person id from the notifying force: merge the records first")]));
                continue;
            }

            var childId = matches[0];
            if (!readings.TryGetValue((childId, command.TakenOn), out var reading))
            {
                reading = new OutcomeReading
                {
                    Id = Guid.CreateVersion7(),
                    ChildId = childId,
                    TakenOn = command.TakenOn,
                    FrameworkVersion = versionOf[command.Area],
                    TakenBy = command.WorkerEmail ?? "previous provider",
                    Source = OutcomeReading.Imported,
                    RecordedAt = now,
                };
                db.Set<OutcomeReading>().Add(reading);
                readings[(childId, command.TakenOn)] = reading;
            }

            if (scores.TryGetValue((reading.Id, command.Area), out var existing))
            {
                results.Add(existing.Score == command.Score
                    ? (RowResult.Unchanged, [])
                    : (RowResult.Rejected, [new FieldError("score", $"A score of {existing.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} is already recorded for this child, date and area")]));
                continue;
            }

            var score = new OutcomeScore { Id = Guid.CreateVersion7(), ReadingId = reading.Id, ChildId = childId, Area = command.Area, Score = command.Score, Notes = command.Notes };
            db.Set<OutcomeScore>().Add(score);
            scores[(reading.Id, command.Area)] = score;
            results.Add((RowResult.Created, []));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return results;
    }
}
