using System.Text.Json;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime.Text;

namespace Beacon.Web.Features.Contract;

/// <summary>
/// The demo contract (issue #18 §3), from reference data (contract-demo.json), not code: the term, the partners'
/// contributions, each council's ring-fenced budget for every year of the term (£570,795 county, £479,550 city), the
/// hardship pot (£12,500 a year) and spot-purchase prices. Once only.
/// </summary>
public sealed class DemoContract(BeaconDbContext db)
{
    private sealed record Reference(string Name, string StartsOn, string EndsOn, List<Amount> Partners, List<Amount> RingFencedBudgetsPerYear, long HardshipPotPerYearPence,
        List<Amount> SpotPurchasePricesPerYear);

    private sealed record Amount(string Organisation, long ContributionPence, long AmountPence, long PricePence);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Set<CommissioningContract>().AnyAsync(cancellationToken))
        {
            return;
        }

        await using var stream = typeof(DemoContract).Assembly.GetManifestResourceStream("Beacon.Web.Features.Contract.contract-demo.json")!;
        var reference = (await JsonSerializer.DeserializeAsync<Reference>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web), cancellationToken))!;
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, cancellationToken);
        if (!reference.Partners.Concat(reference.RingFencedBudgetsPerYear).All(p => organisations.ContainsKey(p.Organisation)))
        {
            return;
        }

        var contract = new CommissioningContract
        {
            Id = Guid.NewGuid(),
            Name = reference.Name,
            StartsOn = LocalDatePattern.Iso.Parse(reference.StartsOn).Value,
            EndsOn = LocalDatePattern.Iso.Parse(reference.EndsOn).Value,
        };
        db.Set<CommissioningContract>().Add(contract);
        db.Set<ContractPartner>().AddRange(reference.Partners.Select(p => new ContractPartner { Id = Guid.NewGuid(), ContractId = contract.Id, OrganisationId = organisations[p.Organisation], ContributionPence = p.ContributionPence }));
        for (var year = Domain.Reporting.FinancialYear.Of(contract.StartsOn); year <= Domain.Reporting.FinancialYear.Of(contract.EndsOn); year++)
        {
            db.Set<RingFencedBudget>().AddRange(reference.RingFencedBudgetsPerYear.Select(b => new RingFencedBudget { Id = Guid.NewGuid(), ContractId = contract.Id, OrganisationId = organisations[b.Organisation], FinancialYear = year, AmountPence = b.AmountPence }));
            db.Set<HardshipPot>().Add(new HardshipPot { Id = Guid.NewGuid(), FinancialYear = year, AmountPence = reference.HardshipPotPerYearPence });
            db.Set<SpotPurchasePrice>().AddRange(reference.SpotPurchasePricesPerYear.Where(p => organisations.ContainsKey(p.Organisation))
                .Select(p => new SpotPurchasePrice { Id = Guid.NewGuid(), OrganisationId = organisations[p.Organisation], FinancialYear = year, PricePence = p.PricePence }));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
