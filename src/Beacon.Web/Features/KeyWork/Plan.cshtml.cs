using Beacon.Domain.Exploitation;
using Beacon.Domain.Missing;
using Beacon.Web.Features.Exploitation;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.KeyWork;

/// <summary>Key work on one referral (issue #5 §4): key worker, kind of work and plan goals; sessions; closure with a
/// recorded reason (and a transition plan at 18). Provider caseworkers; every view audited.</summary>
[Authorize(Policy = Policies.ProviderCasework)]
public sealed class PlanModel(BeaconDbContext db, KeyWorkService work, RecordOpener opener, IClock clock) : PageModel
{
    public Referral? Item { get; private set; }

    public IReadOnlyList<KeyWorkSession> Sessions { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Workers { get; private set; } = [];

    public int Age { get; private set; }

    public bool NeedsTransitionPlan { get; private set; }

    [BindProperty]
    public string? KeyWorkerId { get; set; }

    [BindProperty]
    public string? WorkType { get; set; }

    [BindProperty]
    public string? PlanGoals { get; set; }

    [BindProperty]
    public int Version { get; set; }

    [BindProperty]
    public string? HeldOn { get; set; }

    [BindProperty]
    public string? SessionWorkType { get; set; }

    [BindProperty]
    public string? Minutes { get; set; }

    [BindProperty]
    public string? Notes { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? ClosingLevel { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? TransitionPlan { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        (KeyWorkerId, WorkType, PlanGoals) = (Item!.KeyWorkerId?.ToString(), Item.WorkType, Item.PlanGoals);
        HeldOn = ChildAge.DateOf(clock.GetCurrentInstant()).ToString("d/M/yyyy", null);
        SessionWorkType = Item.WorkType;
        return Page();
    }

    public Task<IActionResult> OnPostPlanAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.SavePlanAsync(id, new PlanInput(KeyWorkerId, WorkType, PlanGoals, Version), cancellationToken), "plan", cancellationToken);

    public Task<IActionResult> OnPostSessionAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.RecordSessionAsync(id, new SessionInput(HeldOn, SessionWorkType, Minutes, Notes), cancellationToken), "sessions", cancellationToken);

    public Task<IActionResult> OnPostCloseAsync(Guid id, CancellationToken cancellationToken) =>
        ResultAsync(id, () => work.CloseAsync(id, new ClosureInput(Reason, ClosingLevel, Note, TransitionPlan, Version), cancellationToken), "closure", cancellationToken);

    private async Task<IActionResult> ResultAsync(Guid id, Func<Task<IReadOnlyList<Infrastructure.Csv.FieldError>>> change, string anchor, CancellationToken cancellationToken) =>
        await this.AfterPostAsync(await change(), $"/referrals/{id}/key-work#{anchor}", () => LoadAsync(id, cancellationToken), "referral");

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Item = await opener.OpenAsync(db.Referrals.AsNoTracking().Include(r => r.Child), id, "KeyWork", r => $"{r.ChildId}/{id}", cancellationToken);
        if (Item is null)
        {
            return false;
        }

        var today = ChildAge.DateOf(clock.GetCurrentInstant());
        Age = ChildAge.YearsOn(Item.Child!.DateOfBirth, today);
        NeedsTransitionPlan = KeyWorkClosure.NeedsTransitionPlan(ClosureReason.Other, Item.Child.DateOfBirth, today);
        Sessions = await db.KeyWorkSessions.AsNoTracking().Where(s => s.ReferralId == id).OrderByDescending(s => s.HeldOn).ToListAsync(cancellationToken);
        Workers = await work.KeyWorkersAsync(cancellationToken);
        Version = Item.Version;
        return true;
    }
}
