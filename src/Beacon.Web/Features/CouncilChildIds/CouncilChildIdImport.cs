using Beacon.Domain.Identifiers;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Time;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.CouncilChildIds;

/// <summary>A council child id row that passed validation.</summary>
public sealed record CouncilChildIdRow(string Id, string? NhsNumber, string? GivenName, string? FamilyName, LocalDate? DateOfBirth);

/// <summary>
/// A council's list of its own child ids (issue #17 §5), so the SSDA903 return has a CHILD id for every looked-after
/// child: <c>beacon import council-child-ids FILE --authority 860</c> or the upload page. Read with the other imports'
/// conventions (<see cref="CsvImporter"/>: header row in any order, dates as <see cref="DateEntry"/> reads them, each
/// bad row reported by line, column and reason and written to a file to fix). Each row is matched ONLY among the current
/// children that council is responsible for — by NHS number first, then by exact name (ignoring case) and date of birth —
/// and nothing is guessed: no match, several matches, a clash with another child's id or another row is reported and
/// not applied, the rest are. The same file again changes nothing; a changed id is audited on the child, old and new.
/// </summary>
public sealed class CouncilChildIdImport(BeaconDbContext db, AuditLog audit)
{
    /// <summary>The <see cref="Missing.ImportRun.Kind"/> of an uploaded council child id file.</summary>
    public const string Kind = "council-child-ids";

    public static readonly string[] Columns = ["local_authority_child_id", "nhs_number", "given_name", "family_name", "date_of_birth"];

    public const string NotFound = "No child your council is responsible for has this NHS number, or this name and date of birth";

    public async Task<ImportReport> ImportAsync(Stream csv, TextWriter rejected, Guid authorityId, string via, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var givenIds = new Dictionary<string, Guid>(StringComparer.Ordinal); // id → the child a row of this file gave it to
        var givenChildren = new Dictionary<Guid, string>();                   // child → the id a row of this file gave it
        return await CsvImporter.RunAsync<CouncilChildIdRow>(csv, rejected, Columns, Validate,
            (batch, ct) => SaveAsync(batch, authorityId, via, givenIds, givenChildren, ct), 500, progress, cancellationToken);
    }

    public static (CouncilChildIdRow? Row, IReadOnlyList<FieldError> Errors) Validate(Func<string, string?> value)
    {
        var errors = new List<FieldError>();
        string? Get(string column) => string.IsNullOrWhiteSpace(value(column)) ? null : value(column)!.Trim();
        var id = CouncilChildIdRules.Normalise(Get("local_authority_child_id"), out var idError);
        if (idError is not null || id is null)
        {
            errors.Add(new FieldError("local_authority_child_id", idError ?? "Enter the council's child id"));
        }

        var nhs = NhsNumber.Normalise(Get("nhs_number"));
        if (Get("nhs_number") is not null && nhs is null)
        {
            errors.Add(new FieldError("nhs_number", "The NHS number must be 10 digits with a valid check digit, or left blank"));
        }

        var given = Get("given_name");
        var family = Get("family_name");
        foreach (var (column, name) in new[] { ("given_name", given), ("family_name", family) })
        {
            if (name is not null && (name.Length > 100 || name.Any(char.IsControl)))
            {
                errors.Add(new FieldError(column, "A name must be 100 characters or fewer, without control characters"));
            }
        }

        var dob = DateEntry.Parse(Get("date_of_birth"));
        if (Get("date_of_birth") is not null && dob is null)
        {
            errors.Add(new FieldError("date_of_birth", $"Enter the date of birth as a real date, {DateEntry.Example}"));
        }

        if (Get("nhs_number") is null && (given is null || family is null || Get("date_of_birth") is null))
        {
            errors.Add(new FieldError("nhs_number", "Give the NHS number, or the given name, family name and date of birth, to find the child"));
        }

        return errors.Count > 0 ? (null, errors) : (new CouncilChildIdRow(id!, nhs, given, family, dob), errors);
    }

    private async Task<IReadOnlyList<(RowResult Result, IReadOnlyList<FieldError> Errors)>> SaveAsync(IReadOnlyList<CouncilChildIdRow> batch, Guid authorityId,
        string via, Dictionary<string, Guid> givenIds, Dictionary<Guid, string> givenChildren, CancellationToken cancellationToken)
    {
        // Only the current children this council is responsible for: never another council's, whatever the reader may see.
        var council = db.Children.Where(c => c.ResponsibleAuthorityId == authorityId && c.MergedIntoId == null);
        var nhsNumbers = batch.Where(r => r.NhsNumber is not null).Select(r => r.NhsNumber!).Distinct().ToList();
        var births = batch.Where(r => r.DateOfBirth is not null).Select(r => r.DateOfBirth!.Value).Distinct().ToList();
        var ids = batch.Select(r => r.Id).Distinct().ToList();
        var candidates = await council.Where(c => (c.NhsNumber != null && EF.Parameter(nhsNumbers).Contains(c.NhsNumber)) || EF.Parameter(births).Contains(c.DateOfBirth)).ToListAsync(cancellationToken);
        var holders = (await council.Where(c => c.LocalAuthorityChildId != null && EF.Parameter(ids).Contains(c.LocalAuthorityChildId)).ToListAsync(cancellationToken))
            .Concat(candidates).DistinctBy(c => c.Id).Where(c => c.LocalAuthorityChildId is not null)
            .GroupBy(c => c.LocalAuthorityChildId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var results = new List<(RowResult, IReadOnlyList<FieldError>)>(batch.Count);
        var changes = new List<(Guid Child, string? Old, string New)>();
        foreach (var row in batch)
        {
            var (child, problem) = Match(row, candidates);
            if (child is null)
            {
                results.Add((RowResult.Rejected, [problem!]));
                continue;
            }

            if (givenChildren.TryGetValue(child.Id, out var earlier) && earlier != row.Id)
            {
                results.Add((RowResult.Rejected, [new FieldError("local_authority_child_id", $"Another row of this file gives this child the id {earlier}")]));
                continue;
            }

            if (givenIds.TryGetValue(row.Id, out var other) && other != child.Id)
            {
                results.Add((RowResult.Rejected, [new FieldError("local_authority_child_id", "Another row of this file gives this id to a different child")]));
                continue;
            }

            if (holders.TryGetValue(row.Id, out var holder) && holder.Id != child.Id)
            {
                results.Add((RowResult.Rejected, [new FieldError("local_authority_child_id", CouncilChildIdRules.TakenMessage(holder.Reference))]));
                continue;
            }

            givenChildren[child.Id] = row.Id;
            givenIds[row.Id] = child.Id;
            if (child.LocalAuthorityChildId == row.Id)
            {
                results.Add((RowResult.Unchanged, []));
                continue;
            }

            var old = child.LocalAuthorityChildId;
            if (old is not null)
            {
                holders.Remove(old);
            }

            child.LocalAuthorityChildId = row.Id;
            holders[row.Id] = child;
            changes.Add((child.Id, old, row.Id));
            results.Add((old is null ? RowResult.Created : RowResult.Updated, []));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (child, old, now) in changes)
        {
            await CouncilChildIdRules.AuditChangeAsync(audit, child, old, now, via, cancellationToken);
        }

        db.ChangeTracker.Clear();
        return results;
    }

    /// <summary>The one child a row means, or why there is none: NHS number first (a child recorded with a different
    /// NHS number is never matched by name), then exact name and date of birth.</summary>
    private static (Child? Child, FieldError? Problem) Match(CouncilChildIdRow row, IReadOnlyList<Child> candidates)
    {
        if (row.NhsNumber is { } nhs)
        {
            var byNhs = candidates.Where(c => c.NhsNumber == nhs).ToList();
            if (byNhs.Count > 1)
            {
                return (null, new FieldError("nhs_number", $"{byNhs.Count} of your council's children have this NHS number: record the id on the right child's page"));
            }

            if (byNhs.Count == 1)
            {
                return row.DateOfBirth is { } dob && byNhs[0].DateOfBirth != dob
                    ? (null, new FieldError("date_of_birth", "The child with this NHS number has a different date of birth in Beacon: check the row"))
                    : (byNhs[0], null);
            }
        }

        if (row.GivenName is null || row.FamilyName is null || row.DateOfBirth is null)
        {
            return (null, new FieldError("nhs_number", NotFound));
        }

        var byName = candidates.Where(c => c.DateOfBirth == row.DateOfBirth && (row.NhsNumber is null || c.NhsNumber is null)
            && string.Equals(c.GivenName.Trim(), row.GivenName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(c.FamilyName.Trim(), row.FamilyName, StringComparison.OrdinalIgnoreCase)).ToList();
        return byName.Count switch
        {
            1 => (byName[0], null),
            0 => (null, new FieldError(row.NhsNumber is null ? "given_name" : "nhs_number", NotFound)),
            _ => (null, new FieldError("given_name", $"{byName.Count} of your council's children have this name and date of birth: add the NHS number, or record the id on the right child's page")),
        };
    }
}
