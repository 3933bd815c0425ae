using Beacon.Web.Features.Admin;
using Beacon.Web.Features.Demo;
using Beacon.Web.Features.Organisations;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Infrastructure;

/// <summary>The services shared by the web app and the <c>beacon</c> command-line tool: database, identity, audit and
/// the feature handlers. The CLI calls the same handlers as the pages and API.</summary>
public static class BeaconServices
{
    public static IServiceCollection AddBeaconCore(this IServiceCollection services)
    {
        services.AddOptions<BeaconOptions>().BindConfiguration(BeaconOptions.Section);
        services.AddOptions<PartnershipOptions>().BindConfiguration(PartnershipOptions.Section);
        services.AddOptions<Beacon.Web.Features.RepeatMissing.RepeatMissingOptions>().BindConfiguration(Beacon.Web.Features.RepeatMissing.RepeatMissingOptions.Section);
        services.AddOptions<Jobs.JobOptions>().BindConfiguration(Jobs.JobOptions.Section);
        services.AddOptions<Beacon.Web.Features.Retention.RetentionOptions>().BindConfiguration(Beacon.Web.Features.Retention.RetentionOptions.Section);
        services.AddScoped<Beacon.Web.Features.Retention.RetentionReview>();
        services.AddSingleton<Jobs.JobScheduler>();
        services.AddScoped<Jobs.IRecurringJob, Beacon.Web.Features.RepeatMissing.RepeatMissingScan>();
        services.AddOptions<Beacon.Web.Features.Alerts.AlertOptions>().BindConfiguration(Beacon.Web.Features.Alerts.AlertOptions.Section);
        services.AddScoped<Beacon.Web.Features.Alerts.AlertWriter>();
        services.AddScoped<Beacon.Web.Features.Alerts.AlertCentre>();
        services.AddScoped<Beacon.Web.Features.Home.WorkToday>();
        services.AddSingleton<Beacon.Web.Features.Alerts.IAlertEmailSender, Beacon.Web.Features.Alerts.SmtpAlertEmailSender>();
        services.AddScoped<Jobs.IRecurringJob, Beacon.Web.Features.Alerts.AlertScan>();
        services.AddScoped<Jobs.IRecurringJob, Beacon.Web.Features.Alerts.AlertMailer>();
        services.AddScoped<Jobs.IRecurringJob, Beacon.Web.Features.Retention.RetentionReviewJob>();
        Beacon.Web.Features.Mentoring.MentoringServices.AddMentoring(services);
        Beacon.Web.Features.Participation.ParticipationServices.AddParticipation(services);
        services.AddSingleton<Beacon.Web.Features.Missing.ImportRunner>();
        services.AddScoped<Jobs.IRecurringJob, Beacon.Web.Features.Missing.ImportRecoveryJob>();
        // Read lazily, so settings added after registration (test hosts, command-line) are honoured.
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions());

        services.AddSingleton<IClock>(SystemClock.Instance);
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentActor>();
        services.AddDbContext<BeaconDbContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<DatabaseOptions>();
            if (database.EffectiveProvider == DatabaseProvider.PostgreSql)
            {
                options.UseNpgsql(database.QueryConnectionString, npgsql => npgsql.EnableRetryOnFailure(3));
            }
            else
            {
                options.UseSqlite(database.EffectiveConnectionString).AddInterceptors(new SqlitePragmas());
            }

            // A Skip/Take without OrderBy reads arbitrary rows (issue #17 §9): an error outside production, so tests catch it.
            if (sp.GetService<Microsoft.Extensions.Hosting.IHostEnvironment>() is { } environment && !Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions.IsProduction(environment))
            {
                options.ConfigureWarnings(w => w.Throw(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning));
            }
        });

        // Data-protection keys live in the database: every instance and the CLI share them (docs/decisions/0005).
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddDataProtection().SetApplicationName("Beacon");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = sp.GetRequiredService<DatabaseXmlRepository>()));

        services.AddIdentityCore<BeaconUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 5;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version2;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<BeaconDbContext>()
            .AddSignInManager<BeaconSignInManager>()
            .AddClaimsPrincipalFactory<BeaconClaimsFactory>()
            .AddPasswordValidator<GuessablePasswordValidator>()
            .AddDefaultTokenProviders();

        services.AddScoped<MigrationRunner>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<AuditGroupCommit>();
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section)
            .Validate<IHostEnvironment>((o, environment) => o.Problem(environment.EnvironmentName) is null, "Beacon:Audit:SkipReadsForBenchmark is for the audit benchmark only").ValidateOnStart();
        services.AddScoped<RecordOpener>();
        services.AddScoped<AuditReader>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuditedAuthorizationResultHandler>();
        services.AddScoped<ApiTokenService>();
        services.AddScoped<AccountSecurity>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<ReferenceDataSeeder>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<Beacon.Web.Features.Demo.DemoMace>();
        services.AddScoped<Beacon.Web.Features.Demo.DemoHistory>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<Beacon.Web.Features.Children.ChildRecords>();
        services.AddScoped<Beacon.Web.Features.Children.ChildMerging>();
        services.AddScoped<Beacon.Web.Features.Children.AuthorityChanges>();
        services.AddScoped<Beacon.Web.Features.Missing.NotificationIntake>();
        services.AddScoped<Beacon.Web.Features.Missing.NotificationImport>();
        services.AddScoped<Beacon.Web.Features.ReturnInterviews.ReturnInterviewWork>();
        services.AddScoped<Beacon.Web.Features.ReturnInterviews.ReturnInterviewImport>();
        services.AddScoped<Beacon.Web.Features.Reports.MissingReturn>();
        services.AddScoped<Beacon.Web.Features.Reports.MissingReturnBenchmark>();
        services.AddScoped<Beacon.Web.Features.Exports.StatutoryExports>();
        services.AddScoped<Beacon.Web.Features.Exports.SubjectAccess>();
        services.AddScoped<Beacon.Web.Features.Reports.Intelligence>();
        services.AddScoped<Beacon.Web.Features.SpotPurchase.SpotPurchases>();
        services.AddScoped<Beacon.Web.Features.RepeatMissing.RepeatMissingEvaluator>();
        services.AddScoped<Beacon.Web.Features.Exploitation.RfmTemplates>();
        services.AddScoped<Beacon.Web.Features.Exploitation.ReferralWork>();
        services.AddScoped<Beacon.Web.Features.Exploitation.ReferralImport>();
        services.AddScoped<Beacon.Web.Features.CouncilChildIds.CouncilChildIdImport>();
        services.AddScoped<Beacon.Web.Features.KeyWork.KeyWorkService>();
        services.AddScoped<Beacon.Web.Features.Mace.MaceWork>();
        services.AddScoped<Beacon.Web.Features.Reports.ExploitationReturn>();
        services.AddScoped<Beacon.Web.Features.Mace.CrossReference>();
        services.AddScoped<Beacon.Web.Features.Mace.AssociationNetwork>();
        services.AddScoped<Beacon.Web.Features.Mace.SubjectLinks>();
        services.AddScoped<Beacon.Web.Features.Demo.SyntheticReferrals>();
        services.AddScoped<Beacon.Web.Features.Demo.SyntheticOutcomes>();
        Beacon.Web.Features.Outcomes.OutcomeServices.AddOutcomes(services);
        Beacon.Web.Features.Onward.OnwardServices.AddOnward(services);
        Beacon.Web.Features.Contract.ContractServices.AddContract(services);
        Beacon.Web.Features.SupportPlans.SupportPlanServices.AddSupportPlans(services);
        return services;
    }

    /// <summary>Applies migrations (or, with <c>Beacon:Database:MigrateAtStartUp=false</c> and no <paramref name="migrate"/>,
    /// checks none is pending) and reference data, then demo data when demo mode is on; one instance at a time
    /// (<see cref="Hosting.StartUpLock"/>). Returns how many migrations were applied.</summary>
    public static async Task<int> PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default, bool migrate = false)
    {
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("system:start-up");
        var database = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        await using var startUp = await Hosting.StartUpLock.TakeAsync(database, cancellationToken);
        var applied = 0;
        if (migrate || database.MigrateAtStartUp)
        {
            applied = await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
        }
        else
        {
            await scope.ServiceProvider.GetRequiredService<MigrationRunner>().EnsureCurrentAsync(cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<ReferenceDataSeeder>().SeedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Beacon.Web.Features.Exploitation.RfmTemplates>().EnsureStarterAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Beacon.Web.Features.Outcomes.OutcomeFrameworks>().EnsureStarterAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<UserAdministration>().EnsureRolesAsync();
        if (scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<BeaconOptions>>().Value.Demo.Enabled)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }

        return applied;
    }
}
