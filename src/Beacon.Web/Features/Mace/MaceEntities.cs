using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Mace;

/// <summary>A panel-only record (issue #5 §2): seen only by panel roles (<see cref="Beacon.Domain.Organisations.Roles.PanelRoles"/>),
/// every change audited by its own id. The filter is in <see cref="BeaconDbContext"/>; docs/decisions/0013.</summary>
public interface IPanelRecord
{
    /// <summary>The record's id as the audit log shows it.</summary>
    string AuditId { get; }
}

/// <summary>A Multi-Agency Child Exploitation panel (issue #5 §2). Names and the districts each covers come from the
/// reference data (areas.csv <c>mace_panel</c>); the chair and core members are kept here.</summary>
public sealed class MacePanel : IPanelRecord
{
    string IPanelRecord.AuditId => Name;

    public required string Name { get; set; }

    public string? ChairName { get; set; }

    /// <summary>One member per line: agency, then role.</summary>
    public string CoreMembers { get; set; } = "";

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A meeting of a panel. While scheduled its agenda is live (every open medium/high referral routed to the
/// panel); discussions and actions are recorded against it.</summary>
public sealed class PanelMeeting : IPanelRecord
{
    string IPanelRecord.AuditId => Id.ToString();

    public const string Scheduled = "scheduled";
    public const string Held = "held";

    public Guid Id { get; set; }

    public required string Panel { get; set; }

    public LocalDate MeetingOn { get; set; }

    public required string Status { get; set; }

    public string? Minutes { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>An adult or location put on a meeting's agenda by hand (those linked to agenda children or targeted by the
/// panel's open actions are on it anyway).</summary>
public sealed class PanelAgendaItem : IPanelRecord
{
    string IPanelRecord.AuditId => Id.ToString();

    public Guid Id { get; set; }

    public Guid MeetingId { get; set; }

    /// <summary><c>adult:ID</c> or <c>location:ID</c>.</summary>
    public required string Subject { get; set; }

    public required string AddedBy { get; set; }

    public Instant AddedAt { get; set; }
}

/// <summary>What the panel decided about one child at one meeting, and what happened since last time.</summary>
public sealed class PanelDiscussion : IChildRecord
{
    public Guid Id { get; set; }

    public Guid MeetingId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Decision { get; set; }

    public string? SinceLastTime { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>An adult suspected of harming or exploiting children: a panel-only record.</summary>
public sealed class AdultOfConcern : IPanelRecord
{
    string IPanelRecord.AuditId => Id.ToString();

    public Guid Id { get; set; }

    public required string Reference { get; set; }

    public required string Name { get; set; }

    public string? Aliases { get; set; }

    public string? Description { get; set; }

    public string? Vehicles { get; set; }

    public string? PhoneNumbers { get; set; }

    public string? Area { get; set; }

    public required string RecordedBy { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A place where children are thought to be exploited or to meet those who exploit them: a panel-only record.</summary>
public sealed class LocationOfConcern : IPanelRecord
{
    string IPanelRecord.AuditId => Id.ToString();

    public Guid Id { get; set; }

    public required string Reference { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    public string? Address { get; set; }

    public string? DistrictCode { get; set; }

    public string? Description { get; set; }

    public required string RecordedBy { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A disruption action agreed at a panel meeting: owner agency, target (a child's circumstances, an adult
/// or a location), due date, status and outcome.</summary>
public sealed class DisruptionAction : IPanelRecord
{
    string IPanelRecord.AuditId => Id.ToString();

    public const string Open = "open";
    public const string Completed = "completed";
    public const string NotAchieved = "not-achieved";

    public Guid Id { get; set; }

    public Guid MeetingId { get; set; }

    public required string Panel { get; set; }

    public Guid? ChildId { get; set; }

    public Guid? AdultId { get; set; }

    public Guid? LocationId { get; set; }

    public required string OwnerAgency { get; set; }

    public required string Description { get; set; }

    public LocalDate DueOn { get; set; }

    public required string Status { get; set; }

    public string? Outcome { get; set; }

    public Instant CreatedAt { get; set; }

    public Instant UpdatedAt { get; set; }

    public int Version { get; set; }
}

/// <summary>A typed, dated link between two subjects of the association map (issue #5 §3). Subjects are written
/// <c>child:ID</c>, <c>adult:ID</c> or <c>location:ID</c> (<see cref="Subject"/>).</summary>
public sealed class Association : IPanelRecord
{
    string IPanelRecord.AuditId => Id.ToString();

    public Guid Id { get; set; }

    public required string FromSubject { get; set; }

    public required string ToSubject { get; set; }

    public required string LinkType { get; set; }

    public LocalDate ObservedOn { get; set; }

    public required string Source { get; set; }

    /// <summary>Reliability of the source and of the information (e.g. <c>B2</c>): <see cref="MaceVocabulary.Gradings"/>.</summary>
    public required string Grading { get; set; }

    public string? Notes { get; set; }

    public required string RecordedBy { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>A fact a partner holds about a child, for the panel's vulnerability cross-reference (issue #5 §2):
/// child protection, SEND/EHCP, youth offending, Prevent and so on, each with its source and date.</summary>
public sealed class ChildFlag : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Kind { get; set; }

    public string? Detail { get; set; }

    public required string SourceAgency { get; set; }

    public LocalDate RecordedOn { get; set; }

    public required string RecordedBy { get; set; }

    public Instant CreatedAt { get; set; }
}

/// <summary>A subject of the association map: <c>child</c>, <c>adult</c> or <c>location</c> and its id.</summary>
public readonly record struct Subject(string Kind, Guid Id)
{
    public static readonly string[] Kinds = ["child", "adult", "location"];

    public override string ToString() => $"{Kind}:{Id}";

    public static bool TryParse(string? text, out Subject subject)
    {
        subject = default;
        var parts = text?.Split(':');
        if (parts is not { Length: 2 } || !Kinds.Contains(parts[0]) || !Guid.TryParse(parts[1], out var id))
        {
            return false;
        }

        subject = new Subject(parts[0], id);
        return true;
    }
}

/// <summary>Words of the MACE pathway.</summary>
public static class MaceVocabulary
{
    public static readonly IReadOnlyDictionary<string, string> LinkTypes = new Dictionary<string, string>
    {
        ["associates-with"] = "Associates with",
        ["seen-at"] = "Seen at",
        ["exploited-by"] = "Exploited by",
        ["sibling"] = "Sibling",
        ["same-placement"] = "Same placement",
        ["lives-at"] = "Lives at",
        ["uses-vehicle-or-phone"] = "Linked by vehicle or phone",
    };

    public static readonly IReadOnlyDictionary<string, string> Sources = new Dictionary<string, string>
    {
        ["RHI"] = "Return home interview",
        ["POLICE_INTELLIGENCE"] = "Police intelligence",
        ["PANEL"] = "MACE panel",
        ["PRACTITIONER"] = "Practitioner observation",
        ["PARTNER"] = "Other partner agency",
    };

    /// <summary>Source reliability A–E and information assessment 1–5 (the 5×5×5 intelligence grading): A = always
    /// reliable … E = untested; 1 = known to be true … 5 = suspected to be false.</summary>
    public static readonly IReadOnlyList<string> Gradings =
        [.. from s in "ABCDE" from i in "12345" select $"{s}{i}"];

    public static readonly IReadOnlyDictionary<string, string> LocationKinds = new Dictionary<string, string>
    {
        ["address"] = "Address",
        ["venue"] = "Venue or business",
        ["public-space"] = "Public space",
        ["transport"] = "Transport hub",
        ["online"] = "Online space",
    };

    public static readonly IReadOnlyDictionary<string, string> FlagKinds = new Dictionary<string, string>
    {
        ["CHILD_PROTECTION"] = "Child protection plan",
        ["CHILD_IN_NEED"] = "Child in need",
        ["SEND"] = "Special educational needs (SEND)",
        ["EHCP"] = "Education, health and care plan",
        ["YOUTH_OFFENDING"] = "Youth offending service",
        ["PREVENT"] = "Prevent referral",
        ["EXCLUSION"] = "School exclusion or reduced timetable",
        ["OTHER"] = "Other",
    };

    public static readonly IReadOnlyDictionary<string, string> ActionStatuses = new Dictionary<string, string>
    {
        [DisruptionAction.Open] = "Open",
        [DisruptionAction.Completed] = "Completed",
        [DisruptionAction.NotAchieved] = "Not achieved",
    };
}
