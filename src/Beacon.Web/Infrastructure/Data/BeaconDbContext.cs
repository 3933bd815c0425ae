using System.Linq.Expressions;
using System.Text;
using Beacon.Domain.Access;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.RepeatMissing;
using Beacon.Web.Features.ReturnInterviews;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NodaTime;

namespace Beacon.Web.Infrastructure.Data;

/// <summary>
/// Beacon's database. The schema comes only from the hand-written SQL migrations (docs/decisions/0003); a test checks
/// this model matches them on SQLite and PostgreSQL. Children are filtered by the current actor's access scope here,
/// in one place, so no page or endpoint can forget it (docs/decisions/0004).
/// </summary>
public sealed partial class BeaconDbContext(DbContextOptions<BeaconDbContext> options, CurrentActor actor, IClock clock)
    : IdentityDbContext<BeaconUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Area> Areas => Set<Area>();

    public DbSet<Child> Children => Set<Child>();

    public DbSet<Episode> Episodes => Set<Episode>();

    public DbSet<MatchProposal> MatchProposals => Set<MatchProposal>();

    public DbSet<Features.Children.AuthorityChange> AuthorityChanges => Set<Features.Children.AuthorityChange>();

    public DbSet<ReturnInterview> ReturnInterviews => Set<ReturnInterview>();

    public DbSet<RhiAttempt> RhiAttempts => Set<RhiAttempt>();

    public DbSet<RhiShare> RhiShares => Set<RhiShare>();

    public DbSet<InterventionMeeting> InterventionMeetings => Set<InterventionMeeting>();

    public DbSet<MeetingAction> MeetingActions => Set<MeetingAction>();

    public DbSet<Jobs.ScheduledJob> ScheduledJobs => Set<Jobs.ScheduledJob>();

    public DbSet<Features.Exploitation.RfmTemplateVersion> RfmTemplates => Set<Features.Exploitation.RfmTemplateVersion>();

    public DbSet<Features.Exploitation.Referral> Referrals => Set<Features.Exploitation.Referral>();

    public DbSet<Features.Alerts.Alert> Alerts => Set<Features.Alerts.Alert>();

    public DbSet<Features.Alerts.AlertEmailPreference> AlertEmailPreferences => Set<Features.Alerts.AlertEmailPreference>();

    public DbSet<Features.Missing.ImportRun> ImportRuns => Set<Features.Missing.ImportRun>();

    public DbSet<Features.Mace.MacePanel> MacePanels => Set<Features.Mace.MacePanel>();

    public DbSet<Features.Mace.PanelMeeting> PanelMeetings => Set<Features.Mace.PanelMeeting>();

    public DbSet<Features.Mace.PanelAgendaItem> PanelAgendaItems => Set<Features.Mace.PanelAgendaItem>();

    public DbSet<Features.Mace.PanelDiscussion> PanelDiscussions => Set<Features.Mace.PanelDiscussion>();

    public DbSet<Features.Mace.AdultOfConcern> AdultsOfConcern => Set<Features.Mace.AdultOfConcern>();

    public DbSet<Features.Mace.LocationOfConcern> LocationsOfConcern => Set<Features.Mace.LocationOfConcern>();

    public DbSet<Features.Mace.DisruptionAction> DisruptionActions => Set<Features.Mace.DisruptionAction>();

    public DbSet<Features.Mace.Association> Associations => Set<Features.Mace.Association>();

    public DbSet<Features.Mace.ChildFlag> ChildFlags => Set<Features.Mace.ChildFlag>();

    public DbSet<Features.Exploitation.RiskReview> RiskReviews => Set<Features.Exploitation.RiskReview>();

    public DbSet<Features.KeyWork.KeyWorkSession> KeyWorkSessions => Set<Features.KeyWork.KeyWorkSession>();

    public DbSet<Features.KeyWork.FamilyMember> FamilyMembers => Set<Features.KeyWork.FamilyMember>();

    public DbSet<Features.KeyWork.FamilyGoal> FamilyGoals => Set<Features.KeyWork.FamilyGoal>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    public DbSet<Features.Admin.PendingRoleGrant> PendingRoleGrants => Set<Features.Admin.PendingRoleGrant>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public CurrentActor Actor => actor;

    // Read by the query filter each time a query runs (not when the context is created: a request's context can be
    // created during authentication, before the user is known).
    internal ScopeKind ScopeKind => actor.Scope.Kind;

    internal Guid ScopeOrganisationId => actor.Scope.OrganisationId;

    internal Guid ScopeUserId => actor.Scope.UserId;

    // Alerts belong to one user: only they (or a system process) read them, whatever their role.
    internal bool ActorIsSystem => actor.IsSystem;

    internal Guid ActorUserId => actor.UserId ?? Guid.Empty;

    // Panel-only records (adults and locations of concern, the association map, meetings, actions): panel roles only.
    internal bool ActorOnPanel => actor.IsSystem || actor.IsOnPanel;

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (!InsertInBulk || !ChangeTracker.AutoDetectChangesEnabled)
        {
            return await SaveAuditedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // A bulk save scans thousands of tracked rows: detect changes once, not at every step of the save.
        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await SaveAuditedAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    private async Task<int> SaveAuditedAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var changes = ChildRecordChanges.Collect(ChangeTracker, now);
        if (newRows.Count > 0)
        {
            changes = [.. ChildRecordChanges.CollectNew(Model, newRows, now), .. changes];
        }
        else if (changes.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var saved = await AuditAppender.SaveWithAuditAsync(this, changes, () => SaveInTransactionAsync(acceptAllChangesOnSuccess, cancellationToken), cancellationToken);
        newRows.Clear();
        changesWritten.Clear();
        addedWritten.Clear();
        newRowsTransaction = null;
        return saved;
    }

    /// <summary>When set, added rows are written with <see cref="BulkWrite"/> (large imports); the audit is the same.</summary>
    public bool InsertInBulk { get; set; }

    // New rows of a bulk import, kept out of the change tracker (tracking 300,000 rows per 100,000 notifications cost
    // more than writing them) and written by BulkWrite at the next save; cleared once that save has committed.
    private readonly List<object> newRows = [];
    private object? newRowsTransaction;
    private int newRowsWritten;
    private readonly List<BulkWrite.WrittenChange> changesWritten = [];
    private readonly List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry> addedWritten = [];

    /// <summary>Adds a new row to be inserted at the next save: tracked by EF as usual, or during a bulk import kept
    /// aside and written with <see cref="BulkWrite"/> — audited the same way either way.</summary>
    public void AddNew<T>(T row)
        where T : class
    {
        if (InsertInBulk)
        {
            newRows.Add(row);
        }
        else
        {
            Set<T>().Add(row);
        }
    }

    /// <summary>Rows of one type added and not yet saved (by <see cref="AddNew"/> or the change tracker).</summary>
    public IEnumerable<T> AddedRows<T>()
        where T : class =>
        newRows.OfType<T>().Concat(ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity));

    /// <summary>Forgets unsaved new rows of one type (a retried save numbers its audit entries again).</summary>
    internal void DiscardNew<T>()
    {
        var kept = newRows.Where(r => r is not T).ToList();
        if (kept.Count != newRows.Count)
        {
            newRows.Clear();
            newRows.AddRange(kept);
            newRowsWritten = Math.Min(newRowsWritten, newRows.Count);
        }
    }

    /// <summary>Forgets everything added and loaded (between the batches of an import).</summary>
    public void ClearTracked()
    {
        ChangeTracker.Clear();
        newRows.Clear();
        changesWritten.Clear();
        addedWritten.Clear();
        newRowsTransaction = null;
    }

    /// <summary>
    /// Runs a large batch of work with automatic change detection off (EF would otherwise compare every tracked row at
    /// every query and save, which dominates a bulk import). Rows added are saved as they are; rows already stored
    /// and changed by <paramref name="work"/> are detected one by one before it returns.
    /// </summary>
    public async Task<T> WithoutAutoDetectChangesAsync<T>(Func<Task<T>> work)
    {
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return await work();
        }

        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return await work();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = true;
        }
    }

    /// <summary>Detects changes to rows that were loaded (not added) — cheap, as a batch loads few.</summary>
    public void DetectChangesToLoadedRows()
    {
        foreach (var entry in ChangeTracker.Entries().Where(e => e.State is EntityState.Unchanged or EntityState.Modified).ToList())
        {
            entry.DetectChanges();
        }
    }

    private async Task<int> SaveInTransactionAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken)
    {
        if (!InsertInBulk)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // A retried transaction (execution strategy) writes every new and changed row again; within one, each once.
        var transaction = Database.CurrentTransaction;
        if (!ReferenceEquals(transaction, newRowsTransaction))
        {
            newRowsTransaction = transaction;
            newRowsWritten = 0;
            DiscardNew<AuditEntry>(); // a failed attempt's entries: the audit appender numbers them again from the tail
            changesWritten.ForEach(change => change.Restore());
            changesWritten.Clear();
            addedWritten.ForEach(entry => entry.State = EntityState.Added);
            addedWritten.Clear();
        }

        var untracked = newRows.Skip(newRowsWritten).ToList();
        var written = await BulkWrite.WriteAddedAsync(this, untracked, cancellationToken);
        addedWritten.AddRange(written);
        newRowsWritten = newRows.Count;
        var changed = await BulkWrite.WriteModifiedAsync(this, cancellationToken);
        changesWritten.AddRange(changed);
        var count = untracked.Count + written.Count + changed.Count;
        if (!ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            return count; // nothing left for EF to write: skip its pass over every tracked row
        }

        return count + await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Saves only what is already tracked (used by the audit log itself for its own entries).</summary>
    internal Task<int> SaveChangesWithoutAuditAsync(CancellationToken cancellationToken) => base.SaveChangesAsync(true, cancellationToken);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Instant>().HaveConversion<InstantConverter>();
        configurationBuilder.Properties<Instant?>().HaveConversion<InstantConverter>();
        configurationBuilder.Properties<LocalDate>().HaveConversion<LocalDateConverter>();
        configurationBuilder.Properties<LocalDate?>().HaveConversion<LocalDateConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<BeaconUser>(b =>
        {
            b.ToTable("users");
            b.Property(u => u.DisplayName).HasMaxLength(200);
            b.Property(u => u.Team).HasMaxLength(100);
            b.Property(u => u.Locality).HasMaxLength(100);
            b.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<IdentityRole<Guid>>().ToTable("roles");
        builder.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        builder.Entity<Organisation>(b =>
        {
            b.ToTable("organisations");
            b.HasIndex(o => o.Code).IsUnique();
            b.HasIndex(o => o.DfeLaNumber).IsUnique();
            b.Property(o => o.Code).HasMaxLength(40);
            b.Property(o => o.Name).HasMaxLength(200);
            b.Property(o => o.GssCode).HasMaxLength(9);
        });

        builder.Entity<Area>(b =>
        {
            b.ToTable("areas");
            b.HasKey(a => a.GssCode);
            b.Property(a => a.GssCode).HasMaxLength(9);
            b.Property(a => a.Name).HasMaxLength(100);
            b.Property(a => a.Kind).HasMaxLength(20);
            b.Property(a => a.ParentGssCode).HasMaxLength(9);
            b.Property(a => a.Locality).HasMaxLength(50);
            b.Property(a => a.MacePanel).HasMaxLength(100);
            b.HasOne<Organisation>().WithMany().HasForeignKey(a => a.AuthorityId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Child>(b =>
        {
            b.ToTable("children");
            b.HasIndex(c => c.Reference).IsUnique();
            b.HasIndex(c => c.PolicePersonId);
            b.HasIndex(c => c.NhsNumber);
            b.HasIndex(c => c.ResponsibleAuthorityId);
            b.HasIndex(c => c.HostAuthorityId);
            b.HasIndex(c => new { c.FamilyName, c.GivenName });
            b.HasIndex(c => new { c.DateOfBirth, c.MergedIntoId, c.GivenName, c.FamilyName, c.Id }).HasDatabaseName("ix_children_date_of_birth_names"); // covers duplicate matching (migration 0018)
            b.Property(c => c.Reference).HasMaxLength(20);
            b.Property(c => c.GivenName).HasMaxLength(100);
            b.Property(c => c.FamilyName).HasMaxLength(100);
            b.Property(c => c.Gender).HasMaxLength(20);
            b.Property(c => c.EthnicityCode).HasMaxLength(4);
            b.Property(c => c.NhsNumber).HasMaxLength(10);
            b.Property(c => c.PolicePersonId).HasMaxLength(50);
            b.Property(c => c.LocalAuthorityChildId).HasMaxLength(20);
            b.HasIndex(c => new { c.ResponsibleAuthorityId, c.LocalAuthorityChildId });
            b.Property(c => c.HostDistrictCode).HasMaxLength(9);
            b.Property(c => c.LivingSituation).HasMaxLength(20);
            b.Property(c => c.Version).IsConcurrencyToken();
            b.HasOne<Area>().WithMany().HasForeignKey(c => c.HostDistrictCode).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.ResponsibleAuthorityId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.HostAuthorityId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organisation>().WithMany().HasForeignKey(c => c.NotifyingPoliceForceId).OnDelete(DeleteBehavior.Restrict);

            b.HasQueryFilter(ChildIsVisible());
        });

        builder.Entity<Episode>(b =>
        {
            b.ToTable("episodes");
            // A police reference is the notifying force's (migration 0019): unique per force, and among those entered
            // without a force.
            b.HasIndex(e => new { e.PoliceReference, e.NotifyingPoliceForceId }).IsUnique();
            b.HasIndex(e => e.PoliceReference).IsUnique().HasFilter("notifying_police_force_id IS NULL").HasDatabaseName("ix_episodes_police_reference_unattributed");
            b.HasIndex(e => new { e.PolicePersonId, e.NotifyingPoliceForceId });
            b.HasIndex(e => e.ChildId);
            b.HasIndex(e => e.ReturnInterviewId);
            b.HasIndex(e => new { e.NotifiedAt, e.HostDistrictCode }); // covers the return's count of last year's notifications by district (migration 0016)
            b.Property(e => e.PoliceReference).HasMaxLength(50);
            b.Property(e => e.PolicePersonId).HasMaxLength(50);
            b.Property(e => e.GivenName).HasMaxLength(100);
            b.Property(e => e.FamilyName).HasMaxLength(100);
            b.Property(e => e.Gender).HasMaxLength(20);
            b.Property(e => e.EthnicityCode).HasMaxLength(4);
            b.Property(e => e.NhsNumber).HasMaxLength(10);
            b.Property(e => e.HostDistrictCode).HasMaxLength(9);
            b.Property(e => e.LivingSituation).HasMaxLength(20);
            b.Property(e => e.MissingOrAbsent).HasMaxLength(1);
            b.Property(e => e.PoliceRisk).HasMaxLength(20);
            b.Property(e => e.Circumstances).HasMaxLength(4000);
            b.Property(e => e.CoverReason).HasMaxLength(500);
            b.Property(e => e.Source).HasMaxLength(10);
            b.HasOne(e => e.Child).WithMany().HasForeignKey(e => e.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Area>().WithMany().HasForeignKey(e => e.HostDistrictCode).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organisation>().WithMany().HasForeignKey(e => e.ResponsibleAuthorityId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<ReturnInterview>().WithMany().HasForeignKey(e => e.ReturnInterviewId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<MatchProposal>(b =>
        {
            b.ToTable("match_proposals");
            b.HasIndex(m => m.ChildId);
            b.HasIndex(m => m.CandidateChildId);
            b.Property(m => m.Reason).HasMaxLength(200);
            b.Property(m => m.Status).HasMaxLength(20);
            b.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Child>().WithMany().HasForeignKey(m => m.CandidateChildId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Children.AuthorityChange>(b =>
        {
            b.ToTable("authority_changes");
            b.HasIndex(a => a.ChildId);
            b.HasIndex(a => a.EpisodeId);
            b.HasIndex(a => a.Status);
            b.Property(a => a.HostDistrictCode).HasMaxLength(9);
            b.Property(a => a.LivingSituation).HasMaxLength(20);
            b.Property(a => a.Status).HasMaxLength(20);
            b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Episode>().WithMany().HasForeignKey(a => a.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<ReturnInterview>(b =>
        {
            b.ToTable("return_interviews");
            b.HasIndex(r => r.Reference).IsUnique();
            b.HasIndex(r => r.ChildId);
            b.HasIndex(r => new { r.Status, r.DueAt });

            // The work list: open interviews (awaiting offer or offered), soonest due first, read in index order.
            b.HasIndex(r => r.DueAt).HasFilter("status IN (1, 2)");
            b.HasIndex(r => r.AssignedToId);
            b.HasIndex(r => r.LegacyReference);
            foreach (var code in new[] { nameof(ReturnInterview.DeclinedBy), nameof(ReturnInterview.NotOfferedReason), nameof(ReturnInterview.Method), nameof(ReturnInterview.Venue), nameof(ReturnInterview.PrimaryReason) })
            {
                b.Property<string?>(code).HasMaxLength(30);
            }

            b.Property(r => r.Reference).HasMaxLength(20);
            b.Property(r => r.LegacyReference).HasMaxLength(50);
            b.Property(r => r.Reasons).HasMaxLength(300);
            b.Property(r => r.ExploitationIndicators).HasMaxLength(300);
            b.Property(r => r.Version).IsConcurrencyToken();
            b.HasOne(r => r.Child).WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<RhiAttempt>(b =>
        {
            b.ToTable("rhi_attempts");
            b.HasIndex(a => a.ReturnInterviewId);
            b.Property(a => a.Method).HasMaxLength(20);
            b.Property(a => a.Outcome).HasMaxLength(20);
            b.Property(a => a.Note).HasMaxLength(2000);
            b.Property(a => a.RecordedByName).HasMaxLength(256);
            b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<ReturnInterview>().WithMany().HasForeignKey(a => a.ReturnInterviewId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<RhiShare>(b =>
        {
            b.ToTable("rhi_shares");
            b.HasIndex(s => new { s.ReturnInterviewId, s.OrganisationId }).IsUnique();
            b.HasOne(s => s.Child).WithMany().HasForeignKey(s => s.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<ReturnInterview>().WithMany().HasForeignKey(s => s.ReturnInterviewId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Organisation>().WithMany().HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<InterventionMeeting>(b =>
        {
            b.ToTable("intervention_meetings");
            b.HasIndex(m => new { m.ChildId, m.Level });
            b.HasIndex(m => new { m.Status, m.DueOn });
            b.Property(m => m.Status).HasMaxLength(20);
            b.Property(m => m.Chair).HasMaxLength(200);
            b.Property(m => m.Version).IsConcurrencyToken();
            b.HasOne(m => m.Child).WithMany().HasForeignKey(m => m.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Episode>().WithMany().HasForeignKey(m => m.TriggerEpisodeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Exploitation.RfmTemplateVersion>(b =>
        {
            b.ToTable("rfm_templates");
            b.HasKey(t => t.Version);
            b.Property(t => t.Version).ValueGeneratedNever();
            b.Property(t => t.Name).HasMaxLength(200);
            b.Property(t => t.PublishedBy).HasMaxLength(256);
        });

        builder.Entity<Features.Exploitation.Referral>(b =>
        {
            b.ToTable("referrals");
            b.HasIndex(r => r.Reference).IsUnique();
            b.HasIndex(r => r.ChildId);
            b.HasIndex(r => new { r.Status, r.Pathway, r.Panel });
            b.Property(r => r.Reference).HasMaxLength(20);
            b.Property(r => r.OverrideReason).HasMaxLength(2000);
            b.Property(r => r.ExploitationTypes).HasMaxLength(300);
            b.Property(r => r.ReferrerName).HasMaxLength(200);
            b.Property(r => r.ReferrerAgency).HasMaxLength(200);
            b.Property(r => r.Status).HasMaxLength(20);
            b.Property(r => r.InappropriateReason).HasMaxLength(2000);
            b.Property(r => r.Panel).HasMaxLength(100);
            b.Property(r => r.WorkType).HasMaxLength(30);
            b.Property(r => r.PlanGoals).HasMaxLength(4000);
            b.Property(r => r.ClosureReason).HasMaxLength(40);
            b.Property(r => r.ClosureNote).HasMaxLength(2000);
            b.Property(r => r.TransitionPlan).HasMaxLength(4000);
            b.HasIndex(r => r.KeyWorkerId);
            b.HasOne<BeaconUser>().WithMany().HasForeignKey(r => r.KeyWorkerId).OnDelete(DeleteBehavior.Restrict);
            b.Property(r => r.LegacyReference).HasMaxLength(50);
            b.HasIndex(r => r.LegacyReference).IsUnique();
            b.Property(r => r.Version).IsConcurrencyToken();
            b.HasOne(r => r.Child).WithMany().HasForeignKey(r => r.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Features.Exploitation.RfmTemplateVersion>().WithMany().HasForeignKey(r => r.TemplateVersion).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Jobs.ScheduledJob>(b =>
        {
            b.ToTable("scheduled_jobs");
            b.HasKey(j => j.Name);
            b.Property(j => j.Name).HasMaxLength(100);
            b.Property(j => j.LeaseOwner).HasMaxLength(200);
            b.Property(j => j.LastOutcome).HasMaxLength(500);
        });

        builder.Entity<MeetingAction>(b =>
        {
            b.ToTable("meeting_actions");
            b.HasIndex(a => a.MeetingId);
            b.HasIndex(a => new { a.Status, a.DueOn });
            b.Property(a => a.Description).HasMaxLength(1000);
            b.Property(a => a.OwnerAgency).HasMaxLength(200);
            b.Property(a => a.OwnerName).HasMaxLength(200);
            b.Property(a => a.Status).HasMaxLength(20);
            b.Property(a => a.Outcome).HasMaxLength(2000);
            b.Property(a => a.Version).IsConcurrencyToken();
            b.HasOne(a => a.Child).WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<InterventionMeeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Alerts.Alert>(b =>
        {
            b.ToTable("alerts");
            b.HasIndex(a => a.Key).IsUnique();
            b.HasIndex(a => new { a.UserId, a.ReadAt });
            b.HasIndex(a => a.EmailState);
            b.Property(a => a.Kind).HasMaxLength(40);
            b.Property(a => a.Key).HasMaxLength(200);
            b.Property(a => a.Title).HasMaxLength(300);
            b.Property(a => a.Link).HasMaxLength(300);
            b.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(a => ActorIsSystem || a.UserId == ActorUserId);
        });

        builder.Entity<Features.Missing.ImportRun>(b =>
        {
            b.ToTable("import_runs");
            b.HasIndex(r => new { r.Status, r.CreatedAt });
            b.Property(r => r.FileName).HasMaxLength(260);
            b.Property(r => r.Status).HasMaxLength(20);
            b.Property(r => r.LeaseOwner).HasMaxLength(200);
            b.Property(r => r.FileProblem).HasMaxLength(1000);
            b.Ignore(r => r.ProblemList);
            b.HasOne<BeaconUser>().WithMany().HasForeignKey(r => r.UploadedById).OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(r => ActorIsSystem || r.UploadedById == ActorUserId);
        });

        builder.Entity<Features.Alerts.AlertEmailPreference>(b =>
        {
            b.ToTable("alert_email_preferences");
            b.HasKey(p => new { p.UserId, p.Kind });
            b.Property(p => p.Kind).HasMaxLength(40);
            b.HasOne<BeaconUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        ConfigureMace(builder);

        builder.Entity<ApiToken>(b =>
        {
            b.ToTable("api_tokens");
            b.HasIndex(t => t.Prefix).IsUnique();
            b.Property(t => t.Name).HasMaxLength(100);
            b.Property(t => t.Prefix).HasMaxLength(20);
            b.Property(t => t.SecretHash).HasMaxLength(64);
            b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SignInFailure>(b =>
        {
            b.ToTable("sign_in_failures");
            b.HasIndex(f => new { f.AccountKey, f.AddressKey });
            b.HasIndex(f => f.FailedAt);
            b.Property(f => f.AccountKey).HasMaxLength(64);
            b.Property(f => f.AddressKey).HasMaxLength(64);
        });

        builder.Entity<Features.Admin.PendingRoleGrant>(b =>
        {
            b.ToTable("pending_role_grants");
            b.HasIndex(g => g.UserId);
            b.Property(g => g.Roles).HasMaxLength(300);
            b.Property(g => g.RequestedBy).HasMaxLength(256);
            b.Property(g => g.DecidedBy).HasMaxLength(256);
            b.HasOne(g => g.User).WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<AuditEntry>(b =>
        {
            b.ToTable("audit_entries");
            b.HasKey(e => e.Sequence);
            b.Property(e => e.Sequence).ValueGeneratedNever();
            b.HasIndex(e => new { e.RecordType, e.RecordId });
            b.HasIndex(e => e.UserId);
            b.HasIndex(e => e.OccurredAt);
            b.Property(e => e.UserName).HasMaxLength(256);
            b.Property(e => e.OrganisationCode).HasMaxLength(40);
            b.Property(e => e.Action).HasMaxLength(50);
            b.Property(e => e.RecordType).HasMaxLength(50);
            b.Property(e => e.RecordId).HasMaxLength(100);
            b.Property(e => e.Outcome).HasMaxLength(20);
            b.Property(e => e.IpAddress).HasMaxLength(64);
            b.Property(e => e.PreviousHash).HasMaxLength(64);
            b.Property(e => e.Hash).HasMaxLength(64);
        });

        builder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        // Each feature maps its own tables (docs/decisions/0016); the access rules are then applied to all of them.
        builder.ApplyConfigurationsFromAssembly(typeof(BeaconDbContext).Assembly);
        ApplyAccessFilters(builder);

        ApplySnakeCaseNames(builder);
    }

    private void ConfigureMace(ModelBuilder builder)
    {
        builder.Entity<Features.Mace.MacePanel>(b =>
        {
            b.ToTable("mace_panels");
            b.HasKey(p => p.Name);
            b.Property(p => p.Name).HasMaxLength(100);
            b.Property(p => p.ChairName).HasMaxLength(200);
            b.Property(p => p.CoreMembers).HasMaxLength(4000);
            b.Property(p => p.Version).IsConcurrencyToken();
        });

        builder.Entity<Features.Mace.PanelMeeting>(b =>
        {
            b.ToTable("panel_meetings");
            b.HasIndex(m => new { m.Panel, m.MeetingOn });
            b.Property(m => m.Panel).HasMaxLength(100);
            b.Property(m => m.Status).HasMaxLength(20);
            b.Property(m => m.Minutes).HasMaxLength(20000);
            b.Property(m => m.Version).IsConcurrencyToken();
            b.HasOne<Features.Mace.MacePanel>().WithMany().HasForeignKey(m => m.Panel).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Mace.PanelAgendaItem>(b =>
        {
            b.ToTable("panel_agenda_items");
            b.HasIndex(i => new { i.MeetingId, i.Subject }).IsUnique();
            b.Property(i => i.Subject).HasMaxLength(60);
            b.Property(i => i.AddedBy).HasMaxLength(256);
            b.HasOne<Features.Mace.PanelMeeting>().WithMany().HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Mace.PanelDiscussion>(b =>
        {
            b.ToTable("panel_discussions");
            b.HasIndex(d => new { d.MeetingId, d.ChildId });
            b.HasIndex(d => d.ChildId);
            b.Property(d => d.Decision).HasMaxLength(4000);
            b.Property(d => d.SinceLastTime).HasMaxLength(4000);
            b.Property(d => d.RecordedBy).HasMaxLength(256);
            b.HasOne(d => d.Child).WithMany().HasForeignKey(d => d.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Features.Mace.PanelMeeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Mace.AdultOfConcern>(b =>
        {
            b.ToTable("adults_of_concern");
            b.HasIndex(a => a.Reference).IsUnique();
            b.Property(a => a.Reference).HasMaxLength(20);
            b.Property(a => a.Name).HasMaxLength(200);
            b.Property(a => a.Aliases).HasMaxLength(1000);
            b.Property(a => a.Description).HasMaxLength(4000);
            b.Property(a => a.Vehicles).HasMaxLength(1000);
            b.Property(a => a.PhoneNumbers).HasMaxLength(1000);
            b.Property(a => a.Area).HasMaxLength(200);
            b.Property(a => a.RecordedBy).HasMaxLength(256);
            b.Property(a => a.Version).IsConcurrencyToken();
        });

        builder.Entity<Features.Mace.LocationOfConcern>(b =>
        {
            b.ToTable("locations_of_concern");
            b.HasIndex(l => l.Reference).IsUnique();
            b.Property(l => l.Reference).HasMaxLength(20);
            b.Property(l => l.Name).HasMaxLength(200);
            b.Property(l => l.Kind).HasMaxLength(40);
            b.Property(l => l.Address).HasMaxLength(500);
            b.Property(l => l.DistrictCode).HasMaxLength(9);
            b.Property(l => l.Description).HasMaxLength(4000);
            b.Property(l => l.RecordedBy).HasMaxLength(256);
            b.Property(l => l.Version).IsConcurrencyToken();
        });

        builder.Entity<Features.Mace.DisruptionAction>(b =>
        {
            b.ToTable("disruption_actions");
            b.HasIndex(a => a.MeetingId);
            b.HasIndex(a => new { a.Status, a.DueOn });
            b.Property(a => a.Panel).HasMaxLength(100);
            b.Property(a => a.OwnerAgency).HasMaxLength(200);
            b.Property(a => a.Description).HasMaxLength(2000);
            b.Property(a => a.Status).HasMaxLength(20);
            b.Property(a => a.Outcome).HasMaxLength(2000);
            b.Property(a => a.Version).IsConcurrencyToken();
            b.HasOne<Features.Mace.PanelMeeting>().WithMany().HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Child>().WithMany().HasForeignKey(a => a.ChildId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Features.Mace.AdultOfConcern>().WithMany().HasForeignKey(a => a.AdultId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Features.Mace.LocationOfConcern>().WithMany().HasForeignKey(a => a.LocationId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Features.Mace.Association>(b =>
        {
            b.ToTable("associations");
            b.HasIndex(a => a.FromSubject);
            b.HasIndex(a => a.ToSubject);
            b.Property(a => a.FromSubject).HasMaxLength(60);
            b.Property(a => a.ToSubject).HasMaxLength(60);
            b.Property(a => a.LinkType).HasMaxLength(40);
            b.Property(a => a.Source).HasMaxLength(40);
            b.Property(a => a.Grading).HasMaxLength(2);
            b.Property(a => a.Notes).HasMaxLength(2000);
            b.Property(a => a.RecordedBy).HasMaxLength(256);
        });

        builder.Entity<Features.Mace.ChildFlag>(b =>
        {
            b.ToTable("child_flags");
            b.HasIndex(f => f.ChildId);
            b.Property(f => f.Kind).HasMaxLength(40);
            b.Property(f => f.Detail).HasMaxLength(1000);
            b.Property(f => f.SourceAgency).HasMaxLength(200);
            b.Property(f => f.RecordedBy).HasMaxLength(256);
            b.HasOne(f => f.Child).WithMany().HasForeignKey(f => f.ChildId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    /// <summary>Lower-case snake_case names for every table, column, key and index, on both providers.</summary>
    private static void ApplySnakeCaseNames(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => !e.IsOwned()))
        {
            entity.SetTableName(SnakeCase(entity.GetTableName()!));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }

            foreach (var key in entity.GetKeys())
            {
                if (key.GetName() is { } keyName)
                {
                    key.SetName(SnakeCase(keyName));
                }
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                if (foreignKey.GetConstraintName() is { } constraint)
                {
                    foreignKey.SetConstraintName(SnakeCase(constraint));
                }
            }

            foreach (var index in entity.GetIndexes())
            {
                if (index.GetDatabaseName() is { } indexName)
                {
                    index.SetDatabaseName(SnakeCase(indexName));
                }
            }
        }
    }

    public static string SnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    result.Append('_');
                }

                result.Append(char.ToLowerInvariant(c));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private sealed class InstantConverter() : ValueConverter<Instant, DateTime>(
        i => i.ToDateTimeUtc(),
        d => Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)));

    private sealed class LocalDateConverter() : ValueConverter<LocalDate, DateOnly>(
        d => d.ToDateOnly(),
        d => LocalDate.FromDateOnly(d));
}
