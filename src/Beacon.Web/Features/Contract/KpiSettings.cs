using System.Globalization;
using Beacon.Domain.Contract;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>A target and its thresholds as entered on the form (text, in the indicator's unit).</summary>
public sealed record TargetInput(string? Indicator, Guid? OrganisationId, int FinancialYear, string? Target, string? Green, string? Amber);

/// <summary>A national benchmark as entered on the form.</summary>
public sealed record BenchmarkInput(string? Indicator, string? Value, string? Source, string? PublishedOn);

/// <summary>
/// Targets, RAG thresholds and national benchmarks of the KPIs (issue #18 §2, docs/decisions/0020). Only the provider's
/// service manager sets them. A target is versioned: a change adds a row with the next version for the indicator, year
/// and council, and the old rows stay as its history; each change is audited. Benchmarks are added, never overwritten;
/// the latest by publication date is shown.
/// </summary>
public sealed class KpiSettings(BeaconDbContext db, CurrentActor actor, AuditLog audit, IClock clock)
{
    public bool MaySet => actor.IsInRole(Roles.ServiceManager) && actor.Principal?.FindFirst(BeaconClaims.OrganisationKind)?.Value == OrganisationKind.Provider.ToString();

    /// <summary>The highest version of each indicator's target for each council in a year.</summary>
    public static async Task<Dictionary<(string Indicator, Guid Council), KpiTarget>> TargetsInForceAsync(BeaconDbContext db, int financialYear, CancellationToken cancellationToken = default) =>
        (await db.Set<KpiTarget>().AsNoTracking().Where(t => t.FinancialYear == financialYear).ToListAsync(cancellationToken))
            .GroupBy(t => (t.Indicator, t.OrganisationId)).ToDictionary(g => g.Key, g => g.MaxBy(t => t.Version)!);

    /// <summary>The latest published benchmark of each indicator.</summary>
    public static async Task<Dictionary<string, KpiBenchmark>> LatestBenchmarksAsync(BeaconDbContext db, CancellationToken cancellationToken = default) =>
        (await db.Set<KpiBenchmark>().AsNoTracking().ToListAsync(cancellationToken))
            .GroupBy(b => b.Indicator).ToDictionary(g => g.Key, g => g.OrderBy(b => b.PublishedOn).ThenBy(b => b.EnteredAt).Last());

    /// <summary>Every version of the year's targets, newest first (the history on the page).</summary>
    public async Task<IReadOnlyList<KpiTarget>> HistoryAsync(int financialYear, CancellationToken cancellationToken = default) =>
        (await db.Set<KpiTarget>().AsNoTracking().Where(t => t.FinancialYear == financialYear).ToListAsync(cancellationToken))
            .OrderBy(t => t.Indicator, StringComparer.Ordinal).ThenByDescending(t => t.Version).ToList();

    public async Task<IReadOnlyList<FieldError>> SetTargetAsync(TargetInput input, CancellationToken cancellationToken = default)
    {
        if (!MaySet)
        {
            return [new FieldError("Target", "Only the service manager sets targets")];
        }

        var errors = new List<FieldError>();
        var indicator = Kpis.Find(input.Indicator);
        if (indicator is null)
        {
            errors.Add(new FieldError("Indicator", "Select an indicator"));
        }

        var council = input.OrganisationId is { } id && await db.Areas.AnyAsync(a => a.AuthorityId == id && a.Kind != "county", cancellationToken);
        if (!council)
        {
            errors.Add(new FieldError("OrganisationId", "Select a council of the partnership"));
        }

        if (input.FinancialYear is < 2000 or > 2100)
        {
            errors.Add(new FieldError("FinancialYear", "Enter a financial year like 2024"));
        }

        var (target, green, amber) = (Number(input.Target), Number(input.Green), Number(input.Amber));
        foreach (var (field, value) in new[] { ("Target", target), ("Green", green), ("Amber", amber) })
        {
            if (value is null)
            {
                errors.Add(new FieldError(field, $"Enter the {field.ToLowerInvariant()} as a number with at most 3 decimal places, like 72.5"));
            }
        }

        if (indicator is not null && target is not null && green is not null && amber is not null)
        {
            errors.AddRange(Kpis.TargetProblems(indicator, target.Value, green.Value, amber.Value).Select(p => new FieldError("Green", p)));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var version = await db.Set<KpiTarget>().Where(t => t.Indicator == indicator!.Id && t.FinancialYear == input.FinancialYear && t.OrganisationId == input.OrganisationId)
            .Select(t => (int?)t.Version).MaxAsync(cancellationToken) ?? 0;
        var row = new KpiTarget
        {
            Id = Guid.NewGuid(),
            Indicator = indicator!.Id,
            FinancialYear = input.FinancialYear,
            OrganisationId = input.OrganisationId!.Value,
            Version = version + 1,
            TargetMilli = Kpis.Milli(target!.Value),
            GreenMilli = Kpis.Milli(green!.Value),
            AmberMilli = Kpis.Milli(amber!.Value),
            SetBy = actor.UserName,
            SetAt = clock.GetCurrentInstant(),
        };
        db.Set<KpiTarget>().Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two changes at once took the same version (unique on indicator, year, council and version).
            return [new FieldError("Target", "Someone else changed this target at the same time. Check it and try again")];
        }

        await audit.RecordAsync("create", nameof(KpiTarget), row.Id.ToString(),
            details: $"{row.Indicator} {row.FinancialYear} v{row.Version}: target {target} green {green} amber {amber}", cancellationToken: cancellationToken);
        return [];
    }

    public async Task<IReadOnlyList<FieldError>> AddBenchmarkAsync(BenchmarkInput input, CancellationToken cancellationToken = default)
    {
        if (!MaySet)
        {
            return [new FieldError("Value", "Only the service manager enters benchmarks")];
        }

        var errors = new List<FieldError>();
        var indicator = Kpis.Find(input.Indicator);
        if (indicator is null)
        {
            errors.Add(new FieldError("BenchmarkIndicator", "Select an indicator"));
        }

        var value = Number(input.Value);
        if (value is null || value < 0 || (indicator?.Unit == KpiUnit.Percent && value > 100))
        {
            errors.Add(new FieldError("Value", "Enter the benchmark as a number like 38 (a percentage between 0 and 100)"));
        }

        var source = input.Source?.Trim();
        if (string.IsNullOrEmpty(source) || source.Length > 500)
        {
            errors.Add(new FieldError("Source", "Enter where the benchmark is published, in 500 characters or fewer"));
        }

        var published = DateEntry.Parse(input.PublishedOn);
        if (published is null || published > Domain.Missing.ChildAge.DateOf(clock.GetCurrentInstant()))
        {
            errors.Add(new FieldError("PublishedOn", published is null ? "Enter the publication date as a real date" : "The publication date must be today or in the past"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var row = new KpiBenchmark
        {
            Id = Guid.NewGuid(),
            Indicator = indicator!.Id,
            ValueMilli = Kpis.Milli(value!.Value),
            Source = source!,
            PublishedOn = published!.Value,
            EnteredBy = actor.UserName,
            EnteredAt = clock.GetCurrentInstant(),
        };
        db.Set<KpiBenchmark>().Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("create", nameof(KpiBenchmark), row.Id.ToString(), details: $"{row.Indicator} {value} ({row.Source}, {row.PublishedOn:yyyy-MM-dd})", cancellationToken: cancellationToken);
        return [];
    }

    /// <summary>A number as typed: at most three decimal places (thousandths, ADR 20), at most a million.</summary>
    private static decimal? Number(string? text) =>
        decimal.TryParse(text?.Trim().TrimEnd('%'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
        && value == Math.Round(value, 3) && Math.Abs(value) <= 1_000_000 ? value : null;
}
