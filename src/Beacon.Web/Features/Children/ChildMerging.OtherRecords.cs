using Beacon.Web.Features.Missing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Beacon.Web.Features.Children;

// Every other kind of child record moves with a merge and back with its undoing, whatever feature added it: safety
// plans, outcome readings, onward referrals, mentoring, participation, hardship payments, authority changes, family
// progress. A kind added later moves too, without anyone remembering to add it here. Undoing, a record added to the
// merged child since, under a record that goes back (a contact under a mentor match, a step of an onward referral, a
// score of a reading, a later version of a safety plan), goes back with it (NotificationTests: readings and scores,
// safety plans, key-work sessions and family attendances, and the refusal of one linking both children).
public sealed partial class ChildMerging
{
    /// <summary>The kinds a merge moves by name above (with rules of their own), and the child and its proposals, which
    /// do not move.</summary>
    private static readonly HashSet<Type> MovedByName =
    [
        typeof(Child), typeof(MatchProposal), typeof(Episode), typeof(ReturnInterviews.ReturnInterview), typeof(ReturnInterviews.RhiAttempt),
        typeof(ReturnInterviews.RhiShare), typeof(RepeatMissing.InterventionMeeting), typeof(RepeatMissing.MeetingAction), typeof(Exploitation.Referral),
        typeof(Exploitation.RiskReview), typeof(Mace.PanelDiscussion), typeof(Mace.ChildFlag), typeof(KeyWork.KeyWorkSession), typeof(KeyWork.FamilyMember),
        typeof(KeyWork.FamilyGoal),
    ];

    /// <summary>The child-record kinds moved generically, keyed in the merge's record by table name.</summary>
    public static IEnumerable<IEntityType> OtherKinds(IModel model) =>
        model.GetEntityTypes().Where(t => typeof(IChildRecord).IsAssignableFrom(t.ClrType) && !MovedByName.Contains(t.ClrType)).OrderBy(t => t.GetTableName(), StringComparer.Ordinal);

    /// <summary>Beacon has no way to retire a reading, an attendance or a plan line, so these refusals say what happens.</summary>
    private const string Unchanged = "Both records stay as they are and nothing is lost; tell your system administrator.";

    /// <summary>Why the two records cannot be one yet, where the merged record would break a rule of one per child: an
    /// outcome reading a day, one attendance an event, one line of safety-plan versions. Null when they can.</summary>
    private async Task<string?> ConflictAsync(Guid source, Guid target, CancellationToken cancellationToken)
    {
        var readings = db.Set<Outcomes.OutcomeReading>().IgnoreQueryFilters();
        var sameDay = await readings.Where(r => r.ChildId == source && readings.Any(t => t.ChildId == target && t.TakenOn == r.TakenOn))
            .Select(r => (NodaTime.LocalDate?)r.TakenOn).FirstOrDefaultAsync(cancellationToken);
        if (sameDay is { } day)
        {
            return $"Both records have an outcome reading taken on {day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}, and a child has one a day, "
                + $"so Beacon cannot merge them. {Unchanged}";
        }

        var attendances = db.Set<Participation.ParticipationAttendance>().IgnoreQueryFilters();
        if (await attendances.AnyAsync(a => a.ChildId == source && attendances.Any(t => t.ChildId == target && t.EventId == a.EventId), cancellationToken))
        {
            return $"Both records are on the register of the same participation event, so Beacon cannot merge them. {Unchanged}";
        }

        var plans = db.Set<SupportPlans.SafetyPlan>().IgnoreQueryFilters();
        if (await plans.AnyAsync(p => p.ChildId == source, cancellationToken) && await plans.AnyAsync(p => p.ChildId == target, cancellationToken))
        {
            return "Both records have a safety plan, and a child has one line of plan versions, so Beacon cannot merge them. "
                + $"Carry what the newer plan says into the existing record's plan. {Unchanged}";
        }

        return null;
    }

    private async Task MoveOtherRecordsAsync(Guid from, Guid to, Dictionary<string, List<Guid>> moved, Dictionary<string, List<Guid>>? only, CancellationToken cancellationToken)
    {
        var method = typeof(ChildMerging).GetMethod(nameof(MoveKindAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        foreach (var kind in OtherKinds(db.Model))
        {
            var name = kind.GetTableName()!;
            var ids = only?.GetValueOrDefault(name) ?? [];
            moved[name] = await (Task<List<Guid>>)method.MakeGenericMethod(kind.ClrType).Invoke(this, [from, to, only is null, ids, cancellationToken])!;
        }
    }

    /// <summary>Kinds with rules of their own for what goes back (episodes and interviews by what each covers; attempts
    /// and shares with their interview), so not moved by <see cref="FollowBackAsync"/>.</summary>
    private static readonly HashSet<Type> OwnRules =
        [typeof(Child), typeof(MatchProposal), typeof(Episode), typeof(ReturnInterviews.ReturnInterview), typeof(ReturnInterviews.RhiAttempt), typeof(ReturnInterviews.RhiShare)];

    /// <summary>The casework kinds <see cref="MoveCaseworkAsync"/> records under a name of its own.</summary>
    private static readonly Dictionary<string, Type> CaseworkKinds = new()
    {
        ["reviews"] = typeof(Exploitation.RiskReview),
        ["discussions"] = typeof(Mace.PanelDiscussion),
        ["flags"] = typeof(Mace.ChildFlag),
        ["sessions"] = typeof(KeyWork.KeyWorkSession),
        ["members"] = typeof(KeyWork.FamilyMember),
        ["goals"] = typeof(KeyWork.FamilyGoal),
    };

    /// <summary>Undoing a merge: records added to the merged child since, whose parent records all go back, go back with
    /// them, and so on down (a contact under a match); a safety plan's later versions go back with its line. Records
    /// added since with no such parent stay. One with a parent going back and another staying (a session attended by
    /// the other child's relative) would point across children: the undoing is refused, naming it, and nothing moves.</summary>
    private async Task<string?> FollowBackAsync(Guid from, Guid to, Moved moved, IEnumerable<ReturnInterviews.ReturnInterview> interviews, CancellationToken cancellationToken)
    {
        var back = new Dictionary<Type, HashSet<Guid>>();
        void Add(Type type, IEnumerable<Guid>? ids)
        {
            if (!back.TryGetValue(type, out var set))
            {
                back[type] = set = [];
            }

            set.UnionWith(ids ?? []);
        }

        Add(typeof(Episode), moved.Episodes);
        Add(typeof(ReturnInterviews.ReturnInterview), interviews.Select(r => r.Id));
        Add(typeof(RepeatMissing.InterventionMeeting), moved.Meetings);
        Add(typeof(RepeatMissing.MeetingAction), moved.Actions);
        Add(typeof(Exploitation.Referral), moved.Referrals);
        var casework = moved.Casework ?? [];
        foreach (var (name, type) in CaseworkKinds)
        {
            Add(type, casework.GetValueOrDefault(name));
        }

        foreach (var kind in OtherKinds(db.Model))
        {
            Add(kind.ClrType, casework.GetValueOrDefault(kind.GetTableName()!));
        }

        var plans = typeof(SupportPlans.SafetyPlan);
        var followers = db.Model.GetEntityTypes().Where(t => typeof(IChildRecord).IsAssignableFrom(t.ClrType) && !OwnRules.Contains(t.ClrType))
            .Select(t => (Kind: t, Parents: t.GetForeignKeys().Where(k => k.Properties.Count == 1 && k.PrincipalEntityType.ClrType != typeof(Child)
                && typeof(IChildRecord).IsAssignableFrom(k.PrincipalEntityType.ClrType)).ToList()))
            .Where(f => f.Parents.Count > 0 || f.Kind.ClrType == plans).ToList();
        var method = typeof(ChildMerging).GetMethod(nameof(FollowersAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        async Task<(List<object> Follow, List<object> Split)> Classify((IEntityType Kind, List<IForeignKey> Parents) f) =>
            await (Task<(List<object>, List<object>)>)method.MakeGenericMethod(f.Kind.ClrType).Invoke(this, [from, f.Parents, back, cancellationToken])!;

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var follower in followers)
            {
                var (follow, _) = await Classify(follower);
                foreach (var row in follow)
                {
                    db.Entry(row).Property(nameof(IChildRecord.ChildId)).CurrentValue = to;
                }

                Add(follower.Kind.ClrType, follow.Select(r => (Guid)db.Entry(r).Property("Id").CurrentValue!));
                changed |= follow.Count > 0;
            }
        }

        foreach (var follower in followers)
        {
            if ((await Classify(follower)).Split.Count > 0)
            {
                db.ChangeTracker.Clear(); // nothing of this undoing is saved, whatever else the request writes
                return $"A record added to the merged child since ({follower.Kind.GetTableName()!.Replace('_', ' ')}) links a record that goes back "
                    + "with one that stays, such as a session the other child's relative attended. Correct it on the child's page, then separate the records.";
            }
        }

        return null;
    }

    /// <summary>The merged child's records of one kind not yet sent back: those whose parents (records of a child, not
    /// the child) all go back (every safety plan, once one of its line goes back), and those with parents both ways.</summary>
    private async Task<(List<object> Follow, List<object> Split)> FollowersAsync<T>(Guid from, IReadOnlyList<IForeignKey> parents, Dictionary<Type, HashSet<Guid>> back, CancellationToken cancellationToken)
        where T : class, IChildRecord
    {
        var rows = (await db.Set<T>().IgnoreQueryFilters().Where(r => r.ChildId == from).ToListAsync(cancellationToken)).Where(r => r.ChildId == from).ToList();
        if (typeof(T) == typeof(SupportPlans.SafetyPlan))
        {
            return (back[typeof(T)].Count > 0 ? [.. rows] : [], []);
        }

        var (follow, split) = (new List<object>(), new List<object>());
        foreach (var row in rows)
        {
            var values = parents.Select(k => (Key: k, Value: db.Entry(row).Property(k.Properties[0].Name).CurrentValue as Guid?)).Where(v => v.Value is not null).ToList();
            var going = values.Count(v => back.TryGetValue(v.Key.PrincipalEntityType.ClrType, out var set) && set.Contains(v.Value!.Value));
            if (going > 0)
            {
                (going == values.Count ? follow : split).Add(row);
            }
        }

        return (follow, split);
    }

    /// <summary>Moves one kind's records: all of <paramref name="from"/>'s, or (undoing) exactly those listed. Whoever
    /// merges, they follow the child: left on the merged record they would be hidden from everyone.</summary>
    private async Task<List<Guid>> MoveKindAsync<T>(Guid from, Guid to, bool all, List<Guid> ids, CancellationToken cancellationToken)
        where T : class, IChildRecord
    {
        var rows = await db.Set<T>().IgnoreQueryFilters().Where(r => r.ChildId == from && (all || ids.Contains(EF.Property<Guid>(r, "Id")))).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            db.Entry(row).Property(nameof(IChildRecord.ChildId)).CurrentValue = to;
        }

        return [.. rows.Select(r => db.Entry(r).Property<Guid>("Id").CurrentValue)];
    }
}
