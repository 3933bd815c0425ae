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
/// this model matches them on SQLite and PostgreSQL. This file maps only the shared tables (identity, organisations,
/// areas, children, the audit log, data-protection keys); each feature maps its own (docs/decisions/0016), and every
/// row is filtered by the current actor's access scope in one place, BeaconDbContext.AccessFilters.cs (docs/decisions/0004).
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
            b.HasIndex(c => new { c.LivingSituation, c.GivenName }); // the children list sorted by living situation (migration 0039)
            b.HasIndex(c => new { c.HostDistrictCode, c.GivenName }); // ... and by district, a district at a time (also the district's key)
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
