using Beacon.Domain.Vocabulary;
using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.ReturnInterviews;

/// <summary>A legacy RHI row that passed validation.</summary>
public sealed record LegacyRhiCommand(string Reference, IReadOnlyList<string> PoliceReferences, Instant? OfferedAt, RhiStatus Outcome, Instant OutcomeAt,
    string? Method, string? Venue, string? DeclinedBy, string? NotOfferedReason, string? PrimaryReason);

/// <summary>
/// Migrates the previous provider's RHIs (issue #3 §6): <c>beacon import return-interviews FILE.csv</c>. Each row is one
/// interview covering episodes already imported as notifications. Same error handling as notifications; idempotent on
/// <c>rhi_reference</c>. Open RHIs Beacon opened automatically for those episodes, with nothing recorded on them yet, are
/// replaced; an episode already covered by an interview with work recorded is a rejection, never overwritten.
/// </summary>
public sealed class ReturnInterviewImport(BeaconDbContext db, IClock clock)
{
    public static readonly string[] Columns =
        ["rhi_reference", "police_references", "offered_at", "outcome", "outcome_at", "method", "venue", "declined_by", "not_offered_reason", "primary_reason"];

    public Task<ImportReport> ImportAsync(Stream csv, TextWriter rejected, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        CsvImporter.RunAsync<LegacyRhiCommand>(csv, rejected, Columns, value => Validate(value, clock.GetCurrentInstant()), SaveAsync, 500, progress, cancellationToken);

    public static (LegacyRhiCommand? Command, IReadOnlyList<FieldError> Errors) Validate(Func<string, string?> value, Instant now)
    {
        var errors = new List<FieldError>();
        string? Get(string column) => string.IsNullOrWhiteSpace(value(column)) ? null : value(column)!.Trim();
        Instant? Time(string column, bool required)
        {
            var text = Get(column);
            if (text is null)
            {
                if (required)
                {
                    errors.Add(new FieldError(column, "Enter a date and time with its offset, like 2021-03-04T10:00:00+00:00"));
                }

                return null;
            }

            if (OffsetDateTimePattern.ExtendedIso.Parse(text) is { Success: true } parsed && parsed.Value.ToInstant() <= now)
            {
                return parsed.Value.ToInstant();
            }

            errors.Add(new FieldError(column, "Must be a past date and time with its offset, like 2021-03-04T10:00:00+00:00"));
            return null;
        }

        string? Code(string column, CodeList list)
        {
            var text = Get(column);
            var code = list.Parse(text);
            if (text is not null && code is null)
            {
                errors.Add(new FieldError(column, $"{list.MustBe}, or blank"));
            }

            return code;
        }

        var reference = Get("rhi_reference");
        if (reference is null || reference.Length > 50)
        {
            errors.Add(new FieldError("rhi_reference", "Enter the interview's reference (up to 50 characters)"));
        }

        var policeReferences = (Get("police_references") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (policeReferences.Count == 0)
        {
            errors.Add(new FieldError("police_references", "Enter the police references of the episodes it covers, separated by ;"));
        }

        var outcome = Codes.RhiOutcome.Parse(Get("outcome")) switch
        {
            "COMPLETED" => RhiStatus.Completed,
            "DECLINED" => RhiStatus.Declined,
            "NO_CONTACT" => RhiStatus.NoContact,
            "NOT_OFFERED" => RhiStatus.NotOffered,
            _ => (RhiStatus?)null,
        };
        if (outcome is null)
        {
            errors.Add(new FieldError("outcome", Codes.RhiOutcome.MustBe));
        }

        var offeredAt = Time("offered_at", required: false);
        var outcomeAt = Time("outcome_at", required: true);
        var method = Code("method", Codes.InterviewMethod);
        var venue = Code("venue", Codes.Venue);
        var declinedBy = Code("declined_by", Codes.DeclinedBy);
        var notOffered = Code("not_offered_reason", Codes.NotOfferedReason);
        var primary = Code("primary_reason", Codes.Reason);

        if (outcome == RhiStatus.NotOffered && Get("offered_at") is not null)
        {
            errors.Add(new FieldError("offered_at", "Leave blank when the outcome is not offered"));
        }

        if (outcome is not null && outcome != RhiStatus.NotOffered && Get("offered_at") is null)
        {
            errors.Add(new FieldError("offered_at", "Enter when the interview was offered"));
        }

        if (offeredAt is { } o && outcomeAt is { } a && a < o)
        {
            errors.Add(new FieldError("outcome_at", "The outcome must be after the offer"));
        }

        if (outcome == RhiStatus.Completed && (Get("method") is null || Get("venue") is null))
        {
            errors.Add(new FieldError(Get("method") is null ? "method" : "venue", "Method and venue are required for a completed interview"));
        }

        if ((outcome == RhiStatus.Declined) != (Get("declined_by") is not null))
        {
            errors.Add(new FieldError("declined_by", outcome == RhiStatus.Declined ? "Say who declined" : "Only for a declined interview"));
        }

        if ((outcome == RhiStatus.NotOffered) != (Get("not_offered_reason") is not null))
        {
            errors.Add(new FieldError("not_offered_reason", outcome == RhiStatus.NotOffered ? "Say why no interview was offered" : "Only when the outcome is not offered"));
        }

        if (Get("primary_reason") is not null && outcome != RhiStatus.Completed)
        {
            errors.Add(new FieldError("primary_reason", "Only for a completed interview"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new LegacyRhiCommand(reference!, policeReferences, offeredAt, outcome!.Value, outcomeAt!.Value, method, venue, declinedBy, notOffered, primary), errors);
    }

    private async Task<IReadOnlyList<(RowResult Result, IReadOnlyList<FieldError> Errors)>> SaveAsync(IReadOnlyList<LegacyRhiCommand> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var results = new List<(RowResult, IReadOnlyList<FieldError>)>(batch.Count);
        var references = batch.Select(b => b.Reference).ToList();
        var existing = (await db.ReturnInterviews.IgnoreQueryFilters().Where(r => r.LegacyReference != null && references.Contains(r.LegacyReference)).ToListAsync(cancellationToken))
            .GroupBy(r => r.LegacyReference!).ToDictionary(g => g.Key, g => g.First());
        var policeReferences = batch.SelectMany(b => b.PoliceReferences).Distinct().ToList();
        // A police reference is unique per notifying force (issue #16): one that several forces used names no episode.
        var found = await db.Episodes.IgnoreQueryFilters().Where(e => policeReferences.Contains(e.PoliceReference)).ToListAsync(cancellationToken);
        var shared = found.GroupBy(e => e.PoliceReference).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var episodes = found.Where(e => !shared.Contains(e.PoliceReference)).ToDictionary(e => e.PoliceReference);
        var coveringIds = episodes.Values.Where(e => e.ReturnInterviewId != null).Select(e => e.ReturnInterviewId!.Value).Distinct().ToList();
        var covering = await db.ReturnInterviews.IgnoreQueryFilters().Where(r => coveringIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        // Every episode on those interviews (tracked: the ones this batch moves are already in `episodes`).
        var onCovering = await db.Episodes.IgnoreQueryFilters().Where(e => e.ReturnInterviewId != null && coveringIds.Contains(e.ReturnInterviewId.Value)).ToListAsync(cancellationToken);
        var worked = (await db.RhiAttempts.IgnoreQueryFilters().Where(a => coveringIds.Contains(a.ReturnInterviewId)).Select(a => a.ReturnInterviewId).Distinct().ToListAsync(cancellationToken)).ToHashSet();

        var earlierRows = new Dictionary<string, LegacyRhiCommand>(); // rows of this batch already taken, by reference
        var claimed = new Dictionary<Guid, string>(); // episode id -> the reference of the row in this batch that covers it
        foreach (var command in batch)
        {
            if (existing.TryGetValue(command.Reference, out var already))
            {
                var same = already.Status == command.Outcome && already.ClosedAt == command.OutcomeAt && already.OfferedAt == command.OfferedAt;
                results.Add(same ? (RowResult.Unchanged, []) : (RowResult.Rejected, [new FieldError("rhi_reference", "An interview with this reference was already imported with different details")]));
                continue;
            }

            if (earlierRows.TryGetValue(command.Reference, out var earlierRow))
            {
                results.Add(SameRow(earlierRow, command)
                    ? (RowResult.Unchanged, [])
                    : (RowResult.Rejected, [new FieldError("rhi_reference", "An earlier row of this file has this reference with different details")]));
                continue;
            }

            if (command.PoliceReferences.Where(shared.Contains).ToList() is { Count: > 0 } ambiguous)
            {
                results.Add((RowResult.Rejected, [new FieldError("police_references", $"More than one police force notified the police reference {string.Join(", ", ambiguous)}: this interview cannot be placed")]));
                continue;
            }

            var missing = command.PoliceReferences.Where(r => !episodes.ContainsKey(r)).ToList();
            if (missing.Count > 0)
            {
                results.Add((RowResult.Rejected, [new FieldError("police_references", $"No notification has the police reference {string.Join(", ", missing)}: import the notifications first")]));
                continue;
            }

            var covered = command.PoliceReferences.Select(r => episodes[r]).ToList();
            if (covered.Select(e => e.ChildId).Distinct().Count() > 1)
            {
                results.Add((RowResult.Rejected, [new FieldError("police_references", "The episodes belong to different children: one interview covers one child")]));
                continue;
            }

            if (covered.Any(e => e.ReturnedAt is null))
            {
                results.Add((RowResult.Rejected, [new FieldError("police_references", "An episode has no return time: an interview follows a return")]));
                continue;
            }

            if (covered.FirstOrDefault(e => claimed.ContainsKey(e.Id)) is { } taken)
            {
                results.Add((RowResult.Rejected, [new FieldError("police_references", $"Episode {taken.PoliceReference} is already covered by the interview {claimed[taken.Id]} on an earlier row")]));
                continue;
            }

            var firstReturn = covered.Min(e => e.ReturnedAt!.Value);
            if (command.OfferedAt < firstReturn || command.OutcomeAt < firstReturn)
            {
                var column = command.OfferedAt < firstReturn ? "offered_at" : "outcome_at";
                results.Add((RowResult.Rejected, [new FieldError(column, $"Is before the child returned ({InstantPattern.General.Format(firstReturn)}): an interview follows a return")]));
                continue;
            }

            var blocking = covered.Where(e => e.ReturnInterviewId is { } id && covering.TryGetValue(id, out var r) && (r.Status != RhiStatus.AwaitingOffer || worked.Contains(id) || r.InterviewedAt is not null || r.LegacyReference is not null)).ToList();
            if (blocking.Count > 0)
            {
                results.Add((RowResult.Rejected, [new FieldError("police_references", $"Episode {blocking[0].PoliceReference} is already covered by an interview with work recorded")]));
                continue;
            }

            var interview = new ReturnInterview
            {
                Id = Guid.NewGuid(),
                ChildId = covered[0].ChildId,
                Reference = RecordReferences.New("RHI"),
                LegacyReference = command.Reference,
                Status = command.Outcome,
                FirstReturnedAt = firstReturn,
                DueAt = ReturnInterviewRules.OfferDueAt(firstReturn),
                OfferedAt = command.OfferedAt,
                ClosedAt = command.OutcomeAt,
                Method = command.Method,
                Venue = command.Venue,
                DeclinedBy = command.DeclinedBy,
                NotOfferedReason = command.NotOfferedReason,
                PrimaryReason = command.PrimaryReason,
                Reasons = command.PrimaryReason,
                InterviewedAt = command.Outcome == RhiStatus.Completed ? command.OutcomeAt : null,
                SubmittedAt = command.Outcome == RhiStatus.Completed ? command.OutcomeAt : null,
                OutcomeNote = "Migrated from the previous provider's records.",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.ReturnInterviews.Add(interview);
            foreach (var episode in covered)
            {
                var previous = episode.ReturnInterviewId;
                episode.ReturnInterviewId = interview.Id;
                if (previous is { } old && covering.TryGetValue(old, out var replaced))
                {
                    // An automatic RHI with nothing recorded on it: removed once empty, otherwise its clock restarts from
                    // the earliest return it still covers.
                    var left = onCovering.Where(e => e.ReturnInterviewId == old).ToList();
                    if (left.Count == 0)
                    {
                        db.ReturnInterviews.Remove(replaced);
                        covering.Remove(old);
                    }
                    else if (left.Min(e => e.ReturnedAt) is { } first)
                    {
                        replaced.FirstReturnedAt = first;
                        replaced.DueAt = ReturnInterviewRules.OfferDueAt(first);
                    }
                }
            }

            earlierRows[command.Reference] = command;
            foreach (var episode in covered)
            {
                claimed[episode.Id] = command.Reference;
            }

            results.Add((RowResult.Created, []));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return results;
    }

    private static bool SameRow(LegacyRhiCommand a, LegacyRhiCommand b) =>
        a.Outcome == b.Outcome && a.OutcomeAt == b.OutcomeAt && a.OfferedAt == b.OfferedAt && a.PoliceReferences.SequenceEqual(b.PoliceReferences);
}
