using NodaTime;

namespace Beacon.Domain.Missing;

/// <summary>Where an RHI is in its lifecycle (shared/domain-glossary.md, "RHI lifecycle").</summary>
public enum RhiStatus
{
    AwaitingOffer = 1,
    Offered = 2,
    Completed = 3,
    Declined = 4,
    NoContact = 5,
    NotOffered = 6,
}

/// <summary>How urgent an open RHI is on the work list.</summary>
public enum RhiUrgency
{
    /// <summary>Not yet offered and the 72-hour deadline has passed.</summary>
    Overdue = 1,

    /// <summary>Not yet offered and due within the next 12 hours.</summary>
    DueSoon = 2,

    /// <summary>Not yet offered, due later.</summary>
    ToOffer = 3,

    /// <summary>Offered; waiting for contact, the interview or an outcome.</summary>
    Waiting = 4,

    /// <summary>Closed.</summary>
    Closed = 5,
}

/// <summary>
/// The Return Home Interview rules. Source: statutory guidance "Children who run away or go missing from home or care"
/// (DfE 2014) as summarised in shared/service-brief.md: an independent RHI is offered within 72 hours of the child's
/// return; the provider makes at least two attempts and keeps trying for up to 14 days; several episodes in quick
/// succession are covered by one RHI.
/// </summary>
public static class ReturnInterviewRules
{
    /// <summary>The offer deadline: 72 hours of elapsed time after the return (not calendar days: a clock change does
    /// not move it).</summary>
    public static readonly Duration OfferWindow = Duration.FromHours(72);

    /// <summary>How long the service keeps trying before it may close for no contact.</summary>
    public static readonly Duration EngagementWindow = Duration.FromDays(14);

    /// <summary>"Due soon" on the work list.</summary>
    public static readonly Duration DueSoonWindow = Duration.FromHours(12);

    public const int MinimumAttempts = 2;

    /// <summary>When the RHI must be offered: 72 elapsed hours after the (earliest covered) return.</summary>
    public static Instant OfferDueAt(Instant returnedAt) => returnedAt + OfferWindow;

    /// <summary>Whether an offer made at <paramref name="offeredAt"/> met the deadline (exactly 72h counts as in time).</summary>
    public static bool OfferedInTime(Instant returnedAt, Instant offeredAt) => offeredAt <= OfferDueAt(returnedAt);

    public static bool IsClosed(RhiStatus status) => status is RhiStatus.Completed or RhiStatus.Declined or RhiStatus.NoContact or RhiStatus.NotOffered;

    /// <summary>The work-list state of an RHI at <paramref name="now"/>.</summary>
    public static RhiUrgency UrgencyAt(RhiStatus status, Instant dueAt, Instant now)
    {
        if (IsClosed(status))
        {
            return RhiUrgency.Closed;
        }

        if (status == RhiStatus.Offered)
        {
            return RhiUrgency.Waiting;
        }

        if (now > dueAt)
        {
            return RhiUrgency.Overdue;
        }

        return dueAt - now <= DueSoonWindow ? RhiUrgency.DueSoon : RhiUrgency.ToOffer;
    }

    /// <summary>
    /// Whether "no contact after attempts" may be recorded: only after at least two attempts, or once 14 days have
    /// passed since the return (the service must not give up sooner).
    /// </summary>
    public static bool MayCloseForNoContact(int attempts, Instant returnedAt, Instant now) =>
        attempts >= MinimumAttempts || now - returnedAt >= EngagementWindow;

    /// <summary>How long after an RHI's earliest covered return a further return still joins it by default
    /// (configuration <c>Beacon:ReturnInterviews:JoinWithinDays</c>).</summary>
    public static readonly Duration DefaultJoinWithin = Duration.FromDays(7);

    /// <summary>
    /// Whether a returned episode joins an open RHI of the child automatically, or opens an RHI of its own with its own
    /// 72-hour clock (issue #22 §2, ADR 8). Source: the statutory guidance expects an offer within 72 hours of
    /// <em>each</em> return; covering several episodes by one interview is a practitioner's judgement for episodes in
    /// quick succession. So it joins only if the RHI has not been offered before the return (a return at the very
    /// instant of the offer is covered by it, as in <see cref="RefuseSeparation"/>) and the return is within
    /// <paramref name="joinWithin"/> (elapsed time, both ends included) of the RHI's earliest covered return, before or
    /// after it. A practitioner may still join it by hand (<see cref="RefuseJoining"/>), giving a reason.
    /// </summary>
    public static bool JoinsOpenInterview(Instant episodeReturnedAt, Instant firstReturnedAt, Instant? offeredAt, Duration joinWithin) =>
        (offeredAt is not { } offered || episodeReturnedAt <= offered)
        && episodeReturnedAt <= firstReturnedAt + joinWithin
        && episodeReturnedAt >= firstReturnedAt - joinWithin;

    /// <summary>
    /// Whether one episode may leave an RHI for an RHI of its own (issue #3 §3: an episode arriving while an RHI is open
    /// *can* be attached to it, so a practitioner may decide it needs its own interview). Returns the reason it is refused,
    /// or null. The RHI must be open and keep at least one episode; once offered, only an episode that returned after
    /// the offer may leave (the offer was made for the episodes already back, and they keep it).
    /// </summary>
    public static string? RefuseSeparation(RhiStatus status, int episodesCovered, Instant? offeredAt, Instant? episodeReturnedAt)
    {
        if (IsClosed(status))
        {
            return "This return interview is closed. Reopen it before changing the episodes it covers.";
        }

        if (episodesCovered < 2)
        {
            return "This is the only episode the interview covers.";
        }

        if (episodeReturnedAt is not { } returned)
        {
            return "The child has not returned from this episode.";
        }

        return offeredAt is { } offered && returned <= offered
            ? "The interview was offered after this episode's return, so the offer covers it. Only an episode that returned after the offer can have an interview of its own."
            : null;
    }

    /// <summary>
    /// Whether an RHI's episodes may move to another open RHI of the same child, the first being removed (undoing a
    /// separation, or gathering episodes in quick succession into one interview). Returns the reason it is refused, or
    /// null. Only an RHI with nothing recorded on it can go: not offered, no attempts, no answers.
    /// </summary>
    public static string? RefuseJoining(RhiStatus status, bool workRecorded, RhiStatus intoStatus, bool sameChild)
    {
        if (status != RhiStatus.AwaitingOffer || workRecorded)
        {
            return "Work is recorded on this interview (an offer, an attempt or answers), so it must stay: record its outcome instead.";
        }

        if (!sameChild)
        {
            return "Choose an interview for the same child.";
        }

        return IsClosed(intoStatus) ? "That interview is closed. Choose an open one." : null;
    }

    /// <summary>
    /// Checks a change of status; returns null if allowed, otherwise the reason it is refused. Completing or declining
    /// needs an offer; "not offered" is only possible before an offer; a closed RHI must be reopened (with a reason) first.
    /// </summary>
    public static string? RefuseTransition(RhiStatus from, RhiStatus to, int attempts, Instant returnedAt, Instant now)
    {
        if (IsClosed(from) && to != RhiStatus.Offered && to != RhiStatus.AwaitingOffer)
        {
            return "This return interview is closed. Reopen it, with a reason, before changing its outcome.";
        }

        return to switch
        {
            RhiStatus.Offered when from is RhiStatus.AwaitingOffer or RhiStatus.Offered => null,
            RhiStatus.Completed or RhiStatus.Declined when from != RhiStatus.Offered => "Record the offer before recording an interview or a decline.",
            RhiStatus.Completed or RhiStatus.Declined => null,
            RhiStatus.NoContact when from != RhiStatus.Offered => "Record the offer and the attempts before closing for no contact.",
            RhiStatus.NoContact when !MayCloseForNoContact(attempts, returnedAt, now) =>
                "Make at least 2 attempts, or keep trying for 14 days after the return, before closing for no contact.",
            RhiStatus.NoContact => null,
            RhiStatus.NotOffered when from == RhiStatus.AwaitingOffer => null,
            RhiStatus.NotOffered => "An offer has been made, so the outcome cannot be \"not offered\".",
            RhiStatus.AwaitingOffer or RhiStatus.Offered when IsClosed(from) => null,
            _ => $"Cannot change from {from} to {to}.",
        };
    }
}
