using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Csv;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Features.Participation;

/// <summary>What a member of staff records about a briefing or training session delivered to partners (issue #20 §6):
/// <see cref="DeliveredBy"/> are <see cref="Deliverer"/> keys, <see cref="Attending"/> the number attending per
/// <see cref="Codes.PartnerAgency"/> code (agencies not in the audience left out or 0).</summary>
public sealed record NewPartnerTraining(LocalDate? DeliveredOn, string? Topic, IReadOnlyCollection<string> DeliveredBy, IReadOnlyDictionary<string, int?> Attending);

/// <summary>A session as the list shows it: who delivered it and the audience by agency.</summary>
public sealed record PartnerTrainingView(PartnerTraining Training, IReadOnlyList<Deliverer> DeliveredBy, IReadOnlyList<PartnerTrainingAudience> Audience)
{
    public int Attendees => Audience.Sum(a => a.Attending);
}

/// <summary>Briefings and training delivered to partners (issue #20 §6): recording a session and the list. No child's
/// data; recording is audited.</summary>
public sealed class PartnerTrainingWork(BeaconDbContext db, ParticipationPeople people, AuditLog audit, CurrentActor actor, IClock clock)
{
    public LocalDate Today => clock.GetCurrentInstant().InZone(Beacon.Domain.Missing.ChildAge.London).Date;

    public async Task<(PartnerTraining? Training, IReadOnlyList<FieldError> Errors)> RecordAsync(NewPartnerTraining input, CancellationToken cancellationToken = default)
    {
        var errors = new List<FieldError>();
        if (input.DeliveredOn is null || input.DeliveredOn > Today)
        {
            errors.Add(new("DeliveredOn", "Enter the date it was delivered, today or earlier"));
        }

        if (string.IsNullOrWhiteSpace(input.Topic) || input.Topic.Trim().Length > 500)
        {
            errors.Add(new("Topic", "Enter the topic, in 500 characters or fewer"));
        }

        var (deliverers, delivererError) = ParticipationPeople.Chosen(input.DeliveredBy, await people.ChoicesAsync(cancellationToken), "delivered it");
        if (delivererError is not null)
        {
            errors.Add(new("DeliveredBy", delivererError));
        }

        foreach (var (agency, number) in input.Attending)
        {
            if (!Codes.PartnerAgency.ContainsKey(agency) || number is < 0 or > 10_000)
            {
                errors.Add(new($"Attending-{agency}", $"Enter how many attended from {CodeList.InSentence(Codes.PartnerAgency.Label(agency))} as a number, or leave it blank"));
            }
        }

        var audience = input.Attending.Where(a => Codes.PartnerAgency.ContainsKey(a.Key) && a.Value > 0).ToList();
        if (errors.Count == 0 && audience.Count == 0)
        {
            errors.Add(new($"Attending-{Codes.PartnerAgency.Keys.First()}", "Enter how many attended from at least one agency"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var training = new PartnerTraining
        {
            Id = Guid.NewGuid(),
            DeliveredOn = input.DeliveredOn!.Value,
            Topic = input.Topic!.Trim(),
            RecordedBy = actor.UserName,
            RecordedAt = clock.GetCurrentInstant(),
        };
        db.Set<PartnerTraining>().Add(training);
        db.Set<PartnerTrainingDeliverer>().AddRange(deliverers.Select(d => new PartnerTrainingDeliverer { Id = Guid.NewGuid(), TrainingId = training.Id, UserId = d.UserId, MentorId = d.MentorId }));
        db.Set<PartnerTrainingAudience>().AddRange(audience.Select(a => new PartnerTrainingAudience { Id = Guid.NewGuid(), TrainingId = training.Id, Agency = a.Key, Attending = a.Value!.Value }));
        await audit.RecordAsync("create", nameof(PartnerTraining), training.Id.ToString(), cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (training, []);
    }

    /// <summary>Sessions, latest first (up to 500), with who delivered them and their audience.</summary>
    public async Task<IReadOnlyList<PartnerTrainingView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var sessions = await db.Set<PartnerTraining>().AsNoTracking().OrderByDescending(t => t.DeliveredOn).ThenByDescending(t => t.RecordedAt).Take(500).ToListAsync(cancellationToken);
        var ids = sessions.Select(t => t.Id).ToList();
        var audiences = (await db.Set<PartnerTrainingAudience>().AsNoTracking().Where(a => ids.Contains(a.TrainingId)).ToListAsync(cancellationToken)).ToLookup(a => a.TrainingId);
        var deliverers = (await db.Set<PartnerTrainingDeliverer>().AsNoTracking().Where(d => ids.Contains(d.TrainingId)).ToListAsync(cancellationToken)).ToLookup(d => d.TrainingId);
        var names = (await people.NamesAsync([.. deliverers.SelectMany(g => g).Select(d => (d.UserId, d.MentorId)).Distinct()], cancellationToken)).ToDictionary(d => d.Key);
        return [.. sessions.Select(t => new PartnerTrainingView(t,
            [.. deliverers[t.Id].Select(d => d.UserId is { } u ? $"user:{u}" : $"mentor:{d.MentorId}").Where(names.ContainsKey).Select(k => names[k])],
            [.. audiences[t.Id].OrderBy(a => Codes.PartnerAgency.Keys.ToList().IndexOf(a.Agency))]))];
    }
}
