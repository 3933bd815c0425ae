using Beacon.Domain.Missing;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Features.ReturnInterviews;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Demo;

// The history's RHIs closed and its repeat-missing meetings held, as a service would have (saved through change
// tracking, so audited as any other change, like the demo's recent quarter).
public sealed partial class DemoHistory
{
    private static readonly string[] Places = ["A friend's house in the same town.", "The town centre with friends.", "A park near home.", "An older friend's flat.", "Travelled by train to another town."];

    private static readonly string[] Words = ["I needed some space after an argument at home.", "I was with my mates and lost track of time.", "I didn't want to go back to the placement.", "Someone I know asked me to go with them."];

    /// <summary>Closes the history's RHIs: about 62% completed, 14% declined, 8% no contact after attempts and 14% not
    /// offered, a few left open; offers mostly within 72 hours, more so each year. The first children of each district
    /// and cohort are always interviewed in time, so every district and cohort has offers in every year.</summary>
    private async Task<int> CloseInterviewsAsync(Instant now, CancellationToken cancellationToken)
    {
        var order = (await db.ReturnInterviews.IgnoreQueryFilters().AsNoTracking()
                .Where(r => r.Status == RhiStatus.AwaitingOffer && db.Episodes.Any(e => e.ReturnInterviewId == r.Id && e.PoliceReference.StartsWith(Prefix)))
                .Select(r => new { r.Id, r.FirstReturnedAt, r.Child!.PolicePersonId })
                .ToListAsync(cancellationToken))
            .OrderBy(r => r.FirstReturnedAt).ThenBy(r => r.PolicePersonId, StringComparer.Ordinal).Select(r => r.Id).ToList();
        var covering = (await db.Areas.CountAsync(a => a.Kind != "county", cancellationToken)) * Situations.Length * (YearIndex(ChildAge.DateOf(now)) + 1);
        var random = new Random(20260402);
        var closed = 0;
        foreach (var chunk in order.Chunk(250))
        {
            var loaded = await db.ReturnInterviews.IgnoreQueryFilters().Include(r => r.Child).Where(r => chunk.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
            closed += Close([.. chunk.Select(id => loaded[id])], covering, now, random);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return closed;
    }

    private int Close(IReadOnlyList<ReturnInterview> interviews, int covering, Instant now, Random random)
    {
        string[] decliners = [.. Codes.DeclinedBy.Keys];
        string[] notOffered = ["RESPONSIBLE_AUTHORITY", "RESPONSIBLE_AUTHORITY", "FOUND_OUT_OF_AREA", "DUPLICATE"];
        string[] reasons = [.. Codes.Reason.Keys];
        var closed = 0;
        foreach (var r in interviews)
        {
            var year = YearIndex(ChildAge.DateOf(r.FirstReturnedAt));
            var roll = random.Next(100);
            var coverage = int.TryParse(r.Child!.PolicePersonId?[^5..], out var number) && number <= covering;
            if (roll >= 98 && !coverage)
            {
                continue; // never closed: counted as awaiting a decision
            }

            var inTime = coverage || random.NextDouble() < 0.74 + (0.07 * year);
            var offered = r.FirstReturnedAt + Duration.FromHours(inTime ? random.Next(4, 72) : random.Next(73, 200));
            var closedAt = offered + Duration.FromHours(random.Next(20, 160));
            (r.OfferedAt, r.ClosedAt, r.UpdatedAt, r.OutcomeNote) = (offered, closedAt, now, "Synthetic demo outcome.");
            var fate = coverage ? 0 : roll;
            if (fate < 62)
            {
                var primary = random.Next(100) < 35 ? "FAMILY" : reasons[random.Next(reasons.Length)];
                (r.Status, r.InterviewedAt, r.SubmittedAt) = (RhiStatus.Completed, closedAt - Duration.FromHours(6), closedAt);
                r.Method = random.Next(100) < 80 ? "FACE_TO_FACE" : random.Next(2) == 0 ? "PHONE" : "VIDEO";
                r.Venue = r.Child.LivingSituation == "HOME" ? (random.Next(3) == 0 ? "SCHOOL" : "HOME") : (random.Next(3) == 0 ? "SCHOOL" : "PLACEMENT");
                r.PrimaryReason = primary;
                r.Reasons = string.Join(',', new[] { primary, reasons[random.Next(reasons.Length)] }.Distinct());
                (r.WhereWent, r.WithWhom, r.Harm, r.ExploitationIndicators, r.ChildsWords) =
                    (Places[random.Next(Places.Length)], "Friends of the same age.", "No harm reported.", "NONE", Words[random.Next(Words.Length)]);
                Attempt(r, offered, "ARRANGED");
                Share(r, closedAt, now);
            }
            else if (fate < 76)
            {
                (r.Status, r.DeclinedBy) = (RhiStatus.Declined, decliners[random.Next(decliners.Length)]);
                Attempt(r, offered, "DECLINED");
            }
            else if (fate < 84)
            {
                r.Status = RhiStatus.NoContact;
                Attempt(r, offered, "NO_ANSWER");
                Attempt(r, offered + Duration.FromDays(2), "MESSAGE_LEFT");
                Attempt(r, offered + Duration.FromDays(4), "NO_ANSWER");
            }
            else
            {
                (r.Status, r.OfferedAt, r.NotOfferedReason) = (RhiStatus.NotOffered, null, notOffered[random.Next(notOffered.Length)]);
            }

            closed++;
        }

        return closed;
    }

    /// <summary>Shares a completed interview with the child's responsible council and notifying force, as submitting the
    /// form does; those closed in the last fortnight are not yet opened there (their "new summaries").</summary>
    private void Share(ReturnInterview r, Instant closedAt, Instant now)
    {
        foreach (var organisation in ReturnInterviewWork.SharedWith(r.Child!).Where(_ => closedAt <= now))
        {
            db.RhiShares.Add(new RhiShare
            {
                Id = Guid.NewGuid(),
                ReturnInterviewId = r.Id,
                ChildId = r.ChildId,
                OrganisationId = organisation,
                SharedAt = closedAt,
                FirstViewedAt = closedAt < now - Duration.FromDays(14) ? closedAt + Duration.FromHours(20) : null,
            });
        }
    }

    private void Attempt(ReturnInterview r, Instant at, string outcome) => db.RhiAttempts.Add(new RhiAttempt
    {
        Id = Guid.NewGuid(),
        ReturnInterviewId = r.Id,
        ChildId = r.ChildId,
        AttemptedAt = at,
        Method = outcome == "NO_ANSWER" ? "PHONE" : "VIA_CARER",
        Outcome = outcome,
        RecordedByName = "Demo practitioner (demo)",
        CreatedAt = at,
    });

    /// <summary>Holds the history's repeat-missing meetings: most within their due date (more so each year), some late,
    /// the last few still to hold; each agrees actions, done unless recent.</summary>
    private async Task<int> HoldMeetingsAsync(LocalDate today, CancellationToken cancellationToken)
    {
        var meetings = await db.InterventionMeetings.IgnoreQueryFilters()
            .Where(m => m.Status == "needed" && db.Episodes.Any(e => e.Id == m.TriggerEpisodeId && e.PoliceReference.StartsWith(Prefix)))
            .Join(db.Children.IgnoreQueryFilters(), m => m.ChildId, c => c.Id, (m, c) => new { Meeting = m, c.PolicePersonId })
            .Join(db.Episodes.IgnoreQueryFilters(), m => m.Meeting.TriggerEpisodeId, e => e.Id, (m, e) => new { m.Meeting, m.PolicePersonId, e.NotifiedAt })
            .ToListAsync(cancellationToken);
        foreach (var m in meetings)
        {
            // Raised the day its crossing was notified, as it would have been live (the history arrives a quarter at a time).
            m.Meeting.RaisedOn = ChildAge.DateOf(m.NotifiedAt);
        }

        var random = new Random(20260403);
        var held = 0;
        foreach (var m in meetings.OrderBy(m => m.Meeting.CrossedOn).ThenBy(m => m.PolicePersonId, StringComparer.Ordinal).ThenBy(m => m.Meeting.Level).Select(m => m.Meeting))
        {
            var late = random.NextDouble() < 0.3 - (0.08 * YearIndex(m.CrossedOn));
            var heldOn = late ? m.DueOn.PlusDays(random.Next(1, 15)) : m.CrossedOn.PlusDays(random.Next(1, Math.Max(2, Period.Between(m.CrossedOn, m.DueOn, PeriodUnits.Days).Days + 1)));
            if (heldOn >= today)
            {
                continue;
            }

            (m.Status, m.HeldOn, m.Chair, m.NextReviewOn, m.UpdatedAt) = ("held", heldOn, "Missing coordinator (demo)", heldOn.PlusDays(28), playback.Now);
            m.Attendees = "Provider – RHI practitioner\nPolice – missing persons coordinator\nChildren's social care – social worker";
            m.RisksDiscussed = "Repeat episodes, who the child is with when missing, and what would help them stay safe (demo).";
            var actions = new[] { ("Safety plan agreed with the child and carers (demo)", "Provider – RHI practitioner"), ("Share return-home intelligence with the neighbourhood team (demo)", "Police – missing persons coordinator") }
                .Take(1 + random.Next(2)).ToList();
            m.Actions = string.Join('\n', actions.Select(a => $"{a.Item1} – {a.Item2}"));
            foreach (var (what, owner) in actions)
            {
                var due = heldOn.PlusDays(14);
                var done = due.PlusDays(7) < today;
                db.MeetingActions.Add(new MeetingAction
                {
                    Id = Guid.NewGuid(),
                    MeetingId = m.Id,
                    ChildId = m.ChildId,
                    Description = what,
                    OwnerAgency = owner,
                    DueOn = due,
                    Status = done ? MeetingAction.Done : MeetingAction.Open,
                    ClosedOn = done ? due.PlusDays(-random.Next(0, 10)) : null,
                    Outcome = done ? "Done (demo)." : null,
                    CreatedAt = playback.Now,
                    UpdatedAt = playback.Now,
                });
            }

            held++;
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return held;
    }
}
