namespace Beacon.Domain.Organisations;

/// <summary>
/// The roles a Beacon user can hold. Names are stable identifiers stored in the database and in tokens;
/// <see cref="DisplayName"/> gives the words shown to people.
/// </summary>
public static class Roles
{
    public const string Practitioner = "practitioner";
    public const string Mentor = "mentor";
    public const string TeamManager = "team-manager";
    public const string PanelChair = "panel-chair";

    /// <summary>A partner agency's member of a MACE panel: sees panel records (adults and locations of concern, the
    /// association map, meetings and actions) under need-to-know, and children only as their organisation may.</summary>
    public const string PanelMember = "panel-member";
    public const string ServiceManager = "service-manager";
    public const string Analyst = "analyst";
    public const string PoliceLiaison = "police-liaison";
    public const string SystemAdministrator = "system-administrator";

    /// <summary>The partnership's data protection officer: reads the whole audit log (issue #16 §5) when held at the
    /// provider; sees no child records.</summary>
    public const string DataProtectionOfficer = "data-protection-officer";

    /// <summary>The provider's coordinator of mentors and volunteers (issue #20): keeps the register (the only role
    /// that sees mentors' personal data), vets, trains and supports them and matches them to children.</summary>
    public const string MentorCoordinator = "mentor-coordinator";

    public static readonly IReadOnlyList<string> All =
    [
        Practitioner, Mentor, TeamManager, PanelChair, PanelMember, ServiceManager, Analyst, PoliceLiaison, SystemAdministrator, DataProtectionOfficer, MentorCoordinator,
    ];

    /// <summary>Roles that sit on MACE panels and so may see panel-only records (issue #5 §2).</summary>
    public static readonly IReadOnlyList<string> PanelRoles = [PanelChair, PanelMember];

    /// <summary>Roles that may search the audit log ("who looked at this child?"); what each sees is scoped by organisation
    /// (ADR 4, ADR 7).</summary>
    public static readonly IReadOnlyList<string> AuditReaders = [TeamManager, ServiceManager, SystemAdministrator, DataProtectionOfficer];

    public static bool IsKnown(string role) => All.Contains(role);

    public static string DisplayName(string role) => role switch
    {
        Practitioner => "Practitioner",
        Mentor => "Mentor",
        TeamManager => "Team manager",
        PanelChair => "Panel chair",
        PanelMember => "MACE panel member",
        ServiceManager => "Service manager",
        Analyst => "Commissioner or partner analyst",
        PoliceLiaison => "Police liaison",
        SystemAdministrator => "System administrator",
        DataProtectionOfficer => "Data protection officer",
        MentorCoordinator => "Mentor and volunteer coordinator",
        _ => role,
    };
}
