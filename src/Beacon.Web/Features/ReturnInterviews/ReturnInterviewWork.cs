using Beacon.Domain.Vocabulary;
using Beacon.Domain.Missing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.ReturnInterviews;

public sealed record RhiEpisode(Guid Id, string PoliceReference, Instant ReportedMissingAt, Instant? ReturnedAt, string MissingOrAbsent, string PoliceRisk, string District, string? Circumstances);

/// <summary>One RHI as its page shows it; <see cref="CoverReasons"/> gives, by episode, a practitioner's reason for covering
/// an episode the default rule would have given an interview of its own.</summary>
public sealed record RhiView(ReturnInterview Interview, Child Child, string District, string? Locality, string ResponsibleAuthority, IReadOnlyList<RhiEpisode> Episodes, IReadOnlyList<RhiAttempt> Attempts, string? AssignedTo, RhiUrgency Urgency)
{
    public IReadOnlyDictionary<Guid, string> CoverReasons { get; init; } = new Dictionary<Guid, string>();
}

public sealed record SharedWith(string Organisation, Instant SharedAt, Instant? FirstViewedAt);

/// <summary>What a responsible authority and the police receive about a completed RHI: structured, never retyped.</summary>
public sealed record RhiSummary(
    Guid Id, string Reference, string ChildReference, string ChildName, LocalDate DateOfBirth, int Age, string Gender, string? EthnicityCode,
    string? NhsNumber, string? PolicePersonId, string ResponsibleAuthority, string District, string LivingSituation, IReadOnlyList<RhiEpisode> Episodes,
    Instant ReturnedAt, Instant OfferDueAt, Instant? OfferedAt, bool OfferedWithin72Hours, int Attempts,
    Instant? InterviewedAt, string Method, string Venue, IReadOnlyList<string> Reasons, string PrimaryReason,
    string? PushFactors, string? PullFactors, string? WhereWent, string? WithWhom, string? Travel, string? Harm,
    IReadOnlyList<string> ExploitationIndicators, string? ChildsWords, string? ActionsAgreed, string? ReferralsMade,
    Instant? CompletedAt, string? CompletedBy, bool Reviewed, IReadOnlyList<SharedWith> SharedWith);

public sealed record WorkListRow(Guid Id, string Reference, Guid ChildId, string ChildName, string District, string? Locality, RhiStatus Status, Instant DueAt, RhiUrgency Urgency, string? AssignedTo, int Episodes, bool SpotPurchase);

/// <summary>The interview form as entered (strings), for drafts and submission.</summary>
public sealed record InterviewForm
{
    public string? InterviewedAt { get; init; }

    public string? Method { get; init; }

    public string? Venue { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public string? PrimaryReason { get; init; }

    public string? PushFactors { get; init; }

    public string? PullFactors { get; init; }

    public string? WhereWent { get; init; }

    public string? WithWhom { get; init; }

    public string? Travel { get; init; }

    public string? Harm { get; init; }

    public IReadOnlyList<string> ExploitationIndicators { get; init; } = [];

    public string? ChildsWords { get; init; }

    public string? ActionsAgreed { get; init; }

    public string? ReferralsMade { get; init; }
}

/// <summary>The result of a change: the problems (field → message) if it was refused, else none.</summary>
public sealed record WorkResult(IReadOnlyList<FieldError> Errors, bool NotFound = false, bool Conflict = false)
{
    public static readonly WorkResult Ok = new([]);

    public bool Succeeded => Errors.Count == 0 && !NotFound && !Conflict;

    public static WorkResult Fail(string field, string message) => new([new FieldError(field, message)]);
}

/// <summary>
/// Practitioners' RHI work (issue #3 §3–5): the work list, attempts, outcomes, the interview form, manager review,
/// reopening, and the summary shared with the responsible authority and the police. Every rule about what may happen
/// comes from <see cref="ReturnInterviewRules"/>; every read of a record is audited.
/// </summary>
public sealed class ReturnInterviewWork(BeaconDbContext db, AuditLog audit, CurrentActor actor, IClock clock, Alerts.AlertWriter alerts, Microsoft.Extensions.Options.IOptions<Infrastructure.BeaconOptions> options)
{
    private static readonly LocalDateTimePattern[] TimePatterns =
    [
        LocalDateTimePattern.CreateWithInvariantCulture("d/M/uuuu H:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd H:mm"),
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu-MM-dd'T'HH:mm"),
    ];

    private static readonly ZonedDateTimePattern Display = ZonedDateTimePattern.CreateWithInvariantCulture("d MMM uuuu HH:mm", null);

    public static string London(Instant instant) => Display.Format(instant.InZone(ChildAge.London));

    public static string FormInput(Instant instant) => LocalDateTimePattern.CreateWithInvariantCulture("d/M/uuuu HH:mm").Format(instant.InZone(ChildAge.London).LocalDateTime);

    /// <summary>Parses a UK local date and time ("21/11/2026 14:30"); at a clock change the earlier instant is taken.</summary>
    public static Instant? ParseLondon(string? text)
    {
        foreach (var pattern in TimePatterns)
        {
            if (pattern.Parse((text ?? string.Empty).Trim()) is { Success: true } parsed)
            {
                return parsed.Value.InZoneLeniently(ChildAge.London).ToInstant();
            }
        }

        return null;
    }

    /// <summary>How the API writes times.</summary>
    public const string IsoExample = "in ISO 8601 with its offset, like 2026-11-21T14:30:00+00:00";

    /// <summary>Parses an ISO 8601 date and time with its offset (the API's times).</summary>
    public static Instant? ParseIso(string? text) =>
        OffsetDateTimePattern.ExtendedIso.Parse((text ?? string.Empty).Trim()) is { Success: true } parsed ? parsed.Value.ToInstant() : null;

    /// <summary>The most rows the work list shows at once (soonest due first); filters narrow it.</summary>
    public const int WorkListLimit = 200;

    public async Task<IReadOnlyList<WorkListRow>> WorkListAsync(string? state, string? assigned, string? locality, CancellationToken cancellationToken = default)
    {
        var now = clock.GetCurrentInstant();
        var me = actor.UserId;
        var query = db.ReturnInterviews.AsNoTracking().Where(r => r.Status == RhiStatus.AwaitingOffer || r.Status == RhiStatus.Offered);
        query = assigned switch
        {
            "me" => query.Where(r => r.AssignedToId == me),
            "unassigned" => query.Where(r => r.AssignedToId == null),
            _ => query,
        };
        var soon = now + ReturnInterviewRules.DueSoonWindow;
        query = state switch
        {
            "overdue" => query.Where(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt < now),
            "due-soon" => query.Where(r => r.Status == RhiStatus.AwaitingOffer && r.DueAt >= now && r.DueAt <= soon),
            "to-offer" => query.Where(r => r.Status == RhiStatus.AwaitingOffer),
            "waiting" => query.Where(r => r.Status == RhiStatus.Offered),
            _ => query,
        };

        var rows = await query
            .Join(db.Areas, r => r.Child!.HostDistrictCode, a => a.GssCode, (r, a) => new { r, a })
            .Where(x => locality == null || locality == "" || x.a.Locality == locality)
            .OrderBy(x => x.r.DueAt)
            .Take(WorkListLimit)
            .Select(x => new
            {
                x.r.Id,
                x.r.Reference,
                x.r.ChildId,
                Name = x.r.Child!.GivenName + " " + x.r.Child.FamilyName,
                District = x.a.Name,
                x.a.Locality,
                x.r.Status,
                x.r.DueAt,
                x.r.AssignedToId,
                Episodes = db.Episodes.Count(e => e.ReturnInterviewId == x.r.Id),
                x.r.IsSpotPurchase,
            })
            .ToListAsync(cancellationToken);
        var assignees = await Names(rows.Where(r => r.AssignedToId is not null).Select(r => r.AssignedToId!.Value), cancellationToken);
        // One audit entry for the list (issue #16 §8): the filter as understood and every interview shown (child/interview).
        static string Known(string? value, params string[] known) => value is not null && known.Contains(value) ? value : "all";
        var filter = $"state: {Known(state, "overdue", "due-soon", "to-offer", "waiting")}; assigned: {Known(assigned, "me", "unassigned")}; locality: {(string.IsNullOrEmpty(locality) ? "all" : locality.Length > 60 ? locality[..60] : locality)}";
        await audit.RecordListAsync(nameof(ReturnInterview), filter, rows.Select(r => $"{r.ChildId}/{r.Id}"), cancellationToken);
        return rows.Select(r => new WorkListRow(r.Id, r.Reference, r.ChildId, r.Name, r.District, r.Locality, r.Status, r.DueAt,
            ReturnInterviewRules.UrgencyAt(r.Status, r.DueAt, now), r.AssignedToId is { } a ? assignees.GetValueOrDefault(a) : null, r.Episodes, r.IsSpotPurchase)).ToList();
    }

    /// <summary>Opens an RHI (audited). Null when it does not exist or the user may not see it (audited as denied).</summary>
    public async Task<RhiView?> OpenAsync(Guid id, string via, CancellationToken cancellationToken = default)
    {
        var interview = await db.ReturnInterviews.AsNoTracking().Include(r => r.Child).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (interview?.Child is null)
        {
            var exists = await db.ReturnInterviews.IgnoreQueryFilters().AnyAsync(r => r.Id == id, cancellationToken);
            await audit.RecordAsync("view", nameof(ReturnInterview), id.ToString(), exists ? "denied" : "not-found", $"via: {via}", cancellationToken);
            return null;
        }

        await audit.RecordAsync("view", nameof(ReturnInterview), $"{interview.ChildId}/{id}", details: $"via: {via}", cancellationToken: cancellationToken);
        var child = interview.Child;
        var district = await db.Areas.AsNoTracking().SingleAsync(a => a.GssCode == child.HostDistrictCode, cancellationToken);
        var responsible = await db.Organisations.AsNoTracking().Where(o => o.Id == child.ResponsibleAuthorityId).Select(o => o.Name).SingleAsync(cancellationToken);
        var rows = await db.Episodes.AsNoTracking().Where(e => e.ReturnInterviewId == id).OrderBy(e => e.ReportedMissingAt)
            .Join(db.Areas, e => e.HostDistrictCode, a => a.GssCode, (e, a) => new { Episode = new RhiEpisode(e.Id, e.PoliceReference, e.ReportedMissingAt, e.ReturnedAt, e.MissingOrAbsent, e.PoliceRisk, a.Name, e.Circumstances), e.NotifyingPoliceForceId })
            .ToListAsync(cancellationToken);
        var scope = db.Actor.Scope;
        var episodes = rows.Select(x => x.Episode with { PoliceReference = Missing.ForceIdentifiers.Reference(scope, x.NotifyingPoliceForceId, x.Episode.PoliceReference) }).ToList();
        var attempts = await db.RhiAttempts.AsNoTracking().Where(a => a.ReturnInterviewId == id).OrderBy(a => a.AttemptedAt).ToListAsync(cancellationToken);
        var assigned = interview.AssignedToId is { } userId ? (await Names([userId], cancellationToken)).GetValueOrDefault(userId) : null;
        var reasons = await db.Episodes.AsNoTracking().Where(e => e.ReturnInterviewId == id && e.CoverReason != null).ToDictionaryAsync(e => e.Id, e => e.CoverReason!, cancellationToken);
        return new RhiView(interview, child, district.Name, district.Locality, responsible, episodes, attempts, assigned,
            ReturnInterviewRules.UrgencyAt(interview.Status, interview.DueAt, clock.GetCurrentInstant()))
        {
            CoverReasons = reasons,
        };
    }

    public Task<WorkResult> AssignToMeAsync(Guid id, CancellationToken cancellationToken = default) => ChangeAsync(id, null, interview =>
    {
        interview.AssignedToId = actor.UserId;
        return WorkResult.Ok;
    }, cancellationToken);

    /// <summary>Whether the signed-in user may allocate interviews to others (team and service managers).</summary>
    public bool MayAllocate => actor.IsInRole(Roles.TeamManager) || actor.IsInRole(Roles.ServiceManager);

    /// <summary>Provider caseworkers an interview may be allocated to (they can see every child), by name.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> AllocatableAsync(CancellationToken cancellationToken = default)
    {
        var caseworkRoles = new[] { Roles.Practitioner, Roles.TeamManager, Roles.ServiceManager, Roles.PanelChair };
        var rows = await db.Users.AsNoTracking().Where(u => !u.IsServiceAccount)
            .Join(db.Organisations.Where(o => o.Kind == OrganisationKind.Provider), u => u.OrganisationId, o => o.Id, (u, o) => u)
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && caseworkRoles.Contains(r.Name!))))
            .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.DisplayName))];
    }

    /// <summary>A manager allocates the interview to a caseworker, who is alerted (issue #7 §3) in the same save.</summary>
    public async Task<WorkResult> AllocateAsync(Guid id, Guid? userId, CancellationToken cancellationToken = default)
    {
        if (!MayAllocate)
        {
            return new WorkResult([new FieldError("AllocateTo", "Only team and service managers can allocate interviews to others")]);
        }

        var allocatable = await AllocatableAsync(cancellationToken);
        if (userId is not { } to || allocatable.All(a => a.Id != to))
        {
            return new WorkResult([new FieldError("AllocateTo", "Choose who to allocate the interview to")]);
        }

        var byEmail = await alerts.WantsEmailAsync(to, Alerts.AlertKinds.RhiAssigned, cancellationToken);
        return await ChangeAsync(id, null, interview =>
        {
            if (interview.AssignedToId == to)
            {
                return WorkResult.Ok;
            }

            interview.AssignedToId = to;
            if (to != actor.UserId)
            {
                alerts.Add(new Alerts.AlertDraft(to, Alerts.AlertKinds.RhiAssigned, $"{Alerts.AlertKinds.RhiAssigned}:{interview.Id}:{to}:{interview.Version}",
                    $"Return interview {interview.Reference} allocated to you", $"/return-interviews/{interview.Id}"), byEmail);
            }

            return WorkResult.Ok;
        }, cancellationToken);
    }

    /// <summary>Records an attempt entered on the page in UK time ("21/11/2026 14:30").</summary>
    public Task<WorkResult> RecordAttemptAsync(Guid id, string? when, string? method, string? outcome, string? note, CancellationToken cancellationToken = default) =>
        RecordAttemptAtAsync(id, ParseLondon(when), "Enter the date and time of the attempt, like 21/11/2026 14:30", method, outcome, note, cancellationToken);

    /// <summary>Records an attempt at <paramref name="at"/> (null when the time given could not be read:
    /// <paramref name="unreadable"/> says how to write it). The first attempt is the offer.</summary>
    public Task<WorkResult> RecordAttemptAtAsync(Guid id, Instant? at, string unreadable, string? method, string? outcome, string? note, CancellationToken cancellationToken = default) => ChangeAsync(id, null, interview =>
    {
        var errors = new List<FieldError>();
        var now = clock.GetCurrentInstant();
        if (at is null)
        {
            errors.Add(new FieldError("AttemptedAt", unreadable));
        }
        else if (at > now + Duration.FromMinutes(5))
        {
            errors.Add(new FieldError("AttemptedAt", "The attempt must not be in the future"));
        }
        else if (at < interview.FirstReturnedAt - Duration.FromDays(1))
        {
            errors.Add(new FieldError("AttemptedAt", "The attempt must be after the child's return"));
        }

        if (method is null || !Codes.AttemptMethod.ContainsKey(method))
        {
            errors.Add(new FieldError("AttemptMethod", "Select how you tried to make contact"));
        }

        if (outcome is null || !Codes.AttemptOutcome.ContainsKey(outcome))
        {
            errors.Add(new FieldError("AttemptOutcome", "Select what happened"));
        }

        if (note?.Length > 2000)
        {
            errors.Add(new FieldError("AttemptNote", "The note must be 2,000 characters or fewer"));
        }

        if (ReturnInterviewRules.IsClosed(interview.Status))
        {
            errors.Add(new FieldError("AttemptedAt", "This return interview is closed. Reopen it to record more attempts."));
        }

        if (errors.Count > 0)
        {
            return new WorkResult(errors);
        }

        db.RhiAttempts.Add(new RhiAttempt
        {
            Id = Guid.NewGuid(),
            ReturnInterviewId = id,
            ChildId = interview.ChildId,
            AttemptedAt = at!.Value,
            Method = method!,
            Outcome = outcome!,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            RecordedById = actor.UserId,
            RecordedByName = actor.UserName,
            CreatedAt = now,
        });

        // The first attempt is the offer (the service's first contact offering the interview).
        if (interview.Status == RhiStatus.AwaitingOffer)
        {
            interview.Status = RhiStatus.Offered;
            interview.OfferedAt = at;
        }
        else if (interview.OfferedAt is { } offered && at < offered)
        {
            interview.OfferedAt = at;
        }

        interview.AssignedToId ??= actor.UserId;
        return WorkResult.Ok;
    }, cancellationToken);

    /// <summary>Closes the RHI as declined, no contact or not offered.</summary>
    public Task<WorkResult> RecordOutcomeAsync(Guid id, string? outcome, string? declinedBy, string? notOfferedReason, string? note, int? version, CancellationToken cancellationToken = default) => ChangeAsync(id, version, interview =>
    {
        var target = outcome switch
        {
            "DECLINED" => RhiStatus.Declined,
            "NO_CONTACT" => RhiStatus.NoContact,
            "NOT_OFFERED" => RhiStatus.NotOffered,
            _ => (RhiStatus?)null,
        };
        if (target is null)
        {
            return WorkResult.Fail("Outcome", "Select an outcome");
        }

        if (target == RhiStatus.Declined && (declinedBy is null || !Codes.DeclinedBy.ContainsKey(declinedBy)))
        {
            return WorkResult.Fail("DeclinedBy", "Select who declined the interview");
        }

        if (target == RhiStatus.NotOffered && (notOfferedReason is null || !Codes.NotOfferedReason.ContainsKey(notOfferedReason)))
        {
            return WorkResult.Fail("NotOfferedReason", "Select why no interview was offered");
        }

        if (target == RhiStatus.NotOffered && notOfferedReason == "OTHER" && string.IsNullOrWhiteSpace(note))
        {
            return WorkResult.Fail("OutcomeNote", "Say why no interview was offered");
        }

        var attempts = db.RhiAttempts.Count(a => a.ReturnInterviewId == id);
        var refusal = ReturnInterviewRules.RefuseTransition(interview.Status, target.Value, attempts, interview.FirstReturnedAt, clock.GetCurrentInstant());
        if (refusal is not null)
        {
            return WorkResult.Fail("Outcome", refusal);
        }

        interview.Status = target.Value;
        interview.DeclinedBy = target == RhiStatus.Declined ? declinedBy : null;
        interview.NotOfferedReason = target == RhiStatus.NotOffered ? notOfferedReason : null;
        interview.OutcomeNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        interview.ClosedAt = clock.GetCurrentInstant();
        return WorkResult.Ok;
    }, cancellationToken);

    /// <summary>Saves the interview form as a draft, or submits it (validated), completing the RHI and sharing its summary.</summary>
    /// <param name="isoTimes">The interview time is ISO 8601 with an offset (the API), not UK time as typed on the page.</param>
    public Task<WorkResult> SaveFormAsync(Guid id, InterviewForm form, bool submit, int? version, CancellationToken cancellationToken = default, bool isoTimes = false) => ChangeAsync(id, version, interview =>
    {
        var errors = new List<FieldError>();
        var interviewedAt = isoTimes ? ParseIso(form.InterviewedAt) : ParseLondon(form.InterviewedAt);
        if (!string.IsNullOrWhiteSpace(form.InterviewedAt) && interviewedAt is null)
        {
            errors.Add(new FieldError("InterviewedAt", isoTimes ? $"Enter the date and time of the interview {IsoExample}" : "Enter the date and time of the interview, like 21/11/2026 14:30"));
        }

        var texts = new (string Field, string? Value)[]
        {
            ("PushFactors", form.PushFactors), ("PullFactors", form.PullFactors), ("WhereWent", form.WhereWent), ("WithWhom", form.WithWhom),
            ("Travel", form.Travel), ("Harm", form.Harm), ("ChildsWords", form.ChildsWords), ("ActionsAgreed", form.ActionsAgreed), ("ReferralsMade", form.ReferralsMade),
        };
        errors.AddRange(texts.Where(t => t.Value?.Length > 4000).Select(t => new FieldError(t.Field, "Answers must be 4,000 characters or fewer")));
        var reasons = form.Reasons.Where(Codes.Reason.ContainsKey).Distinct().ToList();
        var indicators = form.ExploitationIndicators.Where(Codes.ExploitationIndicator.ContainsKey).Distinct().ToList();

        if (submit)
        {
            var now = clock.GetCurrentInstant();
            if (interviewedAt is null && string.IsNullOrWhiteSpace(form.InterviewedAt))
            {
                errors.Add(new FieldError("InterviewedAt", "Enter the date and time of the interview"));
            }
            else if (interviewedAt is { } at && (at > now + Duration.FromMinutes(5) || at < interview.FirstReturnedAt - Duration.FromDays(1)))
            {
                errors.Add(new FieldError("InterviewedAt", "The interview must be after the return and not in the future"));
            }

            if (form.Method is null || !Codes.InterviewMethod.ContainsKey(form.Method))
            {
                errors.Add(new FieldError("Method", "Select how the interview was done"));
            }

            if (form.Venue is null || !Codes.Venue.ContainsKey(form.Venue))
            {
                errors.Add(new FieldError("Venue", "Select where the interview took place"));
            }

            if (reasons.Count == 0)
            {
                errors.Add(new FieldError("Reasons", "Select at least one reason for going missing"));
            }

            if (form.PrimaryReason is null || !reasons.Contains(form.PrimaryReason))
            {
                errors.Add(new FieldError("PrimaryReason", "Select the main reason, from the reasons you selected"));
            }

            if (string.IsNullOrWhiteSpace(form.WhereWent))
            {
                errors.Add(new FieldError("WhereWent", "Say where the child went (or that they would not say)"));
            }

            if (string.IsNullOrWhiteSpace(form.Harm))
            {
                errors.Add(new FieldError("Harm", "Say whether the child came to harm or was at risk during the episode"));
            }

            if (indicators.Count == 0)
            {
                errors.Add(new FieldError("ExploitationIndicators", "Select the exploitation indicators seen, or \"None seen\""));
            }
            else if (indicators.Contains("NONE") && indicators.Count > 1)
            {
                errors.Add(new FieldError("ExploitationIndicators", "Select \"None seen\" or indicators, not both"));
            }

            if (string.IsNullOrWhiteSpace(form.ChildsWords))
            {
                errors.Add(new FieldError("ChildsWords", "Record the child's own words"));
            }

            if (ReturnInterviewRules.RefuseTransition(interview.Status, RhiStatus.Completed, 0, interview.FirstReturnedAt, now) is { } refusal)
            {
                errors.Add(new FieldError("InterviewedAt", refusal));
            }
        }
        else if (ReturnInterviewRules.IsClosed(interview.Status))
        {
            errors.Add(new FieldError("InterviewedAt", "This return interview is closed. Reopen it to change the form."));
        }

        if (errors.Count > 0)
        {
            return new WorkResult(errors);
        }

        static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        interview.InterviewedAt = interviewedAt;
        interview.Method = Codes.InterviewMethod.ContainsKey(form.Method ?? string.Empty) ? form.Method : null;
        interview.Venue = Codes.Venue.ContainsKey(form.Venue ?? string.Empty) ? form.Venue : null;
        interview.Reasons = reasons.Count == 0 ? null : string.Join(",", reasons);
        interview.PrimaryReason = reasons.Contains(form.PrimaryReason ?? string.Empty) ? form.PrimaryReason : null;
        interview.PushFactors = Clean(form.PushFactors);
        interview.PullFactors = Clean(form.PullFactors);
        interview.WhereWent = Clean(form.WhereWent);
        interview.WithWhom = Clean(form.WithWhom);
        interview.Travel = Clean(form.Travel);
        interview.Harm = Clean(form.Harm);
        interview.ExploitationIndicators = indicators.Count == 0 ? null : string.Join(",", indicators);
        interview.ChildsWords = Clean(form.ChildsWords);
        interview.ActionsAgreed = Clean(form.ActionsAgreed);
        interview.ReferralsMade = Clean(form.ReferralsMade);
        if (submit)
        {
            var now = clock.GetCurrentInstant();
            interview.Status = RhiStatus.Completed;
            interview.SubmittedAt = now;
            interview.SubmittedById = actor.UserId;
            interview.ClosedAt = now;
            Share(interview, now);
        }

        return WorkResult.Ok;
    }, cancellationToken);

    public Task<WorkResult> ReviewAsync(Guid id, CancellationToken cancellationToken = default) => ChangeAsync(id, null, interview =>
    {
        if (!actor.IsInRole(Roles.TeamManager) && !actor.IsInRole(Roles.ServiceManager))
        {
            return WorkResult.Fail("Review", "Only a team or service manager can review an interview");
        }

        if (interview.Status != RhiStatus.Completed)
        {
            return WorkResult.Fail("Review", "Only a completed interview can be reviewed");
        }

        interview.ReviewedAt = clock.GetCurrentInstant();
        interview.ReviewedById = actor.UserId;
        return WorkResult.Ok;
    }, cancellationToken);

    /// <summary>Reopens a closed RHI with a reason (audited): it goes back to offered, or awaiting offer if never offered.</summary>
    public async Task<WorkResult> ReopenAsync(Guid id, string? reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500)
        {
            return WorkResult.Fail("ReopenReason", "Give the reason for reopening (up to 500 characters)");
        }

        var result = await ChangeAsync(id, null, interview =>
        {
            if (!ReturnInterviewRules.IsClosed(interview.Status))
            {
                return WorkResult.Fail("ReopenReason", "This return interview is not closed");
            }

            interview.Status = interview.OfferedAt is null ? RhiStatus.AwaitingOffer : RhiStatus.Offered;
            interview.ClosedAt = null;
            interview.SubmittedAt = null;
            interview.ReviewedAt = null;
            interview.DeclinedBy = null;
            interview.NotOfferedReason = null;
            interview.OutcomeNote = $"Reopened {London(clock.GetCurrentInstant())} by {actor.UserName}: {reason.Trim()}";
            return WorkResult.Ok;
        }, cancellationToken);
        return result;
    }

    /// <summary>
    /// Gives one covered episode an RHI of its own (awaiting offer, due 72 hours after that episode's return, with the
    /// same worker); the RHI it leaves counts from the earliest return it still covers (<see cref="ReturnInterviewRules.RefuseSeparation"/>).
    /// </summary>
    public async Task<WorkResult> SeparateEpisodeAsync(Guid id, Guid? episodeId, int? version, CancellationToken cancellationToken = default)
    {
        ReturnInterview? created = null;
        var result = await ChangeAsync(id, version, interview =>
        {
            var covered = db.Episodes.Where(e => e.ReturnInterviewId == id).ToList();
            if (covered.SingleOrDefault(e => e.Id == episodeId) is not { } episode)
            {
                return WorkResult.Fail("Episodes", "Choose an episode this interview covers");
            }

            if (ReturnInterviewRules.RefuseSeparation(interview.Status, covered.Count, interview.OfferedAt, episode.ReturnedAt) is { } refusal)
            {
                return WorkResult.Fail("Episodes", refusal);
            }

            var now = clock.GetCurrentInstant();
            created = new ReturnInterview
            {
                Id = Guid.CreateVersion7(),
                ChildId = interview.ChildId,
                Reference = RecordReferences.New("RHI"),
                Status = RhiStatus.AwaitingOffer,
                FirstReturnedAt = episode.ReturnedAt!.Value,
                DueAt = ReturnInterviewRules.OfferDueAt(episode.ReturnedAt.Value),
                AssignedToId = interview.AssignedToId,
                OutcomeNote = $"Episode {episode.PoliceReference} separated from {interview.Reference} {London(now)} by {actor.UserName}.",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.ReturnInterviews.Add(created);
            episode.ReturnInterviewId = created.Id;
            episode.CoverReason = null;
            RestartClock(interview, covered.Where(e => e.Id != episode.Id));
            return WorkResult.Ok;
        }, cancellationToken);
        if (result.Succeeded && created is not null)
        {
            await audit.RecordAsync("rhi-separate", nameof(ReturnInterview), $"{created.ChildId}/{id}", details: $"episode: {episodeId}; new interview: {created.Id}", cancellationToken: cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Moves this RHI's episodes to another open RHI of the same child and removes this one, which must have nothing
    /// recorded on it (<see cref="ReturnInterviewRules.RefuseJoining"/>); the other's clock follows the earliest return.
    /// An episode the default rule would not have put there (<see cref="ReturnInterviewRules.JoinsOpenInterview"/>:
    /// it returned after that interview was offered, or too long from its first return) needs the practitioner's
    /// reason, which is kept on the episode (issue #22 §2); the return counts one returned after the offer as covered by
    /// an earlier offer.
    /// </summary>
    public async Task<WorkResult> CoverByAsync(Guid id, Guid? intoId, int? version, string? reason, CancellationToken cancellationToken = default)
    {
        var given = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var joinWithin = Duration.FromDays(options.Value.ReturnInterviews.JoinWithinDays);
        var childId = Guid.Empty;
        var result = await ChangeAsync(id, version, interview =>
        {
            childId = interview.ChildId;
            if (intoId == id || (intoId is { } target ? db.ReturnInterviews.SingleOrDefault(r => r.Id == target) : null) is not { IsSpotPurchase: false } into)
            {
                return WorkResult.Fail("CoverBy", "Choose the interview that will cover these episodes");
            }

            var worked = HasAnswers(interview) || interview.IsSpotPurchase || interview.LegacyReference is not null || db.RhiAttempts.Any(a => a.ReturnInterviewId == id);
            if (ReturnInterviewRules.RefuseJoining(interview.Status, worked, into.Status, into.ChildId == interview.ChildId) is { } refusal)
            {
                return WorkResult.Fail("CoverBy", refusal);
            }

            var moving = db.Episodes.Where(e => e.ReturnInterviewId == id).ToList();
            var byJudgement = moving.Where(e => e.ReturnedAt is { } r && !ReturnInterviewRules.JoinsOpenInterview(r, into.FirstReturnedAt, into.OfferedAt, joinWithin)).ToList();
            if (byJudgement.Count > 0 && given is null)
            {
                return WorkResult.Fail("CoverReason", into.OfferedAt is { } offered && byJudgement.Any(e => e.ReturnedAt > offered)
                    ? $"Say why {into.Reference} should cover these episodes: it was offered before they returned, so by default they have an interview of their own"
                    : $"Say why {into.Reference} should cover these episodes: they returned more than {joinWithin.Days} days from its first return, so by default they have an interview of their own");
            }

            if (given?.Length > 500)
            {
                return WorkResult.Fail("CoverReason", "The reason must be 500 characters or fewer");
            }

            byJudgement.ForEach(e => e.CoverReason = given);
            moving.ForEach(e => e.ReturnInterviewId = into.Id);
            RestartClock(into, db.Episodes.Where(e => e.ReturnInterviewId == into.Id).ToList().Concat(moving));
            db.ReturnInterviews.Remove(interview);
            return WorkResult.Ok;
        }, cancellationToken);
        if (result.Succeeded)
        {
            await audit.RecordAsync("rhi-join", nameof(ReturnInterview), $"{childId}/{id}", details: $"episodes now covered by: {intoId}{(given is null ? string.Empty : "; reason kept on the episodes")}", cancellationToken: cancellationToken);
        }

        return result;
    }

    /// <summary>Other open RHIs of the same child: where this one's episodes could go.</summary>
    public async Task<IReadOnlyList<(Guid Id, string Reference, Instant DueAt)>> OtherOpenAsync(ReturnInterview interview, CancellationToken cancellationToken = default)
    {
        var rows = await db.ReturnInterviews.AsNoTracking()
            .Where(r => r.ChildId == interview.ChildId && r.Id != interview.Id && !r.IsSpotPurchase && (r.Status == RhiStatus.AwaitingOffer || r.Status == RhiStatus.Offered))
            .OrderBy(r => r.DueAt).Select(r => new { r.Id, r.Reference, r.DueAt }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Id, r.Reference, r.DueAt))];
    }

    /// <summary>Whether any answer of the interview form has been saved (a draft counts).</summary>
    public static bool HasAnswers(ReturnInterview i) =>
        i.InterviewedAt is not null || i.Method is not null || i.Venue is not null || i.Reasons is not null || i.PrimaryReason is not null
        || new[] { i.PushFactors, i.PullFactors, i.WhereWent, i.WithWhom, i.Travel, i.Harm, i.ExploitationIndicators, i.ChildsWords, i.ActionsAgreed, i.ReferralsMade }.Any(a => a is not null);

    /// <summary>The 72-hour clock starts at the earliest return among the episodes the RHI covers. The RHI counts as
    /// changed (its version moves on) even when that return is the same: the episodes it covers are not.</summary>
    private void RestartClock(ReturnInterview interview, IEnumerable<Episode> covered)
    {
        interview.UpdatedAt = clock.GetCurrentInstant();
        if (covered.Min(e => e.ReturnedAt) is { } first)
        {
            interview.FirstReturnedAt = first;
            interview.DueAt = ReturnInterviewRules.OfferDueAt(first);
        }
    }

    /// <summary>The structured summary of a completed RHI for the responsible authority and the police (issue #3 §5).
    /// Null unless completed and visible to the user; opening it is audited and marks the share as seen.</summary>
    public async Task<RhiSummary?> SummaryAsync(Guid id, string via, CancellationToken cancellationToken = default)
    {
        var view = await OpenAsync(id, $"summary/{via}", cancellationToken);
        if (view is null || view.Interview.Status != RhiStatus.Completed)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        var organisation = actor.OrganisationId;
        var share = await db.RhiShares.SingleOrDefaultAsync(s => s.ReturnInterviewId == id && s.OrganisationId == organisation, cancellationToken);
        if (share is { FirstViewedAt: null })
        {
            share.FirstViewedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        var i = view.Interview;
        var c = view.Child;
        var shares = await db.RhiShares.AsNoTracking().Where(s => s.ReturnInterviewId == id)
            .Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => new SharedWith(o.Name, s.SharedAt, s.FirstViewedAt)).ToListAsync(cancellationToken);
        var by = i.SubmittedById is { } submitter ? (await Names([submitter], cancellationToken)).GetValueOrDefault(submitter) : null;
        return new RhiSummary(
            i.Id, i.Reference, c.Reference, $"{c.GivenName} {c.FamilyName}", c.DateOfBirth, ChildAge.YearsOn(c.DateOfBirth, ChildAge.DateOf(now)), c.Gender, c.EthnicityCode,
            c.NhsNumber, Missing.ForceIdentifiers.PersonId(db.Actor.Scope, c.NotifyingPoliceForceId, c.PolicePersonId), view.ResponsibleAuthority, view.District, c.LivingSituation, view.Episodes,
            i.FirstReturnedAt, i.DueAt, i.OfferedAt, i.OfferedAt is { } offered && ReturnInterviewRules.OfferedInTime(i.FirstReturnedAt, offered), view.Attempts.Count,
            i.InterviewedAt, Codes.InterviewMethod.Label(i.Method), Codes.Venue.Label(i.Venue),
            Codes.Split(i.Reasons).Select(r => Codes.Reason.Label(r)).ToList(), Codes.Reason.Label(i.PrimaryReason),
            i.PushFactors, i.PullFactors, i.WhereWent, i.WithWhom, i.Travel, i.Harm,
            Codes.Split(i.ExploitationIndicators).Select(r => Codes.ExploitationIndicator.Label(r)).ToList(),
            i.ChildsWords, i.ActionsAgreed, i.ReferralsMade, i.SubmittedAt, by, i.ReviewedAt is not null, shares);
    }

    private void Share(ReturnInterview interview, Instant now)
    {
        var child = db.Children.Single(c => c.Id == interview.ChildId);
        var existing = db.RhiShares.Where(s => s.ReturnInterviewId == interview.Id).Select(s => s.OrganisationId).ToHashSet();
        foreach (var organisation in new[] { (Guid?)child.ResponsibleAuthorityId, child.NotifyingPoliceForceId }.OfType<Guid>().Distinct().Where(o => !existing.Contains(o)))
        {
            db.RhiShares.Add(new RhiShare { Id = Guid.NewGuid(), ReturnInterviewId = interview.Id, ChildId = interview.ChildId, OrganisationId = organisation, SharedAt = now });
        }
    }

    /// <summary>Loads the RHI through the access filter, applies a change and saves it (audited); a stale version is a conflict.</summary>
    private async Task<WorkResult> ChangeAsync(Guid id, int? version, Func<ReturnInterview, WorkResult> change, CancellationToken cancellationToken)
    {
        var interview = await db.ReturnInterviews.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (interview is null)
        {
            return new WorkResult([], NotFound: true);
        }

        if (version is { } expected && expected != interview.Version)
        {
            return new WorkResult([new FieldError("Version", "Someone else changed this return interview while you were editing it. Your changes were not saved: reload the page to see theirs.")], Conflict: true);
        }

        var result = change(interview);
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            return result;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new WorkResult([new FieldError("Version", "Someone else changed this return interview at the same time. Your changes were not saved: reload the page.")], Conflict: true);
        }

        return WorkResult.Ok;
    }

    private async Task<Dictionary<Guid, string>> Names(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var list = ids.Distinct().ToList();
        return list.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }
}
