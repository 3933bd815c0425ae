using System.Net;
using System.Text;
using System.Text.Json;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Exports;

/// <summary>
/// Everything Beacon holds about one child, for a subject access request (UK GDPR art. 15; issue #6 §6): the child
/// record, episodes, return interviews with attempts and sharing, intervention meetings, possible-duplicate decisions,
/// exploitation casework, every other kind of child record (<see cref="GenericKinds"/>) and the audit trail of who
/// viewed or changed the record. As JSON (complete) and a readable HTML page. Reads through
/// the access filter: run it as a system user (the CLI) or as someone who may see the child.
/// </summary>
public sealed class SubjectAccess(BeaconDbContext db)
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public async Task<(string Json, string Html)?> ExportAsync(Guid childId, CancellationToken cancellationToken = default)
    {
        var child = await db.Children.AsNoTracking().SingleOrDefaultAsync(c => c.Id == childId, cancellationToken);
        if (child is null)
        {
            return null;
        }

        var interviews = await db.ReturnInterviews.AsNoTracking().Where(r => r.ChildId == childId).OrderBy(r => r.FirstReturnedAt).ToListAsync(cancellationToken);
        var ids = interviews.Select(r => r.Id).ToList();
        var id = childId.ToString();
        var subject = new Mace.Subject("child", childId).ToString();
        var data = new SortedDictionary<string, object>
        {
            ["child"] = child,
            ["episodes"] = await db.Episodes.AsNoTracking().Where(e => e.ChildId == childId).OrderBy(e => e.ReportedMissingAt).ToListAsync(cancellationToken),
            ["return_interviews"] = interviews,
            ["attempts"] = await db.RhiAttempts.AsNoTracking().Where(a => ids.Contains(a.ReturnInterviewId)).OrderBy(a => a.AttemptedAt).ToListAsync(cancellationToken),
            ["shared_with"] = await db.RhiShares.AsNoTracking().Where(s => ids.Contains(s.ReturnInterviewId))
                .Join(db.Organisations, s => s.OrganisationId, o => o.Id, (s, o) => new { s.ReturnInterviewId, Organisation = o.Name, s.SharedAt, s.FirstViewedAt }).ToListAsync(cancellationToken),
            ["intervention_meetings"] = await db.InterventionMeetings.AsNoTracking().Where(m => m.ChildId == childId).OrderBy(m => m.CrossedOn).ToListAsync(cancellationToken),
            ["meeting_actions"] = await db.MeetingActions.AsNoTracking().Where(a => a.ChildId == childId).OrderBy(a => a.DueOn).ToListAsync(cancellationToken),
            ["referrals"] = await db.Referrals.AsNoTracking().Where(r => r.ChildId == childId).OrderBy(r => r.ReceivedOn).ToListAsync(cancellationToken),
            ["panel_discussions"] = await db.PanelDiscussions.AsNoTracking().Where(d => d.ChildId == childId).OrderBy(d => d.RecordedAt).Select(d => new { d.MeetingId, d.Decision, d.SinceLastTime, d.RecordedAt }).ToListAsync(cancellationToken),
            ["partner_flags"] = await db.ChildFlags.AsNoTracking().Where(f => f.ChildId == childId).OrderBy(f => f.RecordedOn).Select(f => new { f.Kind, f.Detail, f.SourceAgency, f.RecordedOn }).ToListAsync(cancellationToken),
            // Third parties (adults and places of concern) are not disclosed here: only that a link exists, its type and date.
            ["associations"] = await db.Associations.AsNoTracking().Where(a => a.FromSubject == subject || a.ToSubject == subject).OrderBy(a => a.ObservedOn)
                .Select(a => new { a.LinkType, a.ObservedOn, a.Source }).ToListAsync(cancellationToken),
            // MACE disruption actions about the child: that one was agreed, its owner, due date and status; not its
            // target or wording, which concern third parties (as the links above).
            ["disruption_actions"] = await db.DisruptionActions.AsNoTracking().Where(a => a.ChildId == childId).OrderBy(a => a.DueOn)
                .Select(a => new { a.OwnerAgency, a.DueOn, a.Status }).ToListAsync(cancellationToken),
            ["risk_reviews"] = await db.RiskReviews.AsNoTracking().Where(r => r.ChildId == childId).OrderBy(r => r.ReviewedOn).Select(r => new { r.ReferralId, r.ReviewedOn, r.Level, r.Note }).ToListAsync(cancellationToken),
            ["key_work_sessions"] = await db.KeyWorkSessions.AsNoTracking().Where(k => k.ChildId == childId).OrderBy(k => k.HeldOn).Select(k => new { k.ReferralId, k.HeldOn, k.WorkType, k.Minutes, k.Notes }).ToListAsync(cancellationToken),
            ["family_members"] = await db.FamilyMembers.AsNoTracking().Where(m => m.ChildId == childId).Select(m => new { m.Name, m.Relationship, m.Notes }).ToListAsync(cancellationToken),
            ["family_goals"] = await db.FamilyGoals.AsNoTracking().Where(g => g.ChildId == childId).Select(g => new { g.Goal, g.Status }).ToListAsync(cancellationToken),
            ["possible_duplicates"] = await db.MatchProposals.AsNoTracking().Where(m => m.ChildId == childId || m.CandidateChildId == childId).ToListAsync(cancellationToken),
            ["audit_trail"] = await db.AuditEntries.AsNoTracking().Where(e => e.RecordId == id || e.RecordId!.StartsWith(id + "/"))
                .OrderBy(e => e.Sequence).Select(e => new { e.OccurredAt, e.UserName, e.OrganisationCode, e.Action, e.RecordType, e.Outcome }).ToListAsync(cancellationToken),
        };
        // Every other kind of child record, whole, under its table's name: a kind added later is in the export without
        // anyone remembering to add it (a test compares this with the model).
        var rowsOf = typeof(SubjectAccess).GetMethod(nameof(RowsAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        foreach (var type in GenericKinds(db.Model))
        {
            data[SectionName(type)] = await (Task<List<object>>)rowsOf.MakeGenericMethod(type.ClrType).Invoke(this, [childId, cancellationToken])!;
        }

        var json = JsonSerializer.Serialize(data, Json);
        return (json, Html(child, json));
    }

    /// <summary>The kinds of child record with a section of their own above (some shown in part: third parties are not
    /// disclosed); every other <see cref="IChildRecord"/> is exported whole by <see cref="GenericKinds"/>.</summary>
    public static readonly IReadOnlyDictionary<Type, string> ExplicitSections = new Dictionary<Type, string>
    {
        [typeof(Child)] = "child",
        [typeof(Missing.Episode)] = "episodes",
        [typeof(ReturnInterviews.ReturnInterview)] = "return_interviews",
        [typeof(ReturnInterviews.RhiAttempt)] = "attempts",
        [typeof(ReturnInterviews.RhiShare)] = "shared_with",
        [typeof(RepeatMissing.InterventionMeeting)] = "intervention_meetings",
        [typeof(RepeatMissing.MeetingAction)] = "meeting_actions",
        [typeof(Exploitation.Referral)] = "referrals",
        [typeof(Mace.PanelDiscussion)] = "panel_discussions",
        [typeof(Mace.ChildFlag)] = "partner_flags",
        [typeof(Exploitation.RiskReview)] = "risk_reviews",
        [typeof(KeyWork.KeyWorkSession)] = "key_work_sessions",
        [typeof(KeyWork.FamilyMember)] = "family_members",
        [typeof(KeyWork.FamilyGoal)] = "family_goals",
        [typeof(Missing.MatchProposal)] = "possible_duplicates",
    };

    /// <summary>The child-record kinds in the model without a section of their own.</summary>
    public static IEnumerable<Microsoft.EntityFrameworkCore.Metadata.IEntityType> GenericKinds(Microsoft.EntityFrameworkCore.Metadata.IModel model) =>
        model.GetEntityTypes().Where(t => typeof(IChildRecord).IsAssignableFrom(t.ClrType) && !ExplicitSections.ContainsKey(t.ClrType)).OrderBy(t => t.GetTableName(), StringComparer.Ordinal);

    /// <summary>The export's section for a kind of child record.</summary>
    public static string SectionName(Microsoft.EntityFrameworkCore.Metadata.IEntityType type) =>
        ExplicitSections.TryGetValue(type.ClrType, out var name) ? name : type.GetTableName()!;

    private async Task<List<object>> RowsAsync<T>(Guid childId, CancellationToken cancellationToken)
        where T : class, IChildRecord =>
        [.. await db.Set<T>().AsNoTracking().Where(r => r.ChildId == childId).ToListAsync(cancellationToken)];

    private static string Html(Child child, string json)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Subject access: ")
            .Append(WebUtility.HtmlEncode($"{child.GivenName} {child.FamilyName}"))
            .Append("</title></head><body><h1>Information Beacon holds about ").Append(WebUtility.HtmlEncode($"{child.GivenName} {child.FamilyName}"))
            .Append("</h1><p>Produced for a subject access request. Each section lists the records as held.</p>");
        using var document = JsonDocument.Parse(json);
        foreach (var section in document.RootElement.EnumerateObject())
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(section.Name.Replace('_', ' '))).Append("</h2>");
            var items = section.Value.ValueKind == JsonValueKind.Array ? section.Value.EnumerateArray().ToList() : [section.Value];
            if (items.Count == 0)
            {
                html.Append("<p>None.</p>");
            }

            foreach (var item in items)
            {
                html.Append("<dl>");
                foreach (var field in item.EnumerateObject().Where(f => f.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object)))
                {
                    html.Append("<dt>").Append(WebUtility.HtmlEncode(field.Name.Replace('_', ' '))).Append("</dt><dd>")
                        .Append(WebUtility.HtmlEncode(field.Value.ToString())).Append("</dd>");
                }

                html.Append("</dl><hr>");
            }
        }

        return html.Append("</body></html>").ToString();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true, ReferenceHandler = System.Text.Json.Serialization.ReferenceHandler.IgnoreCycles };
        Beacon.Web.Infrastructure.Time.NodaJson.Configure(options);
        return options;
    }
}
