using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.Missing;

/// <summary>The duty form: the same validation and intake as the API and imports; times are entered in UK time.</summary>
public sealed class NewNotificationModel(BeaconDbContext db, NotificationIntake intake, IClock clock) : PageModel
{
    private static readonly IReadOnlyDictionary<string, string> Unchosen = new Dictionary<string, string>
    {
        ["gender"] = "Select the child's gender",
        ["district_code"] = "Select the district where the child lives",
        ["living_situation"] = "Select where the child lives",
        ["missing_or_absent"] = "Select missing or absent",
        ["police_risk"] = "Select the police risk grading",
    };

    public NotificationInput Input { get; private set; } = new();

    public IReadOnlyList<Area> Districts { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Forces { get; private set; } = new Dictionary<string, string>();

    public string? Force { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input = new NotificationInput { NotifiedAt = UkTime.FormInput(clock.GetCurrentInstant()) };
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var f = Request.Form;
        string? Time(string name) => UkTime.Parse(f[name]) is { } instant ? OffsetDateTimePattern.ExtendedIso.Format(instant.WithOffset(Offset.Zero)) : (string?)f[name];
        Input = NotificationInput.FromColumns(name => f[name]);
        var forValidation = Input with
        {
            ReportedMissingAt = Time("reported_missing_at"),
            ReturnedAt = Time("returned_at"),
            PreventionInterviewAt = Time("prevention_interview_at"),
            NotifiedAt = Time("notified_at"),
        };
        var (command, errors) = NotificationValidator.Validate(forValidation, await NotificationReferenceData.LoadAsync(db, cancellationToken), clock.GetCurrentInstant());
        // A form asks for an answer: a choice left empty says "Select", even where a file's blank has a meaning.
        var unanswered = Unchosen.Where(c => string.IsNullOrWhiteSpace(f[c.Key])).ToList();
        errors = [.. errors.Where(e => !unanswered.Any(c => c.Key == e.Field)), .. unanswered.Select(c => new FieldError(c.Key, c.Value))];
        if (unanswered.Count > 0)
        {
            command = null;
        }

        Force = f[NotifyingForceChoice.Field];
        var (force, forceError) = await NotifyingForceChoice.ResolveAsync(User, db, Force, cancellationToken);
        if (command is null || forceError is not null)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(error.Field, error.Message.Replace("a date and time with its offset, like 2026-11-20T21:15:00+00:00", "a UK date and time, like 21/11/2026 14:30"));
            }

            if (forceError is not null)
            {
                ModelState.AddModelError(NotifyingForceChoice.Field, forceError);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        var result = (await intake.ReceiveAsync([command!], "form", force, cancellationToken))[0];
        if (result.Outcome == IntakeOutcome.Conflict)
        {
            ModelState.AddModelError("police_reference", $"A notification with this police reference was already received with different details ({string.Join(", ", result.Differences.Select(d => d.Field))}). Nothing was saved.");
            await LoadAsync(cancellationToken);
            return Page();
        }

        return result.ReturnInterviewId is { } rhi ? Redirect($"/return-interviews/{rhi}") : Redirect($"/children/{result.ChildId}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Districts = await db.Areas.AsNoTracking().Where(a => a.Kind != "county").OrderBy(a => a.Name).ToListAsync(cancellationToken);
        Forces = await NotifyingForceChoice.OptionsAsync(User, db, cancellationToken);
    }
}
