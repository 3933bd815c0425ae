using System.Security.Claims;
using Beacon.Domain.Access;
using Beacon.Domain.Reporting;
using Beacon.Web.Features.Home;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features;

/// <summary>The signed-in user's home page: their work today (issue #17 §1), by role, each count linking to its list.</summary>
public sealed class HomeModel(BeaconDbContext db, CurrentActor actor, WorkToday work) : PageModel
{
    public string DisplayName { get; private set; } = string.Empty;

    public string OrganisationName { get; private set; } = string.Empty;

    public bool CanSeeChildren { get; private set; }

    public IReadOnlyList<WorkCount> Counts { get; private set; } = [];

    public IReadOnlyList<(WorkCount Count, LocalDate? NextMeeting)> Agendas { get; private set; } = [];

    public IReadOnlyList<WorkerCount> ByWorker { get; private set; } = [];

    public (ReportingPeriod This, ReportingPeriod Last, IReadOnlyList<Headline> Figures)? Headlines { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        DisplayName = User.FindFirstValue(BeaconClaims.DisplayName) ?? string.Empty;
        var organisationId = actor.OrganisationId;
        OrganisationName = await db.Organisations.Where(o => o.Id == organisationId).Select(o => o.Name).SingleOrDefaultAsync(cancellationToken) ?? string.Empty;
        CanSeeChildren = actor.Scope.Kind != ScopeKind.None;
        if (Policies.IsProviderCaseworker(User))
        {
            Counts = await work.ProviderCountsAsync(cancellationToken);
            Agendas = await work.PanelAgendasAsync(cancellationToken);
            ByWorker = WorkToday.IsManager(User) ? await work.ByWorkerAsync(cancellationToken) : [];
        }
        else if (Policies.IsCouncilCaseworker(User))
        {
            Counts = await work.CouncilCountsAsync(cancellationToken);
        }
        else if (actor.Scope.Kind == ScopeKind.PoliceForce)
        {
            Counts = [await work.NewSummariesAsync(cancellationToken)]; // summaries of the force's children come to it too
        }

        if (actor.Scope.Kind is ScopeKind.AllChildren or ScopeKind.Authority or ScopeKind.PoliceForce)
        {
            Counts = [.. Counts, await work.PlanActionsAsync(cancellationToken)]; // issue #19 §2: the owner's overdue plan actions
        }

        if (WorkToday.SeesHeadlines(User))
        {
            Headlines = await work.HeadlinesAsync(cancellationToken);
        }
    }
}
