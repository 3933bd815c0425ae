using System.CommandLine;
using System.Security.Claims;
using System.Diagnostics;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Children;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Lists;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Beacon.Web.Features.Home;

/// <summary><c>beacon report benchmark-lists</c> (issue #17 §2): every work list's first page (count and rows) under each
/// sort key in both directions, median of several runs after a warm-up, with the provider's view (every child) or, with <c>--as</c>, a user's. A
/// measurement, not a test: run it on a large database and put the figures in the README.</summary>
internal sealed class ListBenchmarkCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        var runs = new Option<int>("--runs") { Description = "Timed runs per list and sort (median shown)", DefaultValueFactory = _ => 5 };
        var user = new Option<string?>("--as") { Description = "Read the lists as this user (their email), through their access scope; default: the provider's view (every child)" };
        var command = new Command("benchmark-lists", "Time every work list's first page under each sort (median milliseconds).") { runs, user };
        command.SetAction((parse, ct) => cli.WithServices(async system =>
        {
            using var scope = system.CreateScope();
            var sp = scope.ServiceProvider;
            if (parse.GetValue(user) is { } email)
            {
                // Set here, not in the helper: the accessor's value flows down, not back up out of an async method.
                if (await UserAsync(system.GetRequiredService<BeaconDbContext>(), email, ct) is not { } principal)
                {
                    await cli.Error.WriteLineAsync($"beacon: no user {email}");
                    return 2;
                }

                sp.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext { User = principal };
            }
            else
            {
                sp.GetRequiredService<CurrentActor>().UseSystem("console:benchmark-lists"); // the provider's view: every child
            }

            var db = sp.GetRequiredService<BeaconDbContext>();
            var today = ChildAge.DateOf(sp.GetRequiredService<IClock>().GetCurrentInstant());
            var rhis = sp.GetRequiredService<ReturnInterviewWork>();
            var children = sp.GetRequiredService<ChildRecords>();
            var n = Math.Max(1, parse.GetValue(runs));
            await cli.Output.WriteLineAsync($"Rows: {await db.Episodes.IgnoreQueryFilters().CountAsync(ct):N0} episodes, {await db.Children.IgnoreQueryFilters().CountAsync(ct):N0} children, {await db.ReturnInterviews.IgnoreQueryFilters().CountAsync(ct):N0} RHIs, {await db.Referrals.IgnoreQueryFilters().CountAsync(ct):N0} referrals");
            await cli.Output.WriteLineAsync("list\tsort\ttotal\tmedian ms\tmax ms");
            // The RHI work list is for the provider's caseworkers only (the page refuses anyone else).
            var provider = sp.GetRequiredService<CurrentActor>().Scope.Kind == Beacon.Domain.Access.ScopeKind.AllChildren;
            if (provider)
            {
                await TimeAsync(cli, "return interviews (all open)", () => rhis.WorkListRows(null, null, null), rhis.WorkListItems, ReturnInterviewWork.WorkListSorts, ReturnInterviewWork.WorkListPageSize, n, ct);
                await TimeAsync(cli, "return interviews (overdue)", () => rhis.WorkListRows("overdue", null, null), rhis.WorkListItems, ReturnInterviewWork.WorkListSorts, ReturnInterviewWork.WorkListPageSize, n, ct);
            }

            await TimeAsync(cli, "children", ChildRecords.Sorts.Keys, async r => await children.PageAsync(null, null, r, Children.ChildrenIndexModel.Size, ct), n, ct);
            await TimeAsync(cli, "children (name search)", ChildRecords.Sorts.Keys, async r => await children.PageAsync("smith", null, r, Children.ChildrenIndexModel.Size, ct), n, ct);
            await TimeAsync(cli, "children (open interview)", ChildRecords.Sorts.Keys, async r => await children.PageAsync(null, "open", r, Children.ChildrenIndexModel.Size, ct), n, ct);
            await TimeAsync(cli, "referrals", () => ReferralList.Query(db, today, null, null, null, null), ReferralList.Sorts, ReferralList.PageSize, n, ct);
            await TimeAsync(cli, "repeat-missing meetings", () => RepeatMissingLists.Meetings(db, today, false), RepeatMissingLists.MeetingSorts, RepeatMissingLists.PageSize, n, ct);
            await TimeAsync(cli, "repeat-missing actions", () => RepeatMissingLists.OverdueActions(db, today), RepeatMissingLists.ActionSorts, RepeatMissingLists.PageSize, n, ct);
            await TimeAsync(cli, "alerts (every user's)", () => db.Alerts.AsNoTracking(), Alerts.AlertCentre.Sorts, Alerts.AlertsModel.PageSize, n, ct);
            var council = await db.Organisations.AsNoTracking().Where(o => o.Kind == Beacon.Domain.Organisations.OrganisationKind.LocalAuthority).OrderBy(o => o.Name).Select(o => (Guid?)o.Id).FirstOrDefaultAsync(ct);
            await TimeAsync(cli, "shared summaries (a council's)", () => Sharing.SharedSummaries.Query(db, council, false), Sharing.SharedSummaries.Sorts, Sharing.SharedSummaries.PageSize, n, ct);
            await TimeAsync(cli, "key-work cases (all open)", () => KeyWork.CaseList.Query(db, null, KeyWork.CaseList.Any), KeyWork.CaseList.Sorts, KeyWork.CaseList.PageSize, n, ct);
            await TimeAsync(cli, "key-work cases (not allocated)", () => KeyWork.CaseList.Query(db, null, KeyWork.CaseList.Unallocated), KeyWork.CaseList.Sorts, KeyWork.CaseList.PageSize, n, ct);
            await TimeAsync(cli, "adults of concern", () => Mace.ConcernList.Query(db, true, null), Mace.ConcernList.Sorts, Mace.ConcernList.PageSize, n, ct);
            await TimeAsync(cli, "locations of concern", () => Mace.ConcernList.Query(db, false, null), Mace.ConcernList.Sorts, Mace.ConcernList.PageSize, n, ct);
            await TimeAsync(cli, "import runs (every user's)", () => Missing.ImportRunList.Query(db, null), Missing.ImportRunList.Sorts, Missing.ImportRunList.PageSize, n, ct);
            return 0;
        }));
        cli.Report.Subcommands.Add(command);
    }

    // The lists as a signed-in user reads them: their organisation and roles, as the sign-in claims carry them.
    private static async Task<ClaimsPrincipal?> UserAsync(BeaconDbContext system, string email, CancellationToken ct)
    {
        var found = await system.Users.AsNoTracking().Include(u => u.Organisation).SingleOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), ct);
        if (found?.Organisation is not { } organisation)
        {
            return null;
        }

        var roles = await system.UserRoles.Where(ur => ur.UserId == found.Id).Join(system.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToListAsync(ct);
        return new ClaimsPrincipal(new ClaimsIdentity(
        [
            new(ClaimTypes.NameIdentifier, found.Id.ToString()),
            new(ClaimTypes.Name, found.Email ?? email),
            new(BeaconClaims.OrganisationId, organisation.Id.ToString()),
            new(BeaconClaims.OrganisationCode, organisation.Code),
            new(BeaconClaims.OrganisationKind, organisation.Kind.ToString()),
            .. roles.Select(r => new Claim(ClaimTypes.Role, r)),
        ], "benchmark"));
    }

    private static Task TimeAsync<T>(CliCommands cli, string name, Func<IQueryable<T>> query, SortKeys<T> sorts, int pageSize, int runs, CancellationToken ct) =>
        TimeAsync(cli, name, query, rows => rows, sorts, pageSize, runs, ct);

    // A list whose total counts its chosen rows and whose page shows them (SortKeys.PageAsync with a projection).
    private static Task TimeAsync<TRow, T>(CliCommands cli, string name, Func<IQueryable<TRow>> query, Func<IQueryable<TRow>, IQueryable<T>> show, SortKeys<T> sorts, int pageSize, int runs, CancellationToken ct) =>
        TimeAsync(cli, name, sorts.Keys, async request => await sorts.PageAsync(query(), show, request, pageSize, ct), runs, ct);

    // Any list's first page, as its feature pages it, under each sort key both ways.
    private static async Task TimeAsync(CliCommands cli, string name, IEnumerable<string> keys, Func<ListRequest, Task<IListPage>> read, int runs, CancellationToken ct)
    {
        foreach (var key in keys)
        {
            foreach (var dir in new[] { "asc", "desc" })
            {
                var request = new ListRequest(1, key, dir);
                var page = await read(request); // warm-up
                var times = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await read(request);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }

                times.Sort();
                await cli.Output.WriteLineAsync($"{name}\t{key} {dir}\t{page.Total:N0}\t{times[times.Count / 2]:F0}\t{times[^1]:F0}");
            }
        }
    }
}
