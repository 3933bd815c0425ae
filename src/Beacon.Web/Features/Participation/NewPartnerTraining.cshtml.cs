using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Beacon.Web.Features.Participation;

/// <summary>Records a briefing or training session delivered to partners (issue #20 §6). The provider's caseworkers and
/// mentor coordinators.</summary>
[Authorize(Policy = Policies.Participation)]
public sealed class NewPartnerTrainingModel(PartnerTrainingWork work, ParticipationPeople people) : PageModel
{
    [BindProperty] public string? DeliveredOn { get; set; }
    [BindProperty] public string? Topic { get; set; }
    [BindProperty] public List<string> DeliveredBy { get; set; } = [];
    /// <summary>The numbers typed, by agency code, read from the form's <c>Attending[CODE]</c> fields (not model-bound:
    /// with no such field the dictionary binder would take every other field of the form instead).</summary>
    public Dictionary<string, string?> Attending { get; private set; } = [];

    public IReadOnlyList<Deliverer> People { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => People = await people.ChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Attending = Request.Form.Where(f => f.Key.StartsWith("Attending[", StringComparison.Ordinal) && f.Key.EndsWith(']'))
            .ToDictionary(f => f.Key["Attending[".Length..^1], f => (string?)f.Value.ToString());
        // A number that cannot be read is passed as -1, which the service refuses with the field's message.
        var numbers = Attending.Where(a => !string.IsNullOrWhiteSpace(a.Value)).ToDictionary(a => a.Key, a => (int?)(int.TryParse(a.Value!.Trim(), out var n) ? n : -1));
        var (training, errors) = await work.RecordAsync(new NewPartnerTraining(FormDates.Parse(DeliveredOn), Topic, DeliveredBy, numbers), cancellationToken);
        if (training is null)
        {
            errors.AddTo(ModelState);
            People = await people.ChoicesAsync(cancellationToken);
            return Page();
        }

        return Redirect("/partner-training");
    }
}
