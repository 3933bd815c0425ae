using Beacon.Web.Infrastructure.Data;
using NodaTime;

namespace Beacon.Web.Features.Outcomes;

/// <summary>A published version of the outcome framework (issue #19 §1): its eight (or more) life areas and their
/// 1–10 bands, as JSON. Versions are only added; the highest is current; readings keep the version they were taken on.</summary>
public sealed class OutcomeFrameworkVersion
{
    public int Version { get; set; }

    public required string Name { get; set; }

    public required string Definition { get; set; }

    public Instant PublishedAt { get; set; }

    public required string PublishedBy { get; set; }
}

/// <summary>One reading of the outcome measure, taken with the child by their worker: the date, the framework version,
/// the agreed next steps; the scores are <see cref="OutcomeScore"/>. One per child per date.</summary>
public sealed class OutcomeReading : IChildRecord
{
    public const string Recorded = "recorded";
    public const string Imported = "imported";

    public Guid Id { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public LocalDate TakenOn { get; set; }

    public int FrameworkVersion { get; set; }

    public string? NextSteps { get; set; }

    /// <summary>Who took it: the user's name, or the worker's email given in an import.</summary>
    public required string TakenBy { get; set; }

    public required string Source { get; set; }

    public Instant RecordedAt { get; set; }
}

/// <summary>One life area of a reading: its score (1–10; null when the area was skipped but the child said something),
/// the child's own words and, for imported history, the previous provider's notes.</summary>
public sealed class OutcomeScore : IChildRecord
{
    public Guid Id { get; set; }

    public Guid ReadingId { get; set; }

    public Guid ChildId { get; set; }

    public Child? Child { get; set; }

    public required string Area { get; set; }

    public int? Score { get; set; }

    public string? ChildWords { get; set; }

    public string? Notes { get; set; }
}
