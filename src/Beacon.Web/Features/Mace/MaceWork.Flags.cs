using Beacon.Domain.Missing;
using Beacon.Web.Features.Shared;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Mace;

public sealed record FlagInput(string? Kind, string? Detail, string? SourceAgency, string? RecordedOn);

// Partner flags on a child (issue #5 §3).
public sealed partial class MaceWork
{
    public async Task<IReadOnlyList<FieldError>> AddFlagAsync(Guid childId, FlagInput input, CancellationToken cancellationToken = default)
    {
        if (!await db.Children.AnyAsync(c => c.Id == childId, cancellationToken))
        {
            return [new FieldError("child", "The child was not found.")];
        }

        var errors = new List<FieldError>();
        if (input.Kind is null || !MaceVocabulary.FlagKinds.ContainsKey(input.Kind))
        {
            errors.Add(new FieldError("Kind", "Select what the partner holds"));
        }

        Text(errors, "SourceAgency", input.SourceAgency, 200, "the agency that holds it", required: true);
        Text(errors, "Detail", input.Detail, 1000, "details", required: false);
        var recorded = FormDates.Parse(input.RecordedOn);
        if (recorded is null || recorded > Today || recorded < Today.PlusYears(-25))
        {
            errors.Add(new FieldError("RecordedOn", "Enter the date the partner recorded it, like 21/11/2026, not in the future"));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        db.ChildFlags.Add(new ChildFlag
        {
            Id = Guid.NewGuid(),
            ChildId = childId,
            Kind = input.Kind!,
            Detail = Blank(input.Detail),
            SourceAgency = input.SourceAgency!.Trim(),
            RecordedOn = recorded!.Value,
            RecordedBy = Who,
            CreatedAt = clock.GetCurrentInstant(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }
}
