using Beacon.Domain.Identifiers;
using Beacon.Domain.Missing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Features.SpotPurchase;

/// <summary>A council's request for an RHI for its own child placed outside the area.</summary>
public sealed record SpotPurchaseRequest(string? GivenName, string? FamilyName, string? DateOfBirth, string? Gender, string? NhsNumber, string? CouncilChildId, string? PlacedIn, string? ReturnedAt, string? Notes);

/// <summary>
/// Spot purchase (issue #3): a council of the partnership buys an RHI from the provider for its own child placed outside
/// the area. There is no notification from this area's police, so it is an RHI without episodes, flagged as a spot
/// purchase (and so outside the area's missing return). The child is the council's (responsible and host authority,
/// recorded against the council's own area); an existing child is reused when the NHS number or the council's child id
/// matches. The RHI then follows the normal pathway, and its summary is shared with the council.
/// </summary>
public sealed class SpotPurchases(BeaconDbContext db, CurrentActor actor, IClock clock)
{
    public async Task<(Guid? InterviewId, IReadOnlyList<FieldError> Errors)> RequestAsync(SpotPurchaseRequest request, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        var now = clock.GetCurrentInstant();
        var council = await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == actor.OrganisationId, cancellationToken);
        var area = council is null ? null : await db.Areas.AsNoTracking().FirstOrDefaultAsync(a => a.AuthorityId == council.Id && (a.Kind == "county" || a.Kind == "unitary"), cancellationToken);
        if (area is null)
        {
            return (null, [new FieldError("GivenName", "Only a council of this partnership can spot-purchase a return interview")]);
        }

        string? Required(string field, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Trim().Length > max)
            {
                errors.Add(new FieldError(field, $"Enter the {label} (up to {max} characters)"));
                return null;
            }

            return value.Trim();
        }

        var given = Required("GivenName", request.GivenName, "child's given name", 100);
        var family = Required("FamilyName", request.FamilyName, "child's family name", 100);
        var placedIn = Required("PlacedIn", request.PlacedIn, "place or council where the child is placed", 200);
        var born = DateEntry.Parse(request.DateOfBirth);
        if (born is null)
        {
            errors.Add(new FieldError("DateOfBirth", string.IsNullOrWhiteSpace(request.DateOfBirth) ? "Enter the date of birth" : $"The date of birth must be a real date, {DateEntry.Example}"));
        }

        var gender = string.IsNullOrWhiteSpace(request.Gender) ? null : Codes.Gender.Parse(request.Gender);
        if (gender is null)
        {
            errors.Add(new FieldError("Gender", "Select the child's gender"));
        }

        var nhs = string.IsNullOrWhiteSpace(request.NhsNumber) ? null : NhsNumber.Normalise(request.NhsNumber);
        if (!string.IsNullOrWhiteSpace(request.NhsNumber) && nhs is null)
        {
            errors.Add(new FieldError("NhsNumber", "The NHS number must be 10 digits with a valid check digit, or left blank"));
        }

        var councilId = string.IsNullOrWhiteSpace(request.CouncilChildId) ? null : request.CouncilChildId.Trim();
        if (councilId is not null && (councilId.Length > 20 || !councilId.All(char.IsAsciiLetterOrDigit)))
        {
            errors.Add(new FieldError("CouncilChildId", "The council's child id must be up to 20 letters and numbers"));
        }

        var returned = UkTime.Parse(request.ReturnedAt);
        if (returned is null || returned > now + Duration.FromMinutes(5))
        {
            errors.Add(new FieldError("ReturnedAt", "Enter when the child returned, in UK time like 21/11/2026 14:30, not in the future"));
        }

        if (born is { } b && returned is { } r && !ChildAge.IsUnder18OnInstant(b, r))
        {
            errors.Add(new FieldError("DateOfBirth", "The child must be under 18 when they returned"));
        }

        if (request.Notes?.Length > 2000)
        {
            errors.Add(new FieldError("Notes", "Notes must be 2,000 characters or fewer"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var child = await db.Children.FirstOrDefaultAsync(c => c.MergedIntoId == null && c.ResponsibleAuthorityId == council!.Id
            && ((nhs != null && c.NhsNumber == nhs) || (councilId != null && c.LocalAuthorityChildId == councilId)), cancellationToken);
        if (child is null)
        {
            child = new Child
            {
                Id = Guid.NewGuid(),
                Reference = RecordReferences.New("BCN"),
                GivenName = given!,
                FamilyName = family!,
                DateOfBirth = born!.Value,
                Gender = gender!,
                NhsNumber = nhs,
                LocalAuthorityChildId = councilId,
                HostDistrictCode = area.GssCode,
                HostAuthorityId = council!.Id,
                ResponsibleAuthorityId = council.Id,
                LivingSituation = "LA_CARE",
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Children.Add(child);
        }

        var interview = new ReturnInterview
        {
            Id = Guid.NewGuid(),
            ChildId = child.Id,
            Reference = RecordReferences.New("RHI"),
            Status = RhiStatus.AwaitingOffer,
            FirstReturnedAt = returned!.Value,
            DueAt = ReturnInterviewRules.OfferDueAt(returned.Value),
            IsSpotPurchase = true,
            PurchasedById = council!.Id,
            OutcomeNote = $"Spot purchase by {council!.Name}: child placed in {placedIn}.{(string.IsNullOrWhiteSpace(request.Notes) ? string.Empty : $" {request.Notes.Trim()}")}",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ReturnInterviews.Add(interview);
        await db.SaveChangesAsync(cancellationToken);
        return (interview.Id, []);
    }
}
