using Beacon.Domain.Contract;
using Beacon.Domain.Missing;
using Beacon.Domain.Organisations;
using Beacon.Domain.Reporting;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Contract;

/// <summary>One council's line on the budget page.</summary>
public sealed record CouncilBudget(Guid OrganisationId, string Council, BudgetPosition Position, IReadOnlyDictionary<string, long> SpentByCategory);

/// <summary>A spend line as entered on the form (text, validated here).</summary>
public sealed record SpendInput(string? SpentOn, Guid? OrganisationId, string? Category, string? Amount, string? Note);

/// <summary>
/// Budgets and spend (issue #18 §3): each council's ring-fenced budget for a financial year, its spend to date (the sum of
/// the year's spend lines, in SQL, as integer pence), the forecast at the current rate and what remains. The service
/// manager records spend; commissioners and managers read the figures.
/// </summary>
public sealed class Budgets(BeaconDbContext db, CurrentActor actor, AuditLog audit, IClock clock)
{
    public bool MayRecord => actor.IsInRole(Roles.ServiceManager);

    public async Task<IReadOnlyList<CouncilBudget>> PositionsAsync(int financialYear, CancellationToken cancellationToken = default)
    {
        var year = FinancialYear.Year(financialYear);
        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        var budgets = await (from b in db.Set<RingFencedBudget>().AsNoTracking()
                             where b.FinancialYear == financialYear
                             join o in db.Organisations on b.OrganisationId equals o.Id
                             orderby o.Name
                             select new { b.OrganisationId, o.Name, b.AmountPence }).ToListAsync(cancellationToken);
        var spent = await db.Set<SpendLine>().AsNoTracking().Where(s => s.SpentOn >= year.Start && s.SpentOn < year.EndExclusive)
            .GroupBy(s => new { s.OrganisationId, s.Category }).Select(g => new { g.Key.OrganisationId, g.Key.Category, Pence = g.Sum(s => s.AmountPence) })
            .ToListAsync(cancellationToken);
        var daysInYear = Period.Between(year.Start, year.EndExclusive, PeriodUnits.Days).Days;
        var elapsed = today < year.Start ? 0 : Math.Min(daysInYear, Period.Between(year.Start, today, PeriodUnits.Days).Days + 1);
        return [.. budgets.Select(b =>
        {
            var mine = spent.Where(s => s.OrganisationId == b.OrganisationId).ToDictionary(s => s.Category, s => s.Pence);
            return new CouncilBudget(b.OrganisationId, b.Name, BudgetPosition.Of(b.AmountPence, mine.Values.Sum(), elapsed, daysInYear), mine);
        })];
    }

    /// <summary>The councils with a budget this year (the choices on the spend form).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> CouncilsAsync(int financialYear, CancellationToken cancellationToken = default) =>
        [.. (await (from b in db.Set<RingFencedBudget>().AsNoTracking()
                    where b.FinancialYear == financialYear
                    join o in db.Organisations on b.OrganisationId equals o.Id
                    orderby o.Name
                    select new { o.Id, o.Name }).ToListAsync(cancellationToken)).Select(o => (o.Id, o.Name))];

    public async Task<IReadOnlyList<FieldError>> RecordSpendAsync(SpendInput input, CancellationToken cancellationToken = default)
    {
        if (!MayRecord)
        {
            return [new FieldError("Amount", "Only the service manager records spend")];
        }

        var errors = new List<FieldError>();
        var spentOn = DateEntry.Parse(input.SpentOn);
        if (spentOn is null)
        {
            errors.Add(new FieldError("SpentOn", string.IsNullOrWhiteSpace(input.SpentOn) ? "Enter the date of the spend" : "The date of the spend must be a real date"));
        }

        var year = spentOn is { } spent ? FinancialYear.Of(spent) : 0;
        var council = input.OrganisationId is { } id && spentOn is not null
            && await db.Set<RingFencedBudget>().AnyAsync(b => b.OrganisationId == id && b.FinancialYear == year, cancellationToken);
        if (spentOn is not null && !council)
        {
            errors.Add(new FieldError("OrganisationId", "Select a council with a ring-fenced budget in that financial year"));
        }

        if (input.Category is null || !Codes.SpendCategory.ContainsKey(input.Category))
        {
            errors.Add(new FieldError("Category", "Select the category of spend"));
        }

        var pence = Money.ParsePence(input.Amount);
        if (pence is null)
        {
            errors.Add(new FieldError("Amount", "Enter the amount in pounds and pence, like 1250.00"));
        }

        var note = input.Note?.Trim();
        if (note is { Length: > 500 })
        {
            errors.Add(new FieldError("Note", "The note must be 500 characters or fewer"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var line = new SpendLine
        {
            Id = Guid.NewGuid(),
            SpentOn = spentOn!.Value,
            OrganisationId = input.OrganisationId!.Value,
            Category = input.Category!,
            AmountPence = pence!.Value,
            Note = string.IsNullOrEmpty(note) ? null : note,
            RecordedBy = actor.UserName,
            RecordedAt = clock.GetCurrentInstant(),
        };
        db.Set<SpendLine>().Add(line);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("create", nameof(SpendLine), line.Id.ToString(), details: $"{line.Category} {Money.Format(line.AmountPence)}", cancellationToken: cancellationToken);
        return [];
    }
}
