using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Domain.Missing;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>Police notifications through the API (issue #3 §1–3), on each database.</summary>
public abstract class NotificationTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task A_new_notification_creates_a_child_an_episode_and_an_rhi_due_72_hours_after_the_return()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        var response = await police.PostAsJsonAsync("/api/v1/notifications", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("new_child").GetBoolean());
        var rhiId = result.GetProperty("return_interview_id").GetGuid();
        var rhi = await App.WithDb(db => db.ReturnInterviews.SingleAsync(r => r.Id == rhiId));
        Assert.Equal(RhiStatus.AwaitingOffer, rhi.Status);
        var returned = NodaTime.Text.OffsetDateTimePattern.ExtendedIso.Parse(body["returned_at"]!).Value.ToInstant();
        Assert.Equal(returned + NodaTime.Duration.FromHours(72), rhi.DueAt);
        Assert.Equal(response.Headers.Location!.OriginalString, $"/api/v1/notifications/{result.GetProperty("episode_id").GetGuid()}");
    }

    [Fact]
    public async Task The_same_notification_again_returns_the_existing_record_and_creates_nothing()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        var first = await (await police.PostAsJsonAsync("/api/v1/notifications", body)).Content.ReadFromJsonAsync<JsonElement>();
        var counts = await Counts();
        var again = await police.PostAsJsonAsync("/api/v1/notifications", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("episode_id").GetGuid(), second.GetProperty("episode_id").GetGuid());
        Assert.Equal("unchanged", second.GetProperty("outcome").GetString());
        Assert.Equal(counts, await Counts());
    }

    [Fact]
    public async Task A_conflicting_resend_is_a_409_listing_the_differences_and_changes_nothing()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        await police.PostAsJsonAsync("/api/v1/notifications", body);
        var counts = await Counts();
        var changed = new Dictionary<string, string?>(body) { ["police_risk"] = "HIGH", ["given_name"] = "Robin" };
        var response = await police.PostAsJsonAsync("/api/v1/notifications", changed);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var differences = problem.GetProperty("differences").EnumerateArray().ToDictionary(d => d.GetProperty("field").GetString()!, d => d.GetProperty("received").GetString());
        Assert.Equal(["given_name", "police_risk"], differences.Keys.Order());
        Assert.Equal("HIGH", differences["police_risk"]);
        Assert.Equal(counts, await Counts());
        var stored = await App.WithDb(db => db.Episodes.SingleAsync(e => e.PoliceReference == body["police_reference"]));
        Assert.Equal("MEDIUM", stored.PoliceRisk);
    }

    [Fact]
    public async Task A_resend_that_only_adds_the_return_updates_the_episode_and_opens_the_rhi()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        var stillMissing = new Dictionary<string, string?>(body) { ["returned_at"] = null, ["prevention_interview_at"] = null };
        var first = await (await police.PostAsJsonAsync("/api/v1/notifications", stillMissing)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, first.GetProperty("return_interview_id").ValueKind);
        var back = await police.PostAsJsonAsync("/api/v1/notifications", body);
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        var result = await back.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("updated", result.GetProperty("outcome").GetString());
        Assert.NotEqual(JsonValueKind.Null, result.GetProperty("return_interview_id").ValueKind);
    }

    [Fact]
    public async Task Episodes_join_the_child_by_police_person_id_then_nhs_number_and_share_the_open_rhi()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var first = Notifications.Valid();
        first["nhs_number"] = "9434765919";
        var a = await (await police.PostAsJsonAsync("/api/v1/notifications", first)).Content.ReadFromJsonAsync<JsonElement>();
        var byPerson = Notifications.Valid(personId: first["police_person_id"]);
        var b = await (await police.PostAsJsonAsync("/api/v1/notifications", byPerson)).Content.ReadFromJsonAsync<JsonElement>();
        var byNhs = Notifications.Valid();
        byNhs["nhs_number"] = "943 476 5919";
        var c = await (await police.PostAsJsonAsync("/api/v1/notifications", byNhs)).Content.ReadFromJsonAsync<JsonElement>();
        var child = a.GetProperty("child_id").GetGuid();
        Assert.Equal(child, b.GetProperty("child_id").GetGuid());
        Assert.Equal(child, c.GetProperty("child_id").GetGuid());
        Assert.False(b.GetProperty("new_child").GetBoolean());
        var rhi = a.GetProperty("return_interview_id").GetGuid();
        Assert.Equal(rhi, b.GetProperty("return_interview_id").GetGuid());
        Assert.Equal(3, await App.WithDb(db => db.Episodes.CountAsync(e => e.ReturnInterviewId == rhi)));
    }

    [Fact]
    public async Task A_similar_name_and_same_birthday_is_proposed_for_a_person_to_decide_never_merged()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var first = Notifications.Valid();
        var a = await (await police.PostAsJsonAsync("/api/v1/notifications", first)).Content.ReadFromJsonAsync<JsonElement>();
        var similar = Notifications.Valid();
        similar["family_name"] = first["family_name"]!.Replace("Testperson", "Testpersen");
        var b = await (await police.PostAsJsonAsync("/api/v1/notifications", similar)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(b.GetProperty("new_child").GetBoolean());
        Assert.NotEqual(a.GetProperty("child_id").GetGuid(), b.GetProperty("child_id").GetGuid());
        Assert.True(b.GetProperty("possible_matches").GetInt32() >= 1);
        var proposal = await App.WithDb(db => db.MatchProposals.SingleAsync(m => m.ChildId == b.GetProperty("child_id").GetGuid() && m.CandidateChildId == a.GetProperty("child_id").GetGuid()));
        Assert.Equal("open", proposal.Status);
    }

    [Fact]
    public async Task A_very_common_name_and_birthday_gets_at_most_ten_proposals()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var family = $"Commonname{Random.Shared.Next(1000, 9999)}";
        JsonElement last = default;
        for (var i = 0; i < 13; i++)
        {
            var body = Notifications.Valid();
            body["family_name"] = family;
            body["date_of_birth"] = "2009-01-01";
            last = await (await police.PostAsJsonAsync("/api/v1/notifications", body)).Content.ReadFromJsonAsync<JsonElement>();
        }

        Assert.Equal(Beacon.Web.Features.Missing.NotificationIntake.MaxProposalsPerChild, last.GetProperty("possible_matches").GetInt32());
        var child = last.GetProperty("child_id").GetGuid();
        Assert.Equal(10, await App.WithDb(db => db.MatchProposals.CountAsync(m => m.ChildId == child)));
    }

    [Fact]
    public async Task A_person_merges_a_proposed_duplicate_and_the_merge_can_be_undone_exactly()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var first = Notifications.Valid();
        first["date_of_birth"] = Notifications.RareBirthday();
        var existing = (await (await police.PostAsJsonAsync("/api/v1/notifications", first)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("child_id").GetGuid();
        var similar = Notifications.Valid();
        similar["family_name"] = first["family_name"]!.Replace("Testperson", "Tesperson");
        similar["date_of_birth"] = first["date_of_birth"];
        similar["nhs_number"] = Notifications.RandomNhsNumber(); // the existing record has none: the merge copies it across
        var created = await (await police.PostAsJsonAsync("/api/v1/notifications", similar)).Content.ReadFromJsonAsync<JsonElement>();
        var duplicate = created.GetProperty("child_id").GetGuid();
        var rhi = created.GetProperty("return_interview_id").GetGuid();
        var proposal = await App.WithDb(db => db.MatchProposals.SingleAsync(m => m.ChildId == duplicate && m.CandidateChildId == existing));

        // An exploitation referral was made on the duplicate record before anyone noticed: it moves with the merge.
        var referral = await App.WithDb(async db =>
        {
            var r = await ReferralAsync(db, duplicate, NodaTime.SystemClock.Instance.GetCurrentInstant());
            db.Referrals.Add(r);
            await db.SaveChangesAsync();
            return r.Id;
        });

        // So was exploitation casework: a partner's flag, a key-work session, a family member, a MACE disruption action
        // and a link on the association map. They follow the child, whoever merges (this practitioner is not on a panel).
        var (flag, session, member, action, link) = await App.WithDb(async db =>
        {
            var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
            var today = Beacon.Domain.Missing.ChildAge.DateOf(now);
            var f = new Beacon.Web.Features.Mace.ChildFlag { Id = Guid.NewGuid(), ChildId = duplicate, Kind = "SEND", SourceAgency = "School", RecordedOn = today, RecordedBy = "test" };
            var k = new Beacon.Web.Features.KeyWork.KeyWorkSession { Id = Guid.NewGuid(), ReferralId = referral, ChildId = duplicate, HeldOn = today, WorkType = "DIRECT_WORK", Minutes = 30, Notes = "Session.", RecordedBy = "test" };
            var m = new Beacon.Web.Features.KeyWork.FamilyMember { Id = Guid.NewGuid(), ChildId = duplicate, Name = "Pat Testparent", Relationship = "Mother" };
            var meeting = new Beacon.Web.Features.Mace.PanelMeeting { Id = Guid.NewGuid(), Panel = "Stafford", MeetingOn = today, Status = "held" };
            var a = new Beacon.Web.Features.Mace.DisruptionAction { Id = Guid.NewGuid(), MeetingId = meeting.Id, Panel = "Stafford", ChildId = duplicate, OwnerAgency = "Police", Description = "Visit", DueOn = today.PlusDays(30), Status = "open" };
            var adult = new Beacon.Web.Features.Mace.AdultOfConcern { Id = Guid.NewGuid(), Reference = $"AOC-{Guid.NewGuid():N}"[..14], Name = "Merge Synthetic", RecordedBy = "test" };
            var l = new Beacon.Web.Features.Mace.Association { Id = Guid.NewGuid(), FromSubject = $"child:{duplicate}", ToSubject = $"adult:{adult.Id}", LinkType = "exploited-by", ObservedOn = today, Source = "PANEL", Grading = "B2", RecordedBy = "test" };
            db.AddRange(f, k, m, meeting, a, adult, l);
            await db.SaveChangesAsync();
            return (f.Id, k.Id, m.Id, a.Id, l.Id);
        });
        async Task<(Guid, Guid, Guid, Guid?, string)> CaseworkOwners() => await App.WithDb(async db => (
            await db.ChildFlags.Where(x => x.Id == flag).Select(x => x.ChildId).SingleAsync(),
            await db.KeyWorkSessions.Where(x => x.Id == session).Select(x => x.ChildId).SingleAsync(),
            await db.FamilyMembers.Where(x => x.Id == member).Select(x => x.ChildId).SingleAsync(),
            await db.DisruptionActions.Where(x => x.Id == action).Select(x => x.ChildId).SingleAsync(),
            await db.Associations.Where(x => x.Id == link).Select(x => x.FromSubject).SingleAsync()));

        // And an outcome reading with its scores, a kind of record the merge moves without naming it.
        var takenOn = new NodaTime.LocalDate(2026, 11, 2);
        var (reading, score, planV1) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await App.WithDb(async db =>
        {
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeReading { Id = reading, ChildId = duplicate, TakenOn = takenOn, FrameworkVersion = 1, TakenBy = "test", Source = "recorded", RecordedAt = NodaTime.SystemClock.Instance.GetCurrentInstant() });
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeScore { Id = score, ReadingId = reading, ChildId = duplicate, Area = "SAFETY", Score = 6 });
            db.Add(new Beacon.Web.Features.SupportPlans.SafetyPlan { Id = planV1, ChildId = duplicate, Version = 1, IsCurrent = true, SavedBy = "test", SavedAt = NodaTime.SystemClock.Instance.GetCurrentInstant() });
            return await db.SaveChangesAsync();
        });
        async Task<(Guid, Guid)> OutcomeOwners() => await App.WithDb(async db => (
            await db.Set<Beacon.Web.Features.Outcomes.OutcomeReading>().Where(x => x.Id == reading).Select(x => x.ChildId).SingleAsync(),
            await db.Set<Beacon.Web.Features.Outcomes.OutcomeScore>().Where(x => x.Id == score).Select(x => x.ChildId).SingleAsync()));

        // The existing record has a reading the same day: one child has one a day, so the merge is refused, naming
        // why, and nothing moves. Once that reading is gone, it merges.
        var clash = Guid.CreateVersion7();
        await App.WithDb(async db =>
        {
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeReading { Id = clash, ChildId = existing, TakenOn = takenOn, FrameworkVersion = 1, TakenBy = "test", Source = "recorded", RecordedAt = NodaTime.SystemClock.Instance.GetCurrentInstant() });
            return await db.SaveChangesAsync();
        });
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var refused = await BeaconApp.PostFormAsync(practitioner, "/children/matches?handler=Merge", new() { ["id"] = proposal.Id.ToString() }, "/children/matches");
        Assert.Contains("Both records have an outcome reading taken on 2 November 2026", await refused.Content.ReadAsStringAsync());
        Assert.Null(await App.WithDb(db => db.Children.Where(c => c.Id == duplicate).Select(c => c.MergedIntoId).SingleAsync()));
        Assert.Equal(duplicate, await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == similar["police_reference"]).Select(e => e.ChildId).SingleAsync()));
        Assert.Equal((duplicate, duplicate), await OutcomeOwners());
        await App.WithDb(db => db.Set<Beacon.Web.Features.Outcomes.OutcomeReading>().Where(r => r.Id == clash).ExecuteDeleteAsync());

        Assert.Contains(similar["family_name"]!, await practitioner.GetStringAsync("/children/matches"));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "list" && e.RecordType == "MatchProposal" && e.UserName == BeaconApp.Practitioner && e.Details!.Contains(proposal.ChildId.ToString()))),
            "the possible matches, which name children, are audited with the ids shown (issue #16 §8)");
        var merged = await BeaconApp.PostFormAsync(practitioner, "/children/matches?handler=Merge", new() { ["id"] = proposal.Id.ToString() }, "/children/matches");
        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(existing, await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == similar["police_reference"]).Select(e => e.ChildId).SingleAsync()));
        Assert.Equal(existing, await App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == rhi).Select(r => r.ChildId).SingleAsync()));
        Assert.Equal(existing, await App.WithDb(db => db.Children.Where(c => c.Id == duplicate).Select(c => c.MergedIntoId).SingleAsync()));
        Assert.Equal(existing, await App.WithDb(db => db.Referrals.Where(r => r.Id == referral).Select(r => r.ChildId).SingleAsync()));
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "merge" && e.RecordId == duplicate.ToString())));
        Assert.Equal((existing, existing, existing, (Guid?)existing, $"child:{existing}"), await CaseworkOwners());
        Assert.Equal((existing, existing), await OutcomeOwners());

        // Added to the merged child since: a score under the moved reading and the plan's next version (its parent and
        // line go back, so they do), and a reading of its own (which stays).
        var (laterScore, planV2, laterReading) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await App.WithDb(async db =>
        {
            var now = NodaTime.SystemClock.Instance.GetCurrentInstant();
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeScore { Id = laterScore, ReadingId = reading, ChildId = existing, Area = "HOME", Score = 5 });
            await db.Set<Beacon.Web.Features.SupportPlans.SafetyPlan>().Where(p => p.Id == planV1).ExecuteUpdateAsync(u => u.SetProperty(p => p.IsCurrent, false));
            db.Add(new Beacon.Web.Features.SupportPlans.SafetyPlan { Id = planV2, ChildId = existing, Version = 2, IsCurrent = true, SavedBy = "test", SavedAt = now });
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeReading { Id = laterReading, ChildId = existing, TakenOn = takenOn.PlusDays(1), FrameworkVersion = 1, TakenBy = "test", Source = "recorded", RecordedAt = now });
            return await db.SaveChangesAsync();
        });
        async Task<Guid> OwnerOf<T>(Guid id)
            where T : class, Beacon.Web.Infrastructure.Data.IChildRecord =>
            await App.WithDb(db => db.Set<T>().Where(x => EF.Property<Guid>(x, "Id") == id).Select(x => x.ChildId).SingleAsync());
        Assert.Equal(similar["nhs_number"], await App.WithDb(db => db.Children.Where(c => c.Id == existing).Select(c => c.NhsNumber).SingleAsync()));

        // Casework since: a later session under the moved referral, attended by the moved family member (both go back);
        // and the existing child's own relative at the moved session, which would point across children, so the
        // separation is refused, naming it, and nothing moves until it is corrected.
        var (laterSession, attended, relative, crossing) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await App.WithDb(async db =>
        {
            var today = Beacon.Domain.Missing.ChildAge.DateOf(NodaTime.SystemClock.Instance.GetCurrentInstant());
            db.Add(new Beacon.Web.Features.KeyWork.KeyWorkSession { Id = laterSession, ReferralId = referral, ChildId = existing, HeldOn = today, WorkType = "DIRECT_WORK", Minutes = 45, Notes = "Later session.", RecordedBy = "test" });
            db.Add(new Beacon.Web.Features.SupportPlans.FamilySessionMember { Id = attended, SessionId = laterSession, FamilyMemberId = member, ChildId = existing });
            db.Add(new Beacon.Web.Features.KeyWork.FamilyMember { Id = relative, ChildId = existing, Name = "Sam Testrelative", Relationship = "Father" });
            db.Add(new Beacon.Web.Features.SupportPlans.FamilySessionMember { Id = crossing, SessionId = session, FamilyMemberId = relative, ChildId = existing });
            return await db.SaveChangesAsync();
        });
        var split = await BeaconApp.PostFormAsync(practitioner, "/children/matches?handler=Unmerge", new() { ["id"] = proposal.Id.ToString() }, "/children/matches");
        Assert.Contains("family session members", await split.Content.ReadAsStringAsync());
        Assert.Equal(existing, await App.WithDb(db => db.Children.Where(c => c.Id == duplicate).Select(c => c.MergedIntoId).SingleAsync()));
        Assert.Equal((existing, existing, existing, (Guid?)existing, $"child:{existing}"), await CaseworkOwners());
        Assert.Equal(existing, await OwnerOf<Beacon.Web.Features.SupportPlans.SafetyPlan>(planV1));
        await App.WithDb(db => db.Set<Beacon.Web.Features.SupportPlans.FamilySessionMember>().Where(x => x.Id == crossing).ExecuteDeleteAsync());

        var separated = await BeaconApp.PostFormAsync(practitioner, "/children/matches?handler=Unmerge", new() { ["id"] = proposal.Id.ToString() }, "/children/matches");
        Assert.Equal(HttpStatusCode.Redirect, separated.StatusCode);
        Assert.Equal(duplicate, await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == similar["police_reference"]).Select(e => e.ChildId).SingleAsync()));
        Assert.Equal(duplicate, await App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == rhi).Select(r => r.ChildId).SingleAsync()));
        Assert.Null(await App.WithDb(db => db.Children.Where(c => c.Id == duplicate).Select(c => c.MergedIntoId).SingleAsync()));
        Assert.Equal(duplicate, await App.WithDb(db => db.Referrals.Where(r => r.Id == referral).Select(r => r.ChildId).SingleAsync()));
        Assert.Equal((duplicate, duplicate, duplicate, (Guid?)duplicate, $"child:{duplicate}"), await CaseworkOwners());
        Assert.Equal((duplicate, duplicate), await OutcomeOwners());
        Assert.Equal(duplicate, await OwnerOf<Beacon.Web.Features.Outcomes.OutcomeScore>(laterScore));
        Assert.Equal(duplicate, await OwnerOf<Beacon.Web.Features.SupportPlans.SafetyPlan>(planV1));
        Assert.Equal(duplicate, await OwnerOf<Beacon.Web.Features.SupportPlans.SafetyPlan>(planV2));
        Assert.Equal(existing, await OwnerOf<Beacon.Web.Features.Outcomes.OutcomeReading>(laterReading));
        Assert.Equal(duplicate, await OwnerOf<Beacon.Web.Features.KeyWork.KeyWorkSession>(laterSession));
        Assert.Equal(duplicate, await OwnerOf<Beacon.Web.Features.SupportPlans.FamilySessionMember>(attended));
        Assert.Equal(existing, await OwnerOf<Beacon.Web.Features.KeyWork.FamilyMember>(relative));
        Assert.Equal(existing, await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == first["police_reference"]).Select(e => e.ChildId).SingleAsync()));
        // The NHS number the merge copied is the separated child's alone again, so its next notification finds it.
        Assert.Null(await App.WithDb(db => db.Children.Where(c => c.Id == existing).Select(c => c.NhsNumber).SingleAsync()));
        var next = Notifications.Valid(personId: $"PP-{Guid.NewGuid():N}"[..14]);
        next["nhs_number"] = similar["nhs_number"];
        var again = await (await police.PostAsJsonAsync("/api/v1/notifications", next)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(duplicate, again.GetProperty("child_id").GetGuid());

        var county = await App.SignInAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.Redirect, (await county.GetAsync("/children/matches")).StatusCode);
    }

    [Fact]
    public async Task Separating_merged_records_sends_each_interview_with_the_episodes_it_covers_and_refuses_one_covering_both()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var first = Notifications.Valid();
        first["date_of_birth"] = Notifications.RareBirthday();
        var kept = await (await police.PostAsJsonAsync("/api/v1/notifications", first)).Content.ReadFromJsonAsync<JsonElement>();
        var (existing, rhiA) = (kept.GetProperty("child_id").GetGuid(), kept.GetProperty("return_interview_id").GetGuid());
        var similar = Notifications.Valid();
        similar["family_name"] = first["family_name"]!.Replace("Testperson", "Tesperson");
        similar["date_of_birth"] = first["date_of_birth"];
        var dup = await (await police.PostAsJsonAsync("/api/v1/notifications", similar)).Content.ReadFromJsonAsync<JsonElement>();
        var (duplicate, rhiB) = (dup.GetProperty("child_id").GetGuid(), dup.GetProperty("return_interview_id").GetGuid());
        var proposal = await App.WithDb(db => db.MatchProposals.SingleAsync(m => m.ChildId == duplicate && m.CandidateChildId == existing));
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, "/children/matches?handler=Merge", new() { ["id"] = proposal.Id.ToString() }, "/children/matches")).StatusCode);
        Task<HttpResponseMessage> Unmerge() => BeaconApp.PostFormAsync(practitioner, "/children/matches?handler=Unmerge", new() { ["id"] = proposal.Id.ToString() }, "/children/matches");
        Task<int> VersionOf(Guid rhi) => App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == rhi).Select(r => r.Version).SingleAsync());
        var episode = await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == similar["police_reference"]).Select(e => e.Id).SingleAsync());

        // Merged, one interview covers both records' episodes: separating the records would split it, so it is refused.
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhiB}?handler=CoverBy", new() { ["CoverBy"] = rhiA.ToString(), ["Version"] = (await VersionOf(rhiB)).ToString() }, $"/return-interviews/{rhiB}")).StatusCode);
        var refused = await Unmerge();
        Assert.Contains("now covers episodes of both records", await refused.Content.ReadAsStringAsync());
        Assert.Equal("merged", await App.WithDb(db => db.MatchProposals.Where(m => m.Id == proposal.Id).Select(m => m.Status).SingleAsync()));
        Assert.Equal(existing, await App.WithDb(db => db.Episodes.Where(e => e.Id == episode).Select(e => e.ChildId).SingleAsync()));

        // The duplicate's episode given its own interview (made after the merge): that interview goes back with it.
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, $"/return-interviews/{rhiA}?handler=Separate", new() { ["episodeId"] = episode.ToString(), ["Version"] = (await VersionOf(rhiA)).ToString() }, $"/return-interviews/{rhiA}")).StatusCode);
        var rhiC = await App.WithDb(db => db.Episodes.Where(e => e.Id == episode).Select(e => e.ReturnInterviewId!.Value).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Unmerge()).StatusCode);
        Assert.Equal(duplicate, await App.WithDb(db => db.Episodes.Where(e => e.Id == episode).Select(e => e.ChildId).SingleAsync()));
        Assert.Equal(duplicate, await App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == rhiC).Select(r => r.ChildId).SingleAsync()));
        Assert.Equal(existing, await App.WithDb(db => db.ReturnInterviews.Where(r => r.Id == rhiA).Select(r => r.ChildId).SingleAsync()));
        Assert.Equal(existing, await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == first["police_reference"]).Select(e => e.ChildId).SingleAsync()));
    }

    [Fact]
    public async Task A_subject_access_export_holds_everything_about_the_child_and_is_audited()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        body["given_name"] = "Zoë <b>";
        var child = (await (await police.PostAsJsonAsync("/api/v1/notifications", body)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("child_id").GetGuid();
        // Records of many kinds: an outcome reading with a score (exported generically), and exploitation casework.
        var reading = Guid.CreateVersion7();
        await App.WithDb(async db =>
        {
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeReading { Id = reading, ChildId = child, TakenOn = new LocalDate(2026, 11, 2), FrameworkVersion = 1, NextSteps = "Walk to school with a friend.", TakenBy = "Pat", Source = "recorded", RecordedAt = SystemClock.Instance.GetCurrentInstant() });
            db.Add(new Beacon.Web.Features.Outcomes.OutcomeScore { Id = Guid.CreateVersion7(), ReadingId = reading, ChildId = child, Area = "SAFETY", Score = 6, ChildWords = "I feel safer at school." });
            var now = SystemClock.Instance.GetCurrentInstant();
            var today = ChildAge.DateOf(now);
            var referral = await ReferralAsync(db, child, now);
            var meeting = new Beacon.Web.Features.Mace.PanelMeeting { Id = Guid.NewGuid(), Panel = "Stafford", MeetingOn = today, Status = "held" };
            db.AddRange(
                referral,
                meeting,
                new Beacon.Web.Features.Exploitation.RiskReview { Id = Guid.NewGuid(), ReferralId = referral.Id, ChildId = child, ReviewedOn = today, Level = Beacon.Domain.Exploitation.RiskLevel.Medium, Note = "Reviewed.", ReviewedBy = "test", CreatedAt = now },
                new Beacon.Web.Features.KeyWork.KeyWorkSession { Id = Guid.NewGuid(), ReferralId = referral.Id, ChildId = child, HeldOn = today, WorkType = "DIRECT_WORK", Minutes = 30, Notes = "Session.", RecordedBy = "test" },
                new Beacon.Web.Features.KeyWork.FamilyMember { Id = Guid.NewGuid(), ChildId = child, Name = "Pat Testparent", Relationship = "Mother" },
                new Beacon.Web.Features.Mace.ChildFlag { Id = Guid.NewGuid(), ChildId = child, Kind = "SEND", SourceAgency = "School", RecordedOn = today, RecordedBy = "test" },
                new Beacon.Web.Features.Mace.DisruptionAction { Id = Guid.NewGuid(), MeetingId = meeting.Id, Panel = "Stafford", ChildId = child, OwnerAgency = "Police", Description = "Warn Vance Synthetic at his flat", DueOn = today.PlusDays(30), Status = "open" });
            return await db.SaveChangesAsync();
        });
        var folder = Directory.CreateTempSubdirectory("beacon-sar-").FullName;
        var settings = App.CliSettings;
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["export", "subject-access", "--child", child.ToString(), "--out", folder], new StringWriter(), new StringWriter(), settings));

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "subject-access.json"), TestContext.Current.CancellationToken));
        Assert.Equal(body["police_reference"], json.RootElement.GetProperty("episodes")[0].GetProperty("police_reference").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("return_interviews").GetArrayLength());
        Assert.Contains(json.RootElement.GetProperty("audit_trail").EnumerateArray(), e => e.GetProperty("action").GetString() == "create");
        Assert.Equal("Walk to school with a friend.", Assert.Single(json.RootElement.GetProperty("outcome_readings").EnumerateArray()).GetProperty("next_steps").GetString());
        Assert.Equal("I feel safer at school.", Assert.Single(json.RootElement.GetProperty("outcome_scores").EnumerateArray()).GetProperty("child_words").GetString());
        var action = Assert.Single(json.RootElement.GetProperty("disruption_actions").EnumerateArray());
        Assert.Equal(("Police", "open"), (action.GetProperty("owner_agency").GetString(), action.GetProperty("status").GetString()));
        Assert.DoesNotContain("Vance Synthetic", json.RootElement.GetRawText()); // the action's wording names a third party

        // Every kind of child record the model holds has a section with at least every row of it the child has.
        var kinds = await App.WithDb(async db =>
        {
            var counts = new List<(string Kind, string Section, int Rows)>();
            var count = typeof(NotificationTests<TApp>).GetMethod(nameof(RowsOfChildAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
            foreach (var kind in db.Model.GetEntityTypes().Where(t => typeof(Beacon.Web.Infrastructure.Data.IChildRecord).IsAssignableFrom(t.ClrType) && t.ClrType != typeof(Beacon.Web.Infrastructure.Data.Child)))
            {
                counts.Add((kind.ClrType.Name, Beacon.Web.Features.Exports.SubjectAccess.SectionName(kind), await (Task<int>)count.MakeGenericMethod(kind.ClrType).Invoke(null, [db, child])!));
            }

            return counts;
        });
        Assert.Contains(kinds, k => k.Rows > 0 && !Beacon.Web.Features.Exports.SubjectAccess.ExplicitSections.Values.Contains(k.Section)); // the generic sections are tried
        foreach (var (kind, section, rows) in kinds)
        {
            Assert.True(json.RootElement.TryGetProperty(section, out var written) && written.GetArrayLength() >= rows, $"{kind}: {rows} rows, section {section} has {(written.ValueKind == JsonValueKind.Array ? written.GetArrayLength() : -1)}");
        }

        var html = await File.ReadAllTextAsync(Path.Combine(folder, "subject-access.html"), TestContext.Current.CancellationToken);
        Assert.Contains("&lt;b&gt;", html);
        Assert.DoesNotContain("<b>", html);
        Assert.True(await App.WithDb(db => db.AuditEntries.AnyAsync(e => e.Action == "export" && e.RecordType == "SubjectAccess" && e.RecordId == child.ToString())));
    }

    /// <summary>An open exploitation referral for the child, made on <paramref name="now"/>'s date (not yet added).</summary>
    private static async Task<Beacon.Web.Features.Exploitation.Referral> ReferralAsync(Beacon.Web.Infrastructure.Data.BeaconDbContext db, Guid child, Instant now) => new()
    {
        Id = Guid.NewGuid(),
        ChildId = child,
        Reference = $"REF-{Guid.NewGuid():N}"[..14],
        TemplateVersion = await db.RfmTemplates.MaxAsync(t => t.Version),
        Answers = "{}",
        ExploitationTypes = "CCE",
        ReferrerName = "Sam Example",
        ReferrerAgency = "School",
        ReceivedOn = ChildAge.DateOf(now),
        Status = "open",
        CreatedAt = now,
        UpdatedAt = now,
    };

    private static Task<int> RowsOfChildAsync<T>(Beacon.Web.Infrastructure.Data.BeaconDbContext db, Guid child)
        where T : class, Beacon.Web.Infrastructure.Data.IChildRecord =>
        db.Set<T>().IgnoreQueryFilters().CountAsync(r => r.ChildId == child);

    [Fact]
    public async Task Invalid_notifications_are_refused_field_by_field_and_save_nothing()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var counts = await Counts();
        var body = Notifications.Valid();
        body["date_of_birth"] = "2011-02-30";
        body["nhs_number"] = "9434765918";
        body["district_code"] = "E99999999";
        body["police_risk"] = "SEVERE";
        body["returned_at"] = "yesterday";
        body["responsible_authority"] = "86";
        var response = await police.PostAsJsonAsync("/api/v1/notifications", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["date_of_birth", "district_code", "nhs_number", "police_risk", "responsible_authority", "returned_at"], fields);
        Assert.Equal(counts, await Counts());

        var adult = Notifications.Valid();
        adult["date_of_birth"] = "2000-01-01";
        Assert.Equal(HttpStatusCode.BadRequest, (await police.PostAsJsonAsync("/api/v1/notifications", adult)).StatusCode);
        var broken = await police.PostAsync("/api/v1/notifications", new StringContent("{\"police_reference\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(counts, await Counts());
    }

    [Fact]
    public async Task Only_police_and_provider_duty_staff_may_notify_and_a_council_cannot_see_the_other_councils_episode()
    {
        App.SkipIfUnavailable();
        var county = await App.ApiAsync(BeaconApp.CountyWorker);
        Assert.Equal(HttpStatusCode.Forbidden, (await county.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid())).StatusCode);
        var analyst = await App.ApiAsync(BeaconApp.Analyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync("/api/v1/notifications", Notifications.Valid())).StatusCode);

        var practitioner = await App.ApiAsync(BeaconApp.Practitioner);
        var cityChild = Notifications.Valid();
        cityChild["district_code"] = "E06000021";
        cityChild["responsible_authority"] = "861";
        cityChild["notifying_police_force"] = "POLICE-STAFFS"; // provider duty staff name the force when there are several
        var created = await practitioner.PostAsJsonAsync("/api/v1/notifications", cityChild);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var episode = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("episode_id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await county.GetAsync($"/api/v1/notifications/{episode}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await App.ApiAsync(BeaconApp.CityWorker)).GetAsync($"/api/v1/notifications/{episode}")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_placing_authority_is_recorded_not_lost()
    {
        App.SkipIfUnavailable();
        var police = await App.ApiAsync(BeaconApp.PoliceLiaison);
        var body = Notifications.Valid();
        body["living_situation"] = "PLACED_BY_OTHER_LA";
        body["responsible_authority"] = "937";
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", body)).StatusCode);
        var authority = await App.WithDb(db => db.Organisations.SingleAsync(o => o.DfeLaNumber == 937));
        Assert.Contains("to be confirmed", authority.Name);
    }

    private Task<(int Children, int Episodes, int Interviews)> Counts() => App.WithDb(async db =>
        (await db.Children.CountAsync(), await db.Episodes.CountAsync(), await db.ReturnInterviews.CountAsync()));
}

public sealed class SqliteNotificationTests(SqliteApp app) : NotificationTests<SqliteApp>(app);

public sealed class PostgresNotificationTests(PostgresApp app) : NotificationTests<PostgresApp>(app);
