using System.CommandLine;
using Beacon.Domain.Organisations;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Features.Organisations;

/// <summary>Reference data: <c>beacon organisations list</c> and <c>add-authority</c>. (docs/decisions/0016)</summary>
internal sealed class OrganisationCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        cli.Root.Subcommands.Add(OrganisationsCommand(cli));
    }

    private static Command OrganisationsCommand(CliCommands cli)
    {
        var (output, error) = (cli.Output, cli.Error);
        var list = new Command("list", "List organisations.");
        list.SetAction((_, ct) => cli.WithServices(async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            foreach (var o in await db.Organisations.AsNoTracking().OrderBy(o => o.Code).ToListAsync(ct))
            {
                await output.WriteLineAsync($"{o.Code}\t{o.Kind}\t{o.Name}");
            }

            return 0;
        }));

        var dfe = new Option<int>("--dfe") { Description = "DfE local-authority number", Required = true };
        var name = new Option<string>("--name") { Description = "Council name", Required = true };
        var add = new Command("add-authority", "Add an English council (e.g. a placing authority).") { dfe, name };
        add.SetAction((r, ct) => cli.WithServices(async sp =>
        {
            var number = r.GetValue(dfe);
            if (number is < 100 or > 999)
            {
                await error.WriteLineAsync("beacon: --dfe must be a three-digit DfE LA number");
                return 2;
            }

            var db = sp.GetRequiredService<BeaconDbContext>();
            var code = ReferenceDataSeeder.AuthorityCode(number);
            if (await db.Organisations.AnyAsync(o => o.Code == code, ct))
            {
                await output.WriteLineAsync($"{code} already exists.");
                return 0;
            }

            db.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Code = code, Name = r.GetValue(name)!.Trim(), Kind = OrganisationKind.LocalAuthority, DfeLaNumber = number });
            await db.SaveChangesAsync(ct);
            await output.WriteLineAsync($"Added {code}.");
            return 0;
        }));

        var organisations = new Command("organisations", "Reference data: organisations.");
        organisations.Subcommands.Add(list);
        organisations.Subcommands.Add(add);
        return organisations;
    }
}
