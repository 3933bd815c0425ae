using Beacon.Domain.Access;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Children;
using Beacon.Web.Features.Organisations;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Missing;

public enum IntakeOutcome
{
    /// <summary>A new episode was recorded.</summary>
    Created,

    /// <summary>The same notification again: nothing changed.</summary>
    Unchanged,

    /// <summary>A resend that only filled in what was blank before (the return, the prevention interview).</summary>
    Updated,

    /// <summary>A resend that contradicts what was received before: nothing changed.</summary>
    Conflict,
}

/// <summary>A field whose resent value differs from the stored one. Values are given only to callers who may see the child.</summary>
public sealed record FieldDifference(string Field, string? Stored, string? Received);

public sealed record IntakeResult(IntakeOutcome Outcome, Guid EpisodeId, Guid ChildId, Guid? ReturnInterviewId, bool NewChild, int PossibleMatches, IReadOnlyList<FieldDifference> Differences);

/// <summary>
/// Records police notifications (issue #3 §1–3), the same way for the form, the API and CSV imports:
/// idempotent on (notifying force, police reference); joins a child the notifier may already see by the force's police
/// person id, else NHS number, else creates a child and proposes possible matches (a hidden child with the same
/// identifier, or the same date of birth and a similar name) for a person to decide; a change of authorities that
/// would take the child out of a council's view waits for a provider caseworker (issue #16 §1–2); creates or joins the
/// child's open RHI when the child has returned. A batch is saved in one transaction with its audit entries.
/// </summary>
public sealed class NotificationIntake(BeaconDbContext db, RepeatMissing.RepeatMissingEvaluator repeatMissing, Infrastructure.Auditing.AuditLog audit, IClock clock, Microsoft.Extensions.Options.IOptions<Infrastructure.BeaconOptions> options)
{
    public Task<IReadOnlyList<IntakeResult>> ReceiveAsync(IReadOnlyList<NotificationCommand> commands, string source, Guid? notifyingPoliceForceId, CancellationToken cancellationToken = default) =>
        db.InsertInBulk
            ? db.WithoutAutoDetectChangesAsync(() => ReceiveBatchAsync(commands, source, notifyingPoliceForceId, cancellationToken))
            : ReceiveBatchAsync(commands, source, notifyingPoliceForceId, cancellationToken);

    private async Task<IReadOnlyList<IntakeResult>> ReceiveBatchAsync(IReadOnlyList<NotificationCommand> commands, string source, Guid? notifyingPoliceForceId, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var results = new List<IntakeResult>(commands.Count);
        var notifier = NotifierScope(notifyingPoliceForceId);
        var references = commands.Select(c => c.PoliceReference).Distinct().ToList();
        // A police reference is the notifying force's: another force's notification with the same reference is not a
        // resend (issue #16 §2). References entered without a force are matched among themselves.
        var episodes = await OfNotifier(db.Episodes.IgnoreQueryFilters().Where(e => EF.Parameter(references).Contains(e.PoliceReference)), notifyingPoliceForceId)
            .ToDictionaryAsync(e => e.PoliceReference, cancellationToken);
        var personIds = commands.Where(c => c.PolicePersonId is not null).Select(c => c.PolicePersonId!).Distinct().ToList();
        // A police person id is also the force's (issue #16 §1): a child matches by one given on the child by that force
        // or on an episode that force notified. Separate queries, each on its own index, rather than one OR that a
        // database may answer with a scan.
        var personEpisodes = personIds.Count == 0 ? [] : await OfNotifier(db.Episodes.IgnoreQueryFilters()
                .Where(e => e.PolicePersonId != null && EF.Parameter(personIds).Contains(e.PolicePersonId)), notifyingPoliceForceId)
            .Select(e => new { PersonId = e.PolicePersonId!, e.ChildId }).Distinct().ToListAsync(cancellationToken);
        var personEpisodeChildIds = personEpisodes.Select(e => e.ChildId).Distinct().ToList();
        var byPersonIdStored = personIds.Count == 0 ? [] : await db.Children.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.MergedIntoId == null && c.PolicePersonId != null && EF.Parameter(personIds).Contains(c.PolicePersonId) && c.NotifyingPoliceForceId == notifyingPoliceForceId)
            .ToListAsync(cancellationToken);
        byPersonIdStored.AddRange(personEpisodeChildIds.Count == 0 ? [] : await db.Children.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.MergedIntoId == null && EF.Parameter(personEpisodeChildIds).Contains(c.Id)).ToListAsync(cancellationToken));
        var storedById = byPersonIdStored.DistinctBy(c => c.Id).ToDictionary(c => c.Id);
        var personMatches = byPersonIdStored.Where(c => c.PolicePersonId is not null).Select(c => (PersonId: c.PolicePersonId!, Child: c))
            .Concat(personEpisodes.Where(e => storedById.ContainsKey(e.ChildId)).Select(e => (e.PersonId, Child: storedById[e.ChildId])))
            .Where(m => personIds.Contains(m.PersonId))
            .ToList();

        // A notifier joins an episode only to a child it may already see (ADR 4); a child it may not see that has the
        // same identifier is proposed as a possible duplicate of the new child, for the provider to decide.
        var byPersonId = personMatches.Where(m => CanSee(notifier, m.Child)).GroupBy(m => m.PersonId).ToDictionary(g => g.Key, g => g.First().Child);
        var hiddenByPersonId = personMatches.Where(m => !CanSee(notifier, m.Child)).ToLookup(m => m.PersonId, m => m.Child);
        var nhsNumbers = commands.Where(c => c.NhsNumber is not null && (c.PolicePersonId is null || !byPersonId.ContainsKey(c.PolicePersonId)))
            .Select(c => c.NhsNumber!).Distinct().ToList();
        var byNhsStored = nhsNumbers.Count == 0 ? [] : await db.Children.IgnoreQueryFilters().AsNoTracking()
            .Where(c => c.MergedIntoId == null && c.NhsNumber != null && EF.Parameter(nhsNumbers).Contains(c.NhsNumber))
            .ToListAsync(cancellationToken);
        var byNhs = byNhsStored.Where(c => CanSee(notifier, c)).GroupBy(c => c.NhsNumber!).ToDictionary(g => g.Key, g => g.First());
        var hiddenByNhs = byNhsStored.Where(c => !CanSee(notifier, c)).ToLookup(c => c.NhsNumber!);
        var known = byPersonId.Values.Concat(byNhs.Values).DistinctBy(c => c.Id).ToList();
        var authorities = await db.Organisations.Where(o => o.DfeLaNumber != null).ToDictionaryAsync(o => o.DfeLaNumber!.Value, cancellationToken);
        var knownIds = known.Select(c => c.Id).ToList();
        // Open ones picked here, not in SQL: given a status condition SQLite reads every open RHI through the status
        // index instead of the children's RHIs through the child index (an import's time grew with the database).
        var openInterviews = (await db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking()
                .Where(r => EF.Parameter(knownIds).Contains(r.ChildId))
                .ToListAsync(cancellationToken))
            .Where(r => r.Status is RhiStatus.AwaitingOffer or RhiStatus.Offered)
            .GroupBy(r => r.ChildId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var id in knownIds)
        {
            openInterviews.TryAdd(id, []); // known to have none open: no query per episode
        }

        // When each known child was last reported missing: only a notification at least as recent says where the child
        // lives now and who is responsible (a file, or a late notification, is not in date order).
        var lastReported = knownIds.Count == 0 ? [] : await db.Episodes.IgnoreQueryFilters()
            .Where(e => EF.Parameter(knownIds).Contains(e.ChildId))
            .GroupBy(e => e.ChildId).Select(g => new { g.Key, Last = g.Max(e => e.ReportedMissingAt) })
            .ToDictionaryAsync(g => g.Key, g => g.Last, cancellationToken);

        // Read without tracking (a batch reads thousands and changes few); one about to change is attached first.
        readOnly.Clear();
        readOnly.UnionWith(known);
        readOnly.UnionWith(openInterviews.Values.SelectMany(open => open));

        var newChildren = new List<Child>();
        var newEpisodes = new List<Episode>();

        foreach (var command in commands)
        {
            if (episodes.TryGetValue(command.PoliceReference, out var existing))
            {
                results.Add(await ResendAsync(existing, command, openInterviews, now, cancellationToken));
                continue;
            }

            if (!authorities.TryGetValue(command.ResponsibleAuthorityDfe, out var responsible))
            {
                // A council outside the partnership placing a child here: recorded so nothing is lost; an administrator names it.
                responsible = new Organisation { Id = Guid.CreateVersion7(), Code = ReferenceDataSeeder.AuthorityCode(command.ResponsibleAuthorityDfe), Name = $"Local authority {command.ResponsibleAuthorityDfe} (name to be confirmed)", Kind = OrganisationKind.LocalAuthority, DfeLaNumber = command.ResponsibleAuthorityDfe };
                db.Organisations.Add(responsible);
                authorities[command.ResponsibleAuthorityDfe] = responsible;
            }

            var child = (command.PolicePersonId is { } pid ? byPersonId.GetValueOrDefault(pid) : null)
                ?? (command.NhsNumber is { } nhs ? byNhs.GetValueOrDefault(nhs) : null);
            var newChild = child is null;
            const int proposals = 0;
            AuthorityChange? pendingChange = null;
            if (child is null)
            {
                child = new Child
                {
                    Id = Guid.CreateVersion7(),
                    Reference = NewReference("BCN"),
                    GivenName = command.GivenName,
                    FamilyName = command.FamilyName,
                    DateOfBirth = command.DateOfBirth,
                    Gender = command.Gender,
                    EthnicityCode = command.EthnicityCode,
                    NhsNumber = command.NhsNumber,
                    PolicePersonId = command.PolicePersonId,
                    HostDistrictCode = command.District.GssCode,
                    HostAuthorityId = command.District.AuthorityId,
                    ResponsibleAuthorityId = responsible.Id,
                    LivingSituation = command.LivingSituation,
                    NotifyingPoliceForceId = notifyingPoliceForceId,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.AddNew(child);
                newChildren.Add(child);
                lastReported[child.Id] = command.ReportedMissingAt;
                openInterviews[child.Id] = [];
                if (child.PolicePersonId is not null)
                {
                    byPersonId[child.PolicePersonId] = child;
                }

                if (child.NhsNumber is not null)
                {
                    byNhs[child.NhsNumber] = child;
                }

                ProposeHidden(child, command.PolicePersonId is { } samePerson ? hiddenByPersonId[samePerson] : [], "Same police person id from the same force", now);
                ProposeHidden(child, command.NhsNumber is { } sameNhs ? hiddenByNhs[sameNhs] : [], "Same NHS number", now);
            }
            else
            {
                // The most recent episode tells us where the child lives now and who is responsible; blanks are filled
                // from any. Read and written as one tuple, so a field added to one side and not the other does not compile.
                var current = !lastReported.TryGetValue(child.Id, out var last) || command.ReportedMissingAt >= last;
                var (district, host, responsibleId, living) = current
                    ? (command.District.GssCode, command.District.AuthorityId, responsible.Id, command.LivingSituation)
                    : (child.HostDistrictCode, child.HostAuthorityId, child.ResponsibleAuthorityId, child.LivingSituation);
                if (current)
                {
                    lastReported[child.Id] = command.ReportedMissingAt;
                }

                if (current && ChildVisibility.AuthoritiesLosingView(Facts(child), new ChildAccessFacts(responsibleId, host, child.NotifyingPoliceForceId)).Count > 0)
                {
                    // Taking the child out of a council's view is not a notification's to do: it waits for a provider
                    // caseworker (issue #16 §1), and the child stays where it is meanwhile.
                    pendingChange = new AuthorityChange { Id = Guid.CreateVersion7(), ChildId = child.Id, HostDistrictCode = district, HostAuthorityId = host, ResponsibleAuthorityId = responsibleId, LivingSituation = living, Status = "open", CreatedAt = now };
                    (district, host, responsibleId, living) = (child.HostDistrictCode, child.HostAuthorityId, child.ResponsibleAuthorityId, child.LivingSituation);
                }

                var latest = (district, host, responsibleId, living,
                    child.NotifyingPoliceForceId ?? notifyingPoliceForceId, child.PolicePersonId ?? command.PolicePersonId,
                    child.NhsNumber ?? command.NhsNumber, child.EthnicityCode ?? command.EthnicityCode);
                if (latest != (child.HostDistrictCode, child.HostAuthorityId, child.ResponsibleAuthorityId, child.LivingSituation,
                    child.NotifyingPoliceForceId, child.PolicePersonId, child.NhsNumber, child.EthnicityCode))
                {
                    Changing(child);
                    (child.HostDistrictCode, child.HostAuthorityId, child.ResponsibleAuthorityId, child.LivingSituation,
                        child.NotifyingPoliceForceId, child.PolicePersonId, child.NhsNumber, child.EthnicityCode) = latest;
                }
            }

            var episode = new Episode
            {
                Id = Guid.CreateVersion7(),
                ChildId = child.Id,
                PoliceReference = command.PoliceReference,
                PolicePersonId = command.PolicePersonId,
                GivenName = command.GivenName,
                FamilyName = command.FamilyName,
                DateOfBirth = command.DateOfBirth,
                Gender = command.Gender,
                EthnicityCode = command.EthnicityCode,
                NhsNumber = command.NhsNumber,
                HostDistrictCode = command.District.GssCode,
                LivingSituation = command.LivingSituation,
                ResponsibleAuthorityId = responsible.Id,
                ReportedMissingAt = command.ReportedMissingAt,
                ReturnedAt = command.ReturnedAt,
                MissingOrAbsent = command.MissingOrAbsent,
                PoliceRisk = command.PoliceRisk,
                PreventionInterviewAt = command.PreventionInterviewAt,
                NotifiedAt = command.NotifiedAt,
                Circumstances = command.Circumstances,
                NotifyingPoliceForceId = notifyingPoliceForceId,
                Source = source,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.AddNew(episode);
            newEpisodes.Add(episode);
            episodes[episode.PoliceReference] = episode;
            if (pendingChange is not null)
            {
                pendingChange.EpisodeId = episode.Id;
                db.AddNew(pendingChange);
            }

            var interview = episode.ReturnedAt is null ? null : await CoverAsync(episode, openInterviews, now, cancellationToken);
            results.Add(new IntakeResult(IntakeOutcome.Created, episode.Id, child.Id, interview?.Id, newChild, proposals, []));
        }

        await ProposeMatchesAsync(newChildren, now, cancellationToken);
        var visibleProposals = await VisibleProposalsAsync(notifier, cancellationToken);
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].NewChild && visibleProposals.TryGetValue(results[i].ChildId, out var count))
            {
                results[i] = results[i] with { PossibleMatches = count };
            }
        }

        await repeatMissing.EvaluateAsync(newEpisodes, now, cancellationToken);
        await EnsureUniqueReferencesAsync(cancellationToken);
        if (!db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.DetectChangesToLoadedRows();
        }

        await db.SaveChangesAsync(cancellationToken);
        await AuditResendsAsync(commands, results, cancellationToken);
        return results;
    }

    /// <summary>A resend answered "unchanged" or "conflict" tells the sender what was stored: each is audited with who
    /// sent it (the actor), the police reference and the outcome (issue #16 §2). One write per batch.</summary>
    private async Task AuditResendsAsync(IReadOnlyList<NotificationCommand> commands, IReadOnlyList<IntakeResult> results, CancellationToken cancellationToken)
    {
        foreach (var outcome in new[] { IntakeOutcome.Unchanged, IntakeOutcome.Conflict })
        {
            var references = commands.Where((_, i) => results[i].Outcome == outcome).Select(c => (string?)c.PoliceReference).ToList();
            await audit.RecordAllAsync("notification-resend", "Notification", references, outcome: outcome.ToString().ToLowerInvariant(), cancellationToken: cancellationToken);
        }
    }

    /// <summary>Whose view decides what a notification may join (ADR 4): the notifying force's when the notification is
    /// attributed to a force (its identifiers are that force's, whichever door it came through); otherwise the entering
    /// user's, or everything for a system process.</summary>
    private AccessScope NotifierScope(Guid? notifyingPoliceForceId) =>
        notifyingPoliceForceId is { } force ? new AccessScope(ScopeKind.PoliceForce, force, Guid.Empty)
        : db.Actor.IsSystem ? AccessScope.System : db.Actor.Scope;

    private static IQueryable<Episode> OfNotifier(IQueryable<Episode> episodes, Guid? notifyingPoliceForceId) =>
        notifyingPoliceForceId is { } force ? episodes.Where(e => e.NotifyingPoliceForceId == force) : episodes.Where(e => e.NotifyingPoliceForceId == null);

    private static ChildAccessFacts Facts(Child c) => new(c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId);

    private static bool CanSee(AccessScope scope, Child child) => ChildVisibility.CanSee(scope, Facts(child));

    /// <summary>Proposes a new child as a possible duplicate of stored children it shares an identifier with but that the
    /// notifier may not see: the provider decides; the notifier is told nothing about them.</summary>
    private void ProposeHidden(Child child, IEnumerable<Child> candidates, string reason, Instant now)
    {
        foreach (var candidate in candidates.DistinctBy(c => c.Id))
        {
            db.AddNew(new MatchProposal { Id = Guid.CreateVersion7(), ChildId = child.Id, CandidateChildId = candidate.Id, Reason = reason, Status = "open", CreatedAt = now });
        }
    }

    /// <summary>How many of the batch's proposals for each new child name a child the notifier may see: a count that
    /// included the others would tell the notifier they exist. One query for the batch.</summary>
    private async Task<Dictionary<Guid, int>> VisibleProposalsAsync(AccessScope notifier, CancellationToken cancellationToken)
    {
        var proposals = db.AddedRows<MatchProposal>().ToList();
        if (proposals.Count == 0)
        {
            return [];
        }

        var facts = db.AddedRows<Child>().ToDictionary(c => c.Id, Facts);
        var stored = proposals.Select(p => p.CandidateChildId).Where(id => !facts.ContainsKey(id)).Distinct().ToList();
        foreach (var c in await db.Children.IgnoreQueryFilters().AsNoTracking().Where(c => EF.Parameter(stored).Contains(c.Id))
            .Select(c => new { c.Id, c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId }).ToListAsync(cancellationToken))
        {
            facts[c.Id] = new ChildAccessFacts(c.ResponsibleAuthorityId, c.HostAuthorityId, c.NotifyingPoliceForceId);
        }

        return proposals.Where(p => facts.TryGetValue(p.CandidateChildId, out var f) && ChildVisibility.CanSee(notifier, f))
            .GroupBy(p => p.ChildId).ToDictionary(g => g.Key, g => g.Count());
    }

    // Stored children and RHIs the batch read without tracking.
    private readonly HashSet<object> readOnly = new(ReferenceEqualityComparer.Instance);

    /// <summary>Starts tracking a stored row read without tracking, before it changes, so the save writes and audits
    /// the change (a row added in this batch, or read with tracking, is left as it is).</summary>
    private void Changing(object row)
    {
        if (readOnly.Remove(row))
        {
            db.Entry(row).State = EntityState.Unchanged;
        }
    }

    /// <summary>The same police reference again: unchanged, filling in blanks, or a conflict.</summary>
    private async Task<IntakeResult> ResendAsync(Episode existing, NotificationCommand command, Dictionary<Guid, List<ReturnInterview>> openInterviews, Instant now, CancellationToken cancellationToken)
    {
        var differences = Compare(existing, command);
        if (differences.Count > 0)
        {
            return new IntakeResult(IntakeOutcome.Conflict, existing.Id, existing.ChildId, existing.ReturnInterviewId, false, 0, differences);
        }

        var filled = false;
        if (existing.ReturnedAt is null && command.ReturnedAt is not null)
        {
            existing.ReturnedAt = command.ReturnedAt;
            filled = true;
        }

        if (existing.PreventionInterviewAt is null && command.PreventionInterviewAt is not null)
        {
            existing.PreventionInterviewAt = command.PreventionInterviewAt;
            filled = true;
        }

        if (existing.Circumstances is null && command.Circumstances is not null)
        {
            existing.Circumstances = command.Circumstances;
            filled = true;
        }

        var interview = existing.ReturnInterviewId;
        if (filled && existing.ReturnedAt is not null && existing.ReturnInterviewId is null)
        {
            interview = (await CoverAsync(existing, openInterviews, now, cancellationToken)).Id; // the batch's open RHIs: one opened by an earlier row counts
        }

        return new IntakeResult(filled ? IntakeOutcome.Updated : IntakeOutcome.Unchanged, existing.Id, existing.ChildId, interview, false, 0, []);
    }

    /// <summary>Differences between a stored episode and a resend; a value blank before and given now is not a difference.</summary>
    public static List<FieldDifference> Compare(Episode stored, NotificationCommand received)
    {
        var differences = new List<FieldDifference>();
        void Check(string field, string? before, string? now, bool fillable = false)
        {
            if (!string.Equals(before, now, StringComparison.Ordinal) && !(fillable && before is null))
            {
                differences.Add(new FieldDifference(field, before, now));
            }
        }

        Check("police_person_id", stored.PolicePersonId, received.PolicePersonId);
        Check("given_name", stored.GivenName, received.GivenName);
        Check("family_name", stored.FamilyName, received.FamilyName);
        Check("date_of_birth", stored.DateOfBirth.ToString("yyyy-MM-dd", null), received.DateOfBirth.ToString("yyyy-MM-dd", null));
        Check("gender", stored.Gender, received.Gender);
        Check("ethnicity", stored.EthnicityCode, received.EthnicityCode);
        Check("nhs_number", stored.NhsNumber, received.NhsNumber);
        Check("district_code", stored.HostDistrictCode, received.District.GssCode);
        Check("living_situation", stored.LivingSituation, received.LivingSituation);
        Check("reported_missing_at", stored.ReportedMissingAt.ToString(), received.ReportedMissingAt.ToString());
        Check("returned_at", stored.ReturnedAt?.ToString(), received.ReturnedAt?.ToString(), fillable: true);
        Check("missing_or_absent", stored.MissingOrAbsent, received.MissingOrAbsent);
        Check("police_risk", stored.PoliceRisk, received.PoliceRisk);
        Check("prevention_interview_at", stored.PreventionInterviewAt?.ToString(), received.PreventionInterviewAt?.ToString(), fillable: true);
        Check("notified_at", stored.NotifiedAt.ToString(), received.NotifiedAt.ToString());
        Check("circumstances", stored.Circumstances, received.Circumstances, fillable: true);
        if (received.ReturnedAt is null && stored.ReturnedAt is not null)
        {
            differences.RemoveAll(d => d.Field == "returned_at");
        }

        if (received.PreventionInterviewAt is null && stored.PreventionInterviewAt is not null)
        {
            differences.RemoveAll(d => d.Field == "prevention_interview_at");
        }

        if (received.Circumstances is null && stored.Circumstances is not null)
        {
            differences.RemoveAll(d => d.Field == "circumstances");
        }

        return differences;
    }

    /// <summary>Puts a returned episode under an open RHI of the child that <see cref="ReturnInterviewRules.JoinsOpenInterview"/>
    /// allows (not offered before the return, earliest covered return within <c>Beacon:ReturnInterviews:JoinWithinDays</c>;
    /// the latest such), or opens a new one, due 72 hours after the return (issue #22 §2).</summary>
    private async Task<ReturnInterview> CoverAsync(Episode episode, Dictionary<Guid, List<ReturnInterview>> openInterviews, Instant now, CancellationToken cancellationToken)
    {
        if (!openInterviews.TryGetValue(episode.ChildId, out var opened))
        {
            openInterviews[episode.ChildId] = opened = await db.ReturnInterviews.IgnoreQueryFilters()
                .Where(r => r.ChildId == episode.ChildId && (r.Status == RhiStatus.AwaitingOffer || r.Status == RhiStatus.Offered))
                .ToListAsync(cancellationToken);
        }

        var returned = episode.ReturnedAt!.Value;
        var joinWithin = Duration.FromDays(options.Value.ReturnInterviews.JoinWithinDays);
        var open = opened.Where(r => ReturnInterviewRules.JoinsOpenInterview(returned, r.FirstReturnedAt, r.OfferedAt, joinWithin)).MaxBy(r => r.FirstReturnedAt);
        if (open is null)
        {
            open = new ReturnInterview
            {
                Id = Guid.CreateVersion7(),
                ChildId = episode.ChildId,
                Reference = NewReference("RHI"),
                Status = RhiStatus.AwaitingOffer,
                FirstReturnedAt = returned,
                DueAt = ReturnInterviewRules.OfferDueAt(returned),
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.AddNew(open);
            opened.Add(open);
        }
        else if (returned < open.FirstReturnedAt)
        {
            Changing(open);
            open.FirstReturnedAt = returned;
            open.DueAt = ReturnInterviewRules.OfferDueAt(open.FirstReturnedAt);
        }

        episode.ReturnInterviewId = open.Id;
        return open;
    }

    /// <summary>At most this many possible duplicates are proposed for one new child: a name and date of birth shared
    /// with more records than this is too common for matching on them to help a person decide, and an unbounded list
    /// made each such notification slower than the last (found by the load test).</summary>
    public const int MaxProposalsPerChild = 10;

    /// <summary>Proposes possible matches (same date of birth, similar name) for children just created, for a person to
    /// confirm or reject; never merges. One query for the whole batch. Also used by the referral import.</summary>
    internal async Task<Dictionary<Guid, int>> ProposeMatchesAsync(List<Child> newChildren, Instant now, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<Guid, int>();
        if (newChildren.Count == 0)
        {
            return counts;
        }

        var births = newChildren.Select(c => c.DateOfBirth).Distinct().ToList();
        var newIds = newChildren.Select(c => c.Id).ToHashSet();
        var stored = await db.Children.IgnoreQueryFilters().AsNoTracking()
            .Where(c => EF.Parameter(births).Contains(c.DateOfBirth) && c.MergedIntoId == null)
            .Select(c => new { c.Id, c.GivenName, c.FamilyName, c.DateOfBirth })
            .ToListAsync(cancellationToken);

        // Names normalised once per child, not once per comparison.
        var candidates = stored.Where(c => !newIds.Contains(c.Id))
            .Concat(newChildren.Select(c => new { c.Id, c.GivenName, c.FamilyName, c.DateOfBirth }))
            .Select(c => (c.Id, c.DateOfBirth, Given: ChildMatching.Normalise(c.GivenName), Family: ChildMatching.Normalise(c.FamilyName)))
            .ToLookup(c => c.DateOfBirth);
        var earlier = new HashSet<Guid>(stored.Select(c => c.Id).Where(id => !newIds.Contains(id)));
        var proposedAlready = db.AddedRows<MatchProposal>().Select(m => (m.ChildId, m.CandidateChildId)).ToHashSet();
        foreach (var child in newChildren)
        {
            var (given, family) = (ChildMatching.Normalise(child.GivenName), ChildMatching.Normalise(child.FamilyName));
            foreach (var candidate in candidates[child.DateOfBirth])
            {
                if (counts.GetValueOrDefault(child.Id) >= MaxProposalsPerChild)
                {
                    break;
                }

                if (candidate.Id != child.Id && earlier.Contains(candidate.Id) && !proposedAlready.Contains((child.Id, candidate.Id)) && ChildMatching.IsPossibleMatchNormalised(given, family, candidate.Given, candidate.Family))
                {
                    db.AddNew(new MatchProposal { Id = Guid.CreateVersion7(), ChildId = child.Id, CandidateChildId = candidate.Id, Reason = "Same date of birth and a similar name", Status = "open", CreatedAt = now });
                    counts[child.Id] = counts.GetValueOrDefault(child.Id) + 1;
                }
            }

            earlier.Add(child.Id); // later children in the batch may match this one
        }

        return counts;
    }

    private static string NewReference(string prefix) => RecordReferences.New(prefix);

    /// <summary>Gives any new child or RHI whose reference is already taken (in the database or the batch) a fresh one:
    /// one query per batch, so a large import never fails on a clash of random references.</summary>
    private async Task EnsureUniqueReferencesAsync(CancellationToken cancellationToken)
    {
        var children = db.AddedRows<Child>().ToList();
        var interviews = db.AddedRows<ReturnInterview>().ToList();
        while (true)
        {
            var childRefs = children.Select(c => c.Reference).ToList();
            var rhiRefs = interviews.Select(r => r.Reference).ToList();
            var taken = (await db.Children.IgnoreQueryFilters().Where(c => EF.Parameter(childRefs).Contains(c.Reference)).Select(c => c.Reference).ToListAsync(cancellationToken))
                .Concat(await db.ReturnInterviews.IgnoreQueryFilters().Where(r => EF.Parameter(rhiRefs).Contains(r.Reference)).Select(r => r.Reference).ToListAsync(cancellationToken))
                .Concat(childRefs.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key))
                .Concat(rhiRefs.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key))
                .ToHashSet();
            if (taken.Count == 0)
            {
                return;
            }

            children = children.Where(c => taken.Contains(c.Reference)).ToList();
            interviews = interviews.Where(r => taken.Contains(r.Reference)).ToList();
            children.ForEach(c => c.Reference = NewReference("BCN"));
            interviews.ForEach(r => r.Reference = NewReference("RHI"));
        }
    }
}
