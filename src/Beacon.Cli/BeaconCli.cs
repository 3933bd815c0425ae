using System.CommandLine;
using Beacon.Domain.Organisations;
using Beacon.Web.Features.Admin;
using Beacon.Web.Features.Demo;
using Beacon.Web.Features.Missing;
using Beacon.Web.Features.Organisations;
using Beacon.Web.Infrastructure;
using Beacon.Web.Infrastructure.Auditing;
using Beacon.Web.Infrastructure.Cli;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Beacon.Cli;

/// <summary>
/// The <c>beacon</c> command-line tool. It runs the same handlers as the web app (shared through
/// <see cref="BeaconServices.AddBeaconCore"/>) against the same configuration, as a system actor named after the OS user.
/// </summary>
public static class BeaconCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null)
    {
        var cli = new CliCommands(output, error, settings);
        var root = cli.Root;
        root.Subcommands.Add(MigrateCommand(output, error, settings));
        root.Subcommands.Add(UsersCommand(output, error, settings));
        root.Subcommands.Add(TokensCommand(output, error, settings));
        root.Subcommands.Add(OrganisationsCommand(output, error, settings));
        root.Subcommands.Add(AuditCommand(output, error, settings));
        root.Subcommands.Add(DemoCommand(output, error, settings));
        AddImports(cli);
        AddReports(cli, output, error, settings);
        AddExports(cli, output, error, settings);
        root.Subcommands.Add(BackupCommand(output, error, settings));
        root.Subcommands.Add(RestoreCommand(output, error, settings));
        root.Subcommands.Add(JobsCommand(output, error, settings));
        root.Subcommands.Add(RetentionCommand(output, error, settings));
        root.Subcommands.Add(DevCommand(output, error, settings));
        cli.Build();
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Runs <paramref name="work"/> in a scope with the database migrated, as a system actor.</summary>
    private static Task<int> WithServices(TextWriter error, IDictionary<string, string?>? settings, Func<IServiceProvider, Task<int>> work, bool prepare = true) =>
        new CliCommands(TextWriter.Null, error, settings).WithServices(work, prepare);

    private static Command MigrateCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var command = new Command("migrate", "Apply database migrations and reference data (start-up does this too).");
        command.SetAction((_, _) => WithServices(error, settings, async _ =>
        {
            await output.WriteLineAsync("Database is up to date.");
            return 0;
        }));
        return command;
    }

    private static Command UsersCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var users = new Command("users", "Manage user accounts.");

        var email = new Option<string>("--email") { Description = "Email address (the sign-in name)", Required = true };
        var name = new Option<string>("--name") { Description = "Full name", Required = true };
        var organisation = new Option<string>("--organisation") { Description = "Organisation code, e.g. PROVIDER, LA-860 (see: beacon organisations list)", Required = true };
        var role = new Option<string[]>("--role") { Description = $"Role (repeatable): {string.Join(", ", Roles.All)}", Required = true, AllowMultipleArgumentsPerToken = true };
        var team = new Option<string?>("--team") { Description = "Team name" };
        var password = new Option<string?>("--password") { Description = "First password (else read from BEACON_NEW_PASSWORD)" };
        var service = new Option<bool>("--service-account") { Description = "A partner system's account: API tokens only, no interactive sign-in" };
        var create = new Command("create", "Create a user.") { email, name, organisation, role, team, password, service };
        create.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var secret = r.GetValue(password) ?? Environment.GetEnvironmentVariable("BEACON_NEW_PASSWORD");
            if (string.IsNullOrEmpty(secret))
            {
                await error.WriteLineAsync("beacon: give --password or set BEACON_NEW_PASSWORD");
                return 2;
            }

            var result = await sp.GetRequiredService<UserAdministration>().CreateAsync(
                new CreateUserCommand(r.GetValue(email)!, r.GetValue(name)!, r.GetValue(organisation)!, r.GetValue(role)!, secret, r.GetValue(team), IsServiceAccount: r.GetValue(service)), ct);
            if (!result.Succeeded)
            {
                foreach (var (field, message) in result.Errors)
                {
                    await error.WriteLineAsync($"beacon: {field}: {message}");
                }

                return 1;
            }

            await output.WriteLineAsync($"Created user {result.User!.Email} ({result.User.Id}).");
            return 0;
        }));

        var list = new Command("list", "List users.");
        list.SetAction((_, ct) => WithServices(error, settings, async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            var rows = await db.Users.AsNoTracking().Include(u => u.Organisation).OrderBy(u => u.Email).ToListAsync(ct);
            var now = sp.GetRequiredService<IClock>().GetCurrentInstant().ToDateTimeOffset();
            foreach (var u in rows)
            {
                await output.WriteLineAsync($"{u.Email}\t{u.DisplayName}\t{u.Organisation!.Code}\t{(u.LockoutEnd > now ? "locked" : "active")}{(u.IsDemo ? "\tdemo" : string.Empty)}");
            }

            return 0;
        }));

        var lockEmail = new Option<string>("--email") { Description = "Email address", Required = true };
        var lockCommand = new Command("lock", "Lock (disable) an account.") { lockEmail };
        lockCommand.SetAction((r, ct) => WithServices(error, settings, sp => SetLocked(sp, output, error, r.GetValue(lockEmail)!, true, ct)));
        var unlockEmail = new Option<string>("--email") { Description = "Email address", Required = true };
        var unlockCommand = new Command("unlock", "Unlock an account.") { unlockEmail };
        unlockCommand.SetAction((r, ct) => WithServices(error, settings, sp => SetLocked(sp, output, error, r.GetValue(unlockEmail)!, false, ct)));

        users.Subcommands.Add(create);
        users.Subcommands.Add(list);
        users.Subcommands.Add(lockCommand);
        users.Subcommands.Add(unlockCommand);
        return users;
    }

    private static async Task<int> SetLocked(IServiceProvider sp, TextWriter output, TextWriter error, string email, bool locked, CancellationToken ct)
    {
        var db = sp.GetRequiredService<BeaconDbContext>();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == email.Trim().ToUpperInvariant(), ct);
        if (user is null)
        {
            await error.WriteLineAsync($"beacon: no user has the email {email}");
            return 1;
        }

        await sp.GetRequiredService<UserAdministration>().SetLockedAsync(user.Id, locked, ct);
        await output.WriteLineAsync($"{(locked ? "Locked" : "Unlocked")} {user.Email}.");
        return 0;
    }

    private static Command TokensCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var email = new Option<string>("--email") { Description = "The user or service account the token acts as", Required = true };
        var name = new Option<string>("--name") { Description = "What will use it", Required = true };
        var days = new Option<int>("--days") { Description = "Days until it expires (1-365)", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Issue an API token; it is printed once and stored only as a hash.") { email, name, days };
        create.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var d = r.GetValue(days);
            if (d is < 1 or > 365)
            {
                await error.WriteLineAsync("beacon: --days must be from 1 to 365");
                return 2;
            }

            var db = sp.GetRequiredService<BeaconDbContext>();
            var address = r.GetValue(email)!.Trim().ToUpperInvariant();
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == address, ct);
            if (user is null)
            {
                await error.WriteLineAsync($"beacon: no user has the email {r.GetValue(email)}");
                return 1;
            }

            var (token, secret) = await sp.GetRequiredService<ApiTokenService>().IssueAsync(user.Id, r.GetValue(name)!, Duration.FromDays(d), ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("api-token-create", "User", user.Id.ToString(), details: $"token: {token.Prefix}", cancellationToken: ct);
            await output.WriteLineAsync(secret);
            return 0;
        }));
        var tokens = new Command("tokens", "Manage API tokens for partner systems.");
        tokens.Subcommands.Add(create);
        return tokens;
    }

    private static Command OrganisationsCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var list = new Command("list", "List organisations.");
        list.SetAction((_, ct) => WithServices(error, settings, async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            foreach (var o in await db.Organisations.AsNoTracking().OrderBy(o => o.Code).ToListAsync(ct))
            {
                await output.WriteLineAsync($"{o.Code}\t{o.Kind}\t{o.Name}");
            }

            return 0;
        }));

        var dfe = new Option<int>("--dfe") { Description = "DfE local-authority number", Required = true };
        var name = new Option<string>("--name") { Description = "Council name", Required = true };
        var add = new Command("add-authority", "Add an English council (e.g. a placing authority).") { dfe, name };
        add.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var number = r.GetValue(dfe);
            if (number is < 100 or > 999)
            {
                await error.WriteLineAsync("beacon: --dfe must be a three-digit DfE LA number");
                return 2;
            }

            var db = sp.GetRequiredService<BeaconDbContext>();
            var code = ReferenceDataSeeder.AuthorityCode(number);
            if (await db.Organisations.AnyAsync(o => o.Code == code, ct))
            {
                await output.WriteLineAsync($"{code} already exists.");
                return 0;
            }

            db.Organisations.Add(new Organisation { Id = Guid.NewGuid(), Code = code, Name = r.GetValue(name)!.Trim(), Kind = OrganisationKind.LocalAuthority, DfeLaNumber = number });
            await db.SaveChangesAsync(ct);
            await output.WriteLineAsync($"Added {code}.");
            return 0;
        }));

        var organisations = new Command("organisations", "Reference data: organisations.");
        organisations.Subcommands.Add(list);
        organisations.Subcommands.Add(add);
        return organisations;
    }

    private static Command RetentionCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var review = new Command("review", "Dry run: list children whose records are past retention (references only; nothing changes).");
        review.SetAction((_, ct) => WithServices(error, settings, async sp =>
        {
            var candidates = await sp.GetRequiredService<Beacon.Web.Features.Retention.RetentionReview>().ReviewAsync(ct);
            foreach (var c in candidates)
            {
                await output.WriteLineAsync($"{c.Reference}	{c.ChildId}	last activity {c.LastActivity:yyyy-MM-dd}	deletable from {c.DeletableFrom:yyyy-MM-dd}	{c.Records} records");
            }

            await output.WriteLineAsync($"{candidates.Count} children past retention. Nothing was changed.");
            return 0;
        }));
        var confirm = new Option<bool>("--confirm") { Description = "Required: really delete" };
        var delete = new Command("delete", "Delete every child past retention with all their records, audited.") { confirm };
        delete.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            if (!r.GetValue(confirm))
            {
                await error.WriteLineAsync("beacon: add --confirm to delete (run `beacon retention review` first to see what would go)");
                return 2;
            }

            var deleted = await sp.GetRequiredService<Beacon.Web.Features.Retention.RetentionReview>().DeleteAsync(ct);
            await output.WriteLineAsync($"Deleted {deleted} children past retention, with all their records.");
            return 0;
        }));
        var retention = new Command("retention", "The retention policy (Beacon:Retention).");
        retention.Subcommands.Add(review);
        retention.Subcommands.Add(delete);
        return retention;
    }

    private static Command JobsCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var list = new Command("list", "Recurring jobs: next run, current holder and last outcome.");
        list.SetAction((_, ct) => WithServices(error, settings, async sp =>
        {
            foreach (var j in await sp.GetRequiredService<BeaconDbContext>().ScheduledJobs.AsNoTracking().OrderBy(j => j.Name).ToListAsync(ct))
            {
                await output.WriteLineAsync($"{j.Name}	next {j.NextRunAt}	{(j.LeaseOwner is null ? "idle" : $"held by {j.LeaseOwner} until {j.LeaseUntil}")}	runs {j.Runs}	{j.LastOutcome}");
            }

            return 0;
        }));
        var runDue = new Command("run-due", "Run every due job once now (for deployments that schedule with cron instead of the web instances).");
        runDue.SetAction((_, ct) => WithServices(error, settings, async sp =>
        {
            var ran = await sp.GetRequiredService<Beacon.Web.Infrastructure.Jobs.JobScheduler>().RunDueAsync(ct);
            await output.WriteLineAsync(ran.Count == 0 ? "No job was due." : $"Ran: {string.Join(", ", ran)}.");
            return 0;
        }));
        var jobs = new Command("jobs", "Recurring jobs (repeat-missing scan, alert scan and mailer, import recovery, retention review).");
        jobs.Subcommands.Add(list);
        jobs.Subcommands.Add(runDue);
        return jobs;
    }

    private static Command AuditCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var expect = new Option<string?>("--expect-head") { Description = "A head hash noted earlier: fails if the chain no longer contains it as its head or before" };
        var verify = new Command("verify", "Check the audit log's hash chain: detects edited or deleted entries.") { expect };
        verify.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var result = await sp.GetRequiredService<AuditLog>().VerifyAsync(ct);
            if (!result.IsIntact)
            {
                await error.WriteLineAsync($"Audit log TAMPERED: {result.Problem} (checked {result.EntriesChecked} entries before it).");
                return 3;
            }

            var expected = r.GetValue(expect);
            if (expected is not null && !string.Equals(expected, result.HeadHash, StringComparison.OrdinalIgnoreCase)
                && !await sp.GetRequiredService<BeaconDbContext>().AuditEntries.AnyAsync(e => e.Hash == expected.ToLowerInvariant(), ct))
            {
                await error.WriteLineAsync($"Audit log TAMPERED: the noted head {expected} is no longer in the chain (entries were removed from the end).");
                return 3;
            }

            await output.WriteLineAsync($"Audit log intact: {result.EntriesChecked} entries. Head: {result.HeadHash}");
            return 0;
        }, prepare: false));
        var audit = new Command("audit", "The audit log.");
        audit.Subcommands.Add(verify);
        return audit;
    }

    private static Command DemoCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var seed = new Command("seed", "Create the synthetic demo organisations, users and caseload (turns demo mode on for this run).");
        var demoSettings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Beacon:Demo:Enabled"] = "true" };
        seed.SetAction((_, _) => WithServices(error, demoSettings, async _ =>
        {
            await output.WriteLineAsync("Demo data is in place. Demo accounts (sign-in needs demo mode on, Beacon__Demo__Enabled=true):");
            foreach (var account in DemoSeeder.Accounts)
            {
                await output.WriteLineAsync($"  {account.Email}\t{Roles.DisplayName(account.Role)}");
            }

            return 0;
        }));
        var rows = new Option<long>("--rows") { Description = "How many notifications", DefaultValueFactory = _ => 10_000 };
        var outFile = new Option<FileInfo>("--out") { Description = "The CSV file to write", Required = true };
        var notifications = new Command("notifications", "Write a CSV of synthetic police notifications (for benchmarks and load tests).") { rows, outFile };
        notifications.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var districts = await sp.GetRequiredService<BeaconDbContext>().Areas.Where(a => a.Kind != "county").Select(a => a.GssCode).OrderBy(c => c).ToListAsync(ct);
            await using var writer = new StreamWriter(r.GetValue(outFile)!.FullName, false, NotificationImport.Utf8, 1 << 16);
            await SyntheticNotifications.WriteAsync(writer, r.GetValue(rows), NodaTime.SystemClock.Instance.GetCurrentInstant(), districts);
            await output.WriteLineAsync($"Wrote {r.GetValue(rows):N0} synthetic notifications to {r.GetValue(outFile)!.FullName}.");
            return 0;
        }));
        var count = new Option<int>("--count") { Description = "How many referrals", DefaultValueFactory = _ => 1_000 };
        var referralSeed = new Option<int>("--seed") { Description = "Random seed (the same seed picks the same answers)", DefaultValueFactory = _ => 1 };
        var referrals = new Command("referrals", "Create synthetic exploitation referrals in the database for random children (scored, routed and audited as real ones).") { count, referralSeed };
        referrals.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var created = await sp.GetRequiredService<SyntheticReferrals>().CreateAsync(r.GetValue(count), r.GetValue(referralSeed), ct);
            await output.WriteLineAsync($"Created {created:N0} synthetic referrals.");
            return 0;
        }));
        var outcomeSeed = new Option<int>("--seed") { Description = "Random seed (the same seed closes the same RHIs the same way)", DefaultValueFactory = _ => 1 };
        var outcomes = new Command("rhi-outcomes", "Close the synthetic dataset's RHIs due more than 14 days ago as a service would have (completed, declined, no contact, not offered; some left open), audited.") { outcomeSeed };
        outcomes.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var closed = await sp.GetRequiredService<SyntheticOutcomes>().CloseAsync(r.GetValue(outcomeSeed), new CliCommands.SyncProgress(n =>
            {
                if (n % 20_000 < SyntheticOutcomes.BatchSize)
                {
                    error.WriteLine($"  {n:N0} closed");
                }
            }), ct);
            await output.WriteLineAsync($"Closed {closed:N0} synthetic RHIs.");
            return 0;
        }));
        var generate = new Command("generate", "Generate synthetic data: notification files, referrals and RHI outcomes in the database.");
        generate.Subcommands.Add(notifications);
        generate.Subcommands.Add(referrals);
        generate.Subcommands.Add(outcomes);
        var demo = new Command("demo", "Synthetic demo data.");
        demo.Subcommands.Add(seed);
        demo.Subcommands.Add(generate);
        return demo;
    }

    private static void AddImports(CliCommands cli)
    {
        var import = cli.Import;
        // Police references and person ids are the notifying force's (issue #16): name it when the partnership has several.
        var force = new Option<string?>("--force") { Description = "Organisation code of the police force that sent the file (default: the only force, if there is one)" };
        var notifications = cli.ImportCommand("notifications", "Import police notifications.", async (sp, r, input, rejected, progress, ct) =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            var code = r.GetValue(force);
            var police = await db.Organisations.Where(o => o.Kind == OrganisationKind.Police && (code == null || o.Code == code)).Select(o => (Guid?)o.Id).ToListAsync(ct);
            if (code is not null && police.Count == 0)
            {
                return new Beacon.Web.Infrastructure.Csv.ImportReport { FileProblem = $"no police force with the code {code}" };
            }

            return await sp.GetRequiredService<NotificationImport>().ImportAsync(input, rejected, police.Count == 1 ? police[0] : null, progress, ct);
        });
        notifications.Options.Add(force);
        import.Subcommands.Add(notifications);
        import.Subcommands.Add(cli.ImportCommand("exploitation-referrals", "Import historical exploitation referrals (closed history, counted in the exploitation return).",
            (sp, _, input, rejected, progress, ct) => sp.GetRequiredService<Beacon.Web.Features.Exploitation.ReferralImport>().ImportAsync(input, rejected, progress, ct)));
        import.Subcommands.Add(cli.ImportCommand("return-interviews", "Migrate the previous provider's return interviews (import their notifications first).",
            (sp, _, input, rejected, progress, ct) => sp.GetRequiredService<Beacon.Web.Features.ReturnInterviews.ReturnInterviewImport>().ImportAsync(input, rejected, progress, ct)));
    }

    private static void AddReports(CliCommands cli, TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var year = new Option<int?>("--financial-year") { Description = "The financial year starting in April of this year (2020 = April 2020 to March 2021); not needed with --month" };
        var month = new Option<string?>("--month") { Description = "One month's return instead, yyyy-MM (e.g. 2020-07), with the previous month and the same month last year" };
        var format = new Option<string>("--format") { Description = "csv, json or xlsx (xlsx needs --out)", DefaultValueFactory = _ => "csv" };
        var period = new Option<string>("--period") { Description = "quarterly, monthly or annual", DefaultValueFactory = _ => "quarterly" };
        var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
        var benchmark = new Option<int?>("--benchmark") { Description = "Instead of writing the return, time it this many times against the same figures as one bare SQL query" };
        var definitions = new Option<bool>("--definitions") { Description = "Instead of the return, what each of its columns counts (csv or json)" };
        var missing = new Command("missing-quarterly", "The missing return by district, locality and whole area (Q1 = April to June, UK time).") { year, month, format, period, outFile, benchmark, definitions };
        missing.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var (f, p) = (r.GetValue(format)!.ToLowerInvariant(), r.GetValue(period)!.ToLowerInvariant());
            if (r.GetValue(definitions))
            {
                if (f is not ("csv" or "json"))
                {
                    await error.WriteLineAsync("beacon: --definitions are written as csv or json");
                    return 2;
                }

                await output.WriteAsync(Beacon.Web.Features.Reports.MissingReturn.Definitions(f));
                return 0;
            }

            var oneMonth = r.GetValue(month) is { } monthText ? NodaTime.Text.LocalDatePattern.CreateWithInvariantCulture("yyyy-MM").Parse(monthText) : null;
            if (oneMonth is { Success: false } || (oneMonth is null && r.GetValue(year) is null))
            {
                await error.WriteLineAsync("beacon: give --financial-year (e.g. 2020), or --month as yyyy-MM (e.g. 2020-07)");
                return 2;
            }

            var y = oneMonth is { } m ? Beacon.Domain.Reporting.FinancialYear.Of(m.Value) : r.GetValue(year)!.Value;
            p = oneMonth is null ? p : "monthly";
            if (r.GetValue(benchmark) is { } runs)
            {
                var result = await sp.GetRequiredService<Beacon.Web.Features.Reports.MissingReturnBenchmark>().RunAsync(y, Math.Max(1, runs), ct);
                var (report, sql) = (Beacon.Web.Features.Reports.BenchmarkResult.Median(result.ReportMilliseconds), Beacon.Web.Features.Reports.BenchmarkResult.Median(result.SqlMilliseconds));
                await output.WriteLineAsync($"{result.Episodes:N0} episodes. Quarterly return {y}: median {report:N0} ms (of {string.Join(", ", result.ReportMilliseconds.Select(t => t.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}); bare SQL median {sql:N0} ms; ratio {report / Math.Max(sql, 0.001):N2}.");
                await output.WriteLineAsync(result.Disagreements.Count == 0 ? "District figures agree with the bare SQL." : $"Disagreements:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", result.Disagreements)}");
                return result.Disagreements.Count == 0 ? 0 : 1;
            }

            if (f is not ("csv" or "json" or "xlsx") || p is not ("quarterly" or "monthly" or "annual") || (f == "xlsx" && r.GetValue(outFile) is null))
            {
                await error.WriteLineAsync("beacon: --format must be csv, json or xlsx (with --out); --period quarterly, monthly or annual");
                return 2;
            }

            var rows = await sp.GetRequiredService<Beacon.Web.Features.Reports.MissingReturn>().BuildAsync(y, p, ct);
            if (oneMonth is { } only)
            {
                var label = only.Value.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
                rows = [.. rows.Where(row => row.Period == label)];
            }

            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "MissingReturn", oneMonth is null ? $"{y}/{p}" : $"{y}/{r.GetValue(month)}", cancellationToken: ct);
            if (f == "xlsx")
            {
                await File.WriteAllBytesAsync(r.GetValue(outFile)!.FullName, Beacon.Web.Features.Reports.MissingReturn.ToXlsx(rows, p), ct);
                return 0;
            }

            var text = f == "csv" ? Beacon.Web.Features.Reports.MissingReturn.ToCsv(rows, p) : Beacon.Web.Features.Reports.MissingReturn.ToJson(rows, p);
            if (r.GetValue(outFile) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, NotificationImport.Utf8, ct);
            }
            else
            {
                await output.WriteAsync(text);
            }

            return 0;
        }));
        var (eYear, eFormat, ePeriod, eOut) = (new Option<int>("--financial-year") { Description = year.Description, Required = true },
            new Option<string>("--format") { Description = "csv or json", DefaultValueFactory = _ => "csv" },
            new Option<string>("--period") { Description = period.Description, DefaultValueFactory = _ => "quarterly" },
            new Option<FileInfo?>("--out") { Description = outFile.Description });
        var exploitation = new Command("exploitation-quarterly", "Exploitation referrals by district, locality and whole area and risk level (Q1 = April to June), with panel activity.") { eYear, eFormat, ePeriod, eOut };
        exploitation.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var (y, f, p) = (r.GetValue(eYear), r.GetValue(eFormat)!.ToLowerInvariant(), r.GetValue(ePeriod)!.ToLowerInvariant());
            if (f is not ("csv" or "json") || p is not ("quarterly" or "monthly" or "annual"))
            {
                await error.WriteLineAsync("beacon: --format must be csv or json; --period quarterly, monthly or annual");
                return 2;
            }

            var result = await sp.GetRequiredService<Beacon.Web.Features.Reports.ExploitationReturn>().BuildAsync(y, p, ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "ExploitationReturn", $"{y}/{p}", cancellationToken: ct);
            var text = f == "csv" ? Beacon.Web.Features.Reports.ExploitationReturn.ToCsv(result, p) : Beacon.Web.Features.Reports.ExploitationReturn.ToJson(result);
            if (r.GetValue(eOut) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, NotificationImport.Utf8, ct);
            }
            else
            {
                await output.WriteAsync(text);
            }

            return 0;
        }));
        cli.Report.Subcommands.Add(missing);
        cli.Report.Subcommands.Add(exploitation);
    }

    private static void AddExports(CliCommands cli, TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        Command Make(string name, string description, Option extra, Func<IServiceProvider, int, ParseResult, CancellationToken, Task<Beacon.Web.Features.Exports.ExportResult>> run)
        {
            var authority = new Option<int>("--authority") { Description = "The council's DfE LA number, e.g. 860", Required = true };
            var outFile = new Option<FileInfo?>("--out") { Description = "Write to this file instead of the console" };
            var command = new Command(name, description) { authority, extra, outFile };
            command.SetAction((r, ct) => WithServices(error, settings, async sp =>
            {
                var result = await run(sp, r.GetValue(authority), r, ct);
                await sp.GetRequiredService<AuditLog>().RecordAsync("export", name, r.GetValue(authority).ToString(System.Globalization.CultureInfo.InvariantCulture), details: $"rows: {result.Rows}", cancellationToken: ct);
                if (r.GetValue(outFile) is { } file)
                {
                    await File.WriteAllTextAsync(file.FullName, result.Csv, NotificationImport.Utf8, ct);
                    await output.WriteLineAsync($"Wrote {result.Rows} rows to {file.FullName}.");
                }
                else
                {
                    await output.WriteAsync(result.Csv);
                }

                foreach (var failure in result.Failures)
                {
                    await error.WriteLineAsync($"rule {failure.Rule}: child {failure.ChildReference} ({failure.LocalAuthorityChildId ?? "no council id"}): {failure.Message}");
                }

                return result.Failures.Count == 0 ? 0 : 3;
            }));
            return command;
        }

        var collectionYear = new Option<int>("--collection-year") { Description = "The collection year starting in April (2024 = April 2024 to March 2025)", Required = true };
        var asOf = new Option<string>("--as-of") { Description = "The date of the Annex A list, yyyy-mm-dd", Required = true };
        var export = cli.Export;
        export.Subcommands.Add(Make("ssda903-missing", "The SSDA903 Missing table for a council's looked-after children.", collectionYear,
            (sp, dfe, r, ct) => sp.GetRequiredService<Beacon.Web.Features.Exports.StatutoryExports>().Ssda903MissingAsync(dfe, r.GetValue(collectionYear), ct)));
        export.Subcommands.Add(Make("annex-a-missing", "Ofsted Annex A List 8's missing columns for a council's looked-after children.", asOf,
            (sp, dfe, r, ct) => NodaTime.Text.LocalDatePattern.Iso.Parse(r.GetValue(asOf) ?? string.Empty) is { Success: true } date
                ? sp.GetRequiredService<Beacon.Web.Features.Exports.StatutoryExports>().AnnexAMissingAsync(dfe, date.Value, ct)
                : throw new InvalidOperationException("--as-of must be a date written yyyy-mm-dd")));
        var child = new Option<Guid>("--child") { Description = "The child's Beacon id", Required = true };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Folder for subject-access.json and subject-access.html", Required = true };
        var subject = new Command("subject-access", "Everything held about one child (JSON and readable HTML) for a subject access request.") { child, outDir };
        subject.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var result = await sp.GetRequiredService<Beacon.Web.Features.Exports.SubjectAccess>().ExportAsync(r.GetValue(child), ct);
            if (result is null)
            {
                await error.WriteLineAsync("beacon: no child has that id");
                return 1;
            }

            var folder = r.GetValue(outDir)!;
            folder.Create();
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "subject-access.json"), result.Value.Json, NotificationImport.Utf8, ct);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "subject-access.html"), result.Value.Html, NotificationImport.Utf8, ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("export", "SubjectAccess", r.GetValue(child).ToString(), cancellationToken: ct);
            await output.WriteLineAsync($"Wrote subject-access.json and subject-access.html to {folder.FullName}.");
            return 0;
        }));
        export.Subcommands.Add(subject);
    }

    private static Command BackupCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var to = new Option<FileInfo>("--to") { Description = "The backup file to write", Required = true };
        var backup = new Command("backup", "Back up the SQLite database while Beacon runs (consistent, online). For PostgreSQL use pg_dump (see README).") { to };
        backup.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            if (!db.Database.IsSqlite())
            {
                await error.WriteLineAsync("beacon: backup is for SQLite; for PostgreSQL use pg_dump --format=custom (README, \"Backups\").");
                return 2;
            }

            var target = r.GetValue(to)!.FullName;
            await using (var source = new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetConnectionString()))
            await using (var destination = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={target};Pooling=False"))
            {
                await source.OpenAsync(ct);
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }

            await sp.GetRequiredService<AuditLog>().RecordAsync("backup", "Database", null, cancellationToken: ct);
            await output.WriteLineAsync($"Backed up to {target}.");
            return 0;
        }, prepare: false));
        return backup;
    }

    private static Command RestoreCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var from = new Option<FileInfo>("--from") { Description = "A backup made by beacon backup", Required = true };
        var restore = new Command("restore", "Replace the SQLite database with a backup (stop the web app first). Migrations then bring it up to date.") { from };
        restore.SetAction((r, ct) => WithServices(error, settings, async sp =>
        {
            var db = sp.GetRequiredService<BeaconDbContext>();
            var file = r.GetValue(from)!;
            if (!db.Database.IsSqlite() || !file.Exists)
            {
                await error.WriteLineAsync(!file.Exists ? $"beacon: no such file: {file.FullName}" : "beacon: restore is for SQLite; for PostgreSQL use pg_restore (README).");
                return 2;
            }

            await using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file.FullName};Mode=ReadOnly;Pooling=False"))
            {
                await source.OpenAsync(ct);
                await using var check = source.CreateCommand();
                check.CommandText = "SELECT count(*) FROM sqlite_master WHERE name IN ('schema_versions', 'audit_entries')";
                if (Convert.ToInt32(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) != 2)
                {
                    await error.WriteLineAsync("beacon: that file is not a Beacon backup; nothing was changed.");
                    return 1;
                }

                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                await using var destination = new Microsoft.Data.Sqlite.SqliteConnection(db.Database.GetConnectionString() + ";Pooling=False");
                await destination.OpenAsync(ct);
                source.BackupDatabase(destination);
            }

            await sp.PrepareDatabaseAsync(ct);
            var verify = await sp.GetRequiredService<AuditLog>().VerifyAsync(ct);
            await sp.GetRequiredService<AuditLog>().RecordAsync("restore", "Database", null, details: $"from backup; chain {(verify.IsIntact ? "intact" : "broken")}", cancellationToken: ct);
            await output.WriteLineAsync($"Restored from {file.FullName}. Audit log {(verify.IsIntact ? "intact" : "BROKEN: " + verify.Problem)} ({verify.EntriesChecked} entries).");
            return verify.IsIntact ? 0 : 3;
        }, prepare: false));
        return restore;
    }

    private static Command DevCommand(TextWriter output, TextWriter error, IDictionary<string, string?>? settings)
    {
        var script = new Command("schema-script", "Print the SQL that EF Core's model would create, for the configured provider: a starting point when writing a migration by hand.");
        script.SetAction((_, _) => WithServices(error, settings, async sp =>
        {
            await output.WriteLineAsync(sp.GetRequiredService<BeaconDbContext>().Database.GenerateCreateScript());
            return 0;
        }, prepare: false));
        var dev = new Command("dev", "Developer aids.");
        dev.Subcommands.Add(script);
        return dev;
    }
}
