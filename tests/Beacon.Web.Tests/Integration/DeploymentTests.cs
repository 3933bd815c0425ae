using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Tests.Support;
using Npgsql;

namespace Beacon.Web.Tests.Integration;

/// <summary>
/// The production guide (docs/deploy.md, issue #21 §5) followed by a test: the web app published with <c>dotnet publish</c>,
/// PostgreSQL roles from <c>deploy/postgres-roles.sql</c>, migrations by the owner role (two <c>Beacon.Web migrate</c>
/// at once), two instances started at the same moment as the app role (secrets from a systemd-style credentials folder,
/// data-protection keys encrypted with a certificate) behind <c>deploy/nginx.conf</c> with TLS (self-signed).
/// </summary>
public sealed class PublishedDeployment : IAsyncLifetime
{
    private readonly List<Process> processes = [];
    private string? server;
    private string folder = null!;
    private string suffix = null!;

    public string? Unavailable { get; private set; }

    public string Database => $"beacon_deploy_{suffix}";

    public string OwnerRole => $"beacon_owner_{suffix}";

    public string AppRole => $"beacon_app_{suffix}";

    public string OwnerConnection => Connection(OwnerRole);

    public string AppConnection => Connection(AppRole);

    public Uri Balancer { get; private set; } = null!;

    public int BalancerPort { get; private set; }

    public int RedirectPort { get; private set; }

    public X509Certificate2 TlsCertificate { get; private set; } = null!;

    /// <summary>What each of the two simultaneous <c>migrate</c> runs printed.</summary>
    public IReadOnlyList<string> MigrateOutputs { get; private set; } = [];

    /// <summary>What an app-role instance said when started before the owner migrated.</summary>
    public string BeforeMigration { get; private set; } = string.Empty;

    public int[] InstancePorts { get; } = [FreePort(), FreePort()];

    public string AccessLog => Path.Combine(folder, "nginx", "access.log");

    public async ValueTask InitializeAsync()
    {
        server = PostgresApp.ServerSetting;
        Unavailable = string.IsNullOrWhiteSpace(server) ? "BEACON_TEST_POSTGRES is not set"
            : !File.Exists("/usr/sbin/nginx") ? "nginx is not installed at /usr/sbin/nginx (apt-get install nginx-light)"
            : !File.Exists("/usr/bin/psql") ? "psql is not installed (apt-get install postgresql-client)"
            : null;
        if (Unavailable is not null)
        {
            return;
        }

        suffix = Guid.NewGuid().ToString("N")[..10];
        folder = Directory.CreateTempSubdirectory("beacon-deploy-").FullName;
        var app = Path.Combine(folder, "app");
        var ct = TestContext.Current.CancellationToken;

        // dotnet publish, from the build the test run already made (publish once, no second compile).
        var configuration = typeof(PublishedDeployment).Assembly.Location.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        await RunAsync(Dotnet, ["publish", Path.Combine(RepositoryRoot, "src", "Beacon.Web", "Beacon.Web.csproj"), "-c", configuration, "--no-build", "-o", app], null, ct);

        // The roles and database, by the documented SQL (twice: it is idempotent, as the guide says to run it again).
        await RolesAsync(ct);

        // Secrets as systemd credentials (one file a setting); the data-protection certificate is a password-protected PKCS#12.
        var ownerSecrets = Secrets("owner-secrets", new() { ["Beacon__Database__ConnectionString"] = OwnerConnection });
        var keyPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var keyCertificate = Path.Combine(folder, "data-protection.pfx");
        using (var rsa = RSA.Create(3072))
        {
            var request = new CertificateRequest("CN=Beacon data protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
            await File.WriteAllBytesAsync(keyCertificate, certificate.Export(X509ContentType.Pkcs12, keyPassword), ct);
        }

        var appSecrets = Secrets("app-secrets", new()
        {
            ["Beacon__Database__ConnectionString"] = AppConnection,
            ["Beacon__DataProtection__CertificatePassword"] = keyPassword,
        });
        var instance = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["CREDENTIALS_DIRECTORY"] = appSecrets,
            ["Beacon__Database__MigrateAtStartUp"] = "false",
            ["Beacon__DataProtection__CertificatePath"] = keyCertificate,
            ["Beacon__Demo__Enabled"] = "true",
            ["Beacon__Demo__Children"] = "12",
            ["Beacon__Demo__Episodes"] = "0",
            ["Beacon__Demo__Years"] = "0",
        };

        // Started as the app role before the owner has migrated: it refuses, saying what to do.
        var early = await RunAsync(Dotnet, [Path.Combine(app, "Beacon.Web.dll")], new(instance) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}" }, ct, app, expectFailure: true);
        BeforeMigration = early;

        // An upgrade on two hosts at once: both run `Beacon.Web migrate` as the owner at the same moment.
        var owner = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["CREDENTIALS_DIRECTORY"] = ownerSecrets };
        MigrateOutputs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => RunAsync(Dotnet, [Path.Combine(app, "Beacon.Web.dll"), "migrate"], owner, ct, app)));
        await RolesAsync(ct);

        // Two instances started at the same moment; both seed demo data, one after the other (the start-up lock).
        foreach (var port in InstancePorts)
        {
            processes.Add(Start(Dotnet, [Path.Combine(app, "Beacon.Web.dll")], new(instance) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, app, $"instance-{port}"));
        }

        foreach (var port in InstancePorts)
        {
            await WaitForAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), $"instance-{port}", null);
        }

        await StartNginxAsync(ct);
    }

    public string Connection(string role, string? database = null) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database ?? Database, Username = role, Password = $"pw-{role}" }.ConnectionString;

    /// <summary>The test server's superuser connection (BEACON_TEST_POSTGRES).</summary>
    public NpgsqlConnectionStringBuilder Admin => new(server);

    private Task RolesAsync(CancellationToken ct) => RolesAsync(Database, ct);

    /// <summary>Runs deploy/postgres-roles.sql with psql as the superuser, for <paramref name="database"/>.</summary>
    public async Task RolesAsync(string database, CancellationToken ct)
    {
        var admin = new NpgsqlConnectionStringBuilder(server);
        var environment = new Dictionary<string, string> { ["PGPASSWORD"] = admin.Password ?? string.Empty };
        await RunAsync("/usr/bin/psql", [
            "-h", admin.Host!, "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", admin.Username ?? "postgres", "-d", "postgres", "-q",
            "-v", $"db={database}", "-v", $"owner={OwnerRole}", "-v", $"app={AppRole}",
            "-v", $"owner_password=pw-{OwnerRole}", "-v", $"app_password=pw-{AppRole}",
            "-f", Path.Combine(RepositoryRoot, "deploy", "postgres-roles.sql")], environment, ct);
    }

    private string Secrets(string name, Dictionary<string, string> values)
    {
        var directory = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
        foreach (var (key, value) in values)
        {
            File.WriteAllText(Path.Combine(directory, key), value + "\n");
        }

        return directory;
    }

    private async Task StartNginxAsync(CancellationToken ct)
    {
        var nginx = Directory.CreateDirectory(Path.Combine(folder, "nginx")).FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF);
            File.SetUnixFileMode(nginx, (UnixFileMode)0x1FF); // nginx workers may run as nobody
        }

        // A TLS certificate for the public name, self-signed (the guide uses the organisation's or Let's Encrypt's).
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=beacon.example.org", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("beacon.example.org");
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            TlsCertificate = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
            await File.WriteAllTextAsync(Path.Combine(nginx, "beacon.crt"), certificate.ExportCertificatePem(), ct);
            await File.WriteAllTextAsync(Path.Combine(nginx, "beacon.key"), rsa.ExportPkcs8PrivateKeyPem(), ct);
        }

        // deploy/nginx.conf as shipped, with this machine's addresses, ports and files put in.
        BalancerPort = FreePort();
        RedirectPort = FreePort();
        var site = (await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "deploy", "nginx.conf"), ct))
            .Replace("10.0.0.11:5080", $"127.0.0.1:{InstancePorts[0]}", StringComparison.Ordinal)
            .Replace("10.0.0.12:5080", $"127.0.0.1:{InstancePorts[1]}", StringComparison.Ordinal)
            .Replace("listen 443 ssl;", $"listen 127.0.0.1:{BalancerPort} ssl;", StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{RedirectPort};", StringComparison.Ordinal)
            .Replace("/etc/ssl/beacon/", $"{nginx}/", StringComparison.Ordinal)
            .Replace("/var/log/nginx/beacon.access.log", $"{nginx}/access.log", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(nginx, "beacon.conf"), site, ct);
        var main = Path.Combine(nginx, "nginx.conf");
        await File.WriteAllTextAsync(main, $$"""
            daemon off;
            worker_processes 1;
            pid {{nginx}}/nginx.pid;
            error_log {{nginx}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{nginx}}/body;
                proxy_temp_path {{nginx}}/proxy;
                fastcgi_temp_path {{nginx}}/fastcgi;
                uwsgi_temp_path {{nginx}}/uwsgi;
                scgi_temp_path {{nginx}}/scgi;
                include {{nginx}}/beacon.conf;
            }
            """, ct);
        processes.Add(Start("/usr/sbin/nginx", ["-p", nginx, "-c", main], [], nginx, "nginx"));
        Balancer = new Uri($"https://beacon.example.org:{BalancerPort}/");
        await WaitForAsync(new Uri(Balancer, "health/ready"), "nginx", Client());
    }

    /// <summary>An HTTPS client for the public name, connecting to nginx on loopback and trusting only its certificate.</summary>
    public HttpClient Client(CookieContainer? cookies = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == TlsCertificate.Thumbprint },
        };
        return new HttpClient(handler) { BaseAddress = Balancer };
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Beacon.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Beacon.slnx not found above the test folder");
        }
    }

    private Process Start(string file, IEnumerable<string> args, Dictionary<string, string> environment, string workingDirectory, string log)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        var output = File.AppendText(Path.Combine(folder, $"{log}.log"));
        output.AutoFlush = true;
        process.OutputDataReceived += (_, e) => { lock (output) { output.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs a command to the end; returns its output (stdout then stderr). Fails unless it exits 0 (or, when
    /// <paramref name="expectFailure"/>, unless it exits non-zero).</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, Dictionary<string, string>? environment, CancellationToken ct, string? workingDirectory = null, bool expectFailure = false)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? string.Empty };
        foreach (var (key, value) in environment ?? [])
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        if ((process.ExitCode == 0) == expectFailure)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited {process.ExitCode}: {text}");
        }

        return text;
    }

    private async Task WaitForAsync(Uri url, string log, HttpClient? client)
    {
        using var probe = client ?? new HttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await probe.GetAsync(url)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (processes.Any(p => p.HasExited))
            {
                break;
            }

            await Task.Delay(250);
        }

        var logFile = Path.Combine(folder, $"{log}.log");
        var errors = Path.Combine(folder, "nginx", "error.log");
        throw new InvalidOperationException($"{url} did not answer: {(File.Exists(logFile) ? await File.ReadAllTextAsync(logFile) : string.Empty)} {(File.Exists(errors) ? await File.ReadAllTextAsync(errors) : string.Empty)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        if (Unavailable is not null || suffix is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", $"DROP ROLE IF EXISTS {AppRole}", $"DROP ROLE IF EXISTS {OwnerRole}" })
        {
            await using var command = new NpgsqlCommand(sql, admin);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

public sealed class DeploymentTests(PublishedDeployment deployment) : IClassFixture<PublishedDeployment>
{
    private void RequireDeployment()
    {
        if (deployment.Unavailable is not null)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI=true but {deployment.Unavailable}");
            Assert.Skip($"Deployment test skipped: {deployment.Unavailable}");
        }
    }

    [Fact]
    public async Task Through_nginx_over_https_people_sign_in_and_a_notification_becomes_an_rhi_and_a_shared_summary()
    {
        RequireDeployment();
        var ct = TestContext.Current.CancellationToken;

        // Plain HTTP is sent to HTTPS; the load balancer's health check answers through TLS.
        using (var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            var redirect = await plain.GetAsync($"http://127.0.0.1:{deployment.RedirectPort}/children", ct);
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.StartsWith("https://", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using var anonymous = deployment.Client();
        Assert.Contains("Healthy", await anonymous.GetStringAsync("/health/ready", ct));
        // The metrics path stays off the public side whatever its case (Beacon matches it ignoring case).
        foreach (var metrics in new[] { "/metrics", "/METRICS", "/Metrics/" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(metrics, ct)).StatusCode);
        }

        // Sign in with the cookie (form and antiforgery token from one instance, post to the other), then mint API tokens.
        var police = await ApiAsync(BeaconApp.PoliceLiaison, ct);
        var (practitionerPages, provider) = await SignInWithTokenAsync(BeaconApp.Practitioner, ct);
        var county = await ApiAsync(BeaconApp.CountyWorker, ct);

        // The forwarded scheme is honoured: pages come back with HSTS (sent only on HTTPS requests).
        var home = await practitionerPages.GetAsync("/", ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.True(home.Headers.Contains("Strict-Transport-Security"), "no HSTS: X-Forwarded-Proto was not honoured");

        var notification = Notifications.Valid();
        var created = await police.PostAsJsonAsync("/api/v1/notifications", notification, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rhi = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("return_interview_id").GetString();

        var offered = await provider.PostAsJsonAsync($"/api/v1/return-interviews/{rhi}/attempts", new { attempted_at = Hours(-2), method = "PHONE", outcome = "ARRANGED", note = (string?)null }, ct);
        Assert.Equal(HttpStatusCode.Created, offered.StatusCode);
        var version = (await offered.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("version").GetInt32();
        var form = new
        {
            interviewed_at = Hours(-1),
            method = "VIDEO",
            venue = "PLACEMENT",
            reasons = new[] { "FAMILY" },
            primary_reason = "FAMILY",
            where_went = "The park by the canal.",
            harm = "None.",
            exploitation_indicators = new[] { "NONE" },
            childs_words = "I wanted some quiet.",
        };
        var submitted = await provider.PutAsJsonAsync($"/api/v1/return-interviews/{rhi}/interview", new { form, submit = true, version }, ct);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        Assert.Equal("COMPLETED", (await submitted.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString());

        var summary = await county.GetFromJsonAsync<JsonElement>($"/api/v1/return-interviews/{rhi}/summary", ct);
        Assert.Equal("I wanted some quiet.", summary.GetProperty("childs_words").GetString());

        // The practitioner's page of the RHI, by cookie, names the child.
        var page = await practitionerPages.GetAsync($"/return-interviews/{rhi}", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(notification["family_name"]!, await page.Content.ReadAsStringAsync(ct));

        // Both instances answered through nginx.
        var upstreams = (await File.ReadAllLinesAsync(deployment.AccessLog, ct)).Select(l => l.Split(' ').Last()).Distinct().ToList();
        Assert.Contains($"127.0.0.1:{deployment.InstancePorts[0]}", upstreams);
        Assert.Contains($"127.0.0.1:{deployment.InstancePorts[1]}", upstreams);

        // The data-protection keys both instances share are stored encrypted with the certificate.
        var keys = await QueryAsync(deployment.OwnerConnection, "SELECT xml FROM data_protection_keys", ct);
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains("EncryptedData", k));
        Assert.All(keys, k => Assert.DoesNotContain("<masterKey", k));
    }

    [Fact]
    public async Task The_migrations_ran_once_as_the_owner_and_the_app_role_could_not_have_run_them()
    {
        RequireDeployment();
        var ct = TestContext.Current.CancellationToken;
        var scripts = MigrationRunner.ScriptsFor(postgres: true).Count;

        // Two `migrate` runs started together: one applied every script, the other found nothing to do.
        var applied = deployment.MigrateOutputs.Select(o => int.Parse(System.Text.RegularExpressions.Regex.Match(o, @"Applied (\d+) migrations").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(new[] { 0, scripts }, applied);
        var versions = await QueryAsync(deployment.OwnerConnection, "SELECT version::text FROM schema_versions", ct);
        Assert.Equal(scripts, versions.Count);
        Assert.Equal(scripts, versions.Distinct().Count());
        Assert.Equal(new[] { deployment.OwnerRole }, await QueryAsync(deployment.OwnerConnection, "SELECT DISTINCT tableowner::text FROM pg_tables WHERE schemaname = 'public'", ct));

        // Before the owner migrated, an app-role instance refused to start rather than change the schema.
        Assert.Contains("run `beacon migrate`", deployment.BeforeMigration);

        // The two instances seeded the demo users once between them (the start-up lock), not twice.
        Assert.Equal(new[] { "1" }, await QueryAsync(deployment.OwnerConnection, $"SELECT count(*)::text FROM users WHERE email = '{BeaconApp.Practitioner}'", ct));
    }

    [Fact]
    public async Task The_app_role_cannot_drop_tables_nor_touch_the_audit_logs_triggers_or_entries()
    {
        RequireDeployment();
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new NpgsqlConnection(deployment.AppConnection);
        await connection.OpenAsync(ct);
        foreach (var sql in new[]
                 {
                     "DROP TABLE children",
                     "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change",
                     "ALTER TABLE audit_entries DISABLE TRIGGER ALL",
                     "DROP TRIGGER audit_entries_no_change ON audit_entries",
                     "CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                     "ALTER TABLE children ADD COLUMN note text",
                     "CREATE TABLE shadow (id int)",
                     "UPDATE audit_entries SET outcome = 'changed'",
                     "DELETE FROM audit_entries",
                     "TRUNCATE audit_entries",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(ct));
            Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
        }

        // It reads and writes rows, and the audit log still verifies.
        Assert.NotEmpty(await QueryAsync(deployment.AppConnection, "SELECT reference FROM children", ct));

        // Its queries are planned without parallel workers, which on a small server compete with the instances
        // (docs/decisions/0036); the owner's sessions keep PostgreSQL's default.
        Assert.Equal(new[] { "0" }, await QueryAsync(deployment.AppConnection, "SHOW max_parallel_workers_per_gather", ct));
        Assert.NotEqual(new[] { "0" }, await QueryAsync(deployment.OwnerConnection, "SHOW max_parallel_workers_per_gather", ct));
        var verify = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], verify, new StringWriter(), new Dictionary<string, string?>
        {
            ["Beacon:Database:ConnectionString"] = deployment.AppConnection,
            ["Beacon:Database:MigrateAtStartUp"] = "false",
        }));
        Assert.Contains("Audit log intact", verify.ToString());
    }

    [Fact]
    public async Task A_dump_restored_as_the_guide_says_keeps_the_audit_chain_and_the_app_roles_limits()
    {
        RequireDeployment();
        var ct = TestContext.Current.CancellationToken;
        Dictionary<string, string?> AppSettings(string database) => new()
        {
            ["Beacon:Database:ConnectionString"] = deployment.Connection(deployment.AppRole, database),
            ["Beacon:Database:MigrateAtStartUp"] = "false",
        };
        var before = new StringWriter();
        Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify"], before, new StringWriter(), AppSettings(deployment.Database)));
        var head = before.ToString().Split("Head:")[1].Trim().Split(' ', '\n')[0].Trim();

        var admin = deployment.Admin;
        var dump = Path.Combine(Directory.CreateTempSubdirectory("beacon-deploy-dump-").FullName, "beacon.dump");
        var restored = $"{deployment.Database}_restored";
        string[] Server(string user) => ["-h", admin.Host!, "-p", admin.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", user];
        var password = new Dictionary<string, string> { ["PGPASSWORD"] = admin.Password ?? string.Empty };
        try
        {
            // Backup as the owner while both instances run; restore into an empty database made by the roles file.
            await PublishedDeployment.RunAsync("pg_dump", [.. Server(deployment.OwnerRole), "--format=custom", $"--file={dump}", "-d", deployment.Database], new() { ["PGPASSWORD"] = $"pw-{deployment.OwnerRole}" }, ct);
            await deployment.RolesAsync(restored, ct);
            await PublishedDeployment.RunAsync("pg_restore", [.. Server(admin.Username ?? "postgres"), "--no-owner", $"--role={deployment.OwnerRole}", "--exit-on-error", "-d", restored, dump], password, ct);
            await deployment.RolesAsync(restored, ct);

            var after = new StringWriter();
            Assert.Equal(0, await Beacon.Cli.BeaconCli.RunAsync(["audit", "verify", "--expect-head", head], after, new StringWriter(), AppSettings(restored)));
            Assert.Contains("Audit log intact", after.ToString());
            Assert.Equal(new[] { deployment.OwnerRole }, await QueryAsync(deployment.Connection(deployment.OwnerRole, restored), "SELECT DISTINCT tableowner::text FROM pg_tables WHERE schemaname = 'public'", ct));
            await using var connection = new NpgsqlConnection(deployment.Connection(deployment.AppRole, restored));
            await connection.OpenAsync(ct);
            await using var drop = new NpgsqlCommand("ALTER TABLE audit_entries DISABLE TRIGGER ALL", connection);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await Assert.ThrowsAsync<PostgresException>(() => drop.ExecuteNonQueryAsync(ct))).SqlState);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = "postgres" }.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {restored} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static string Hours(int hours) => Notifications.Iso(NodaTime.SystemClock.Instance.GetCurrentInstant() + NodaTime.Duration.FromHours(hours));

    private async Task<HttpClient> ApiAsync(string email, CancellationToken ct) => (await SignInWithTokenAsync(email, ct)).Api;

    /// <summary>Signs in through nginx with the form (cookie), then creates an API token on the API tokens page.</summary>
    private async Task<(HttpClient Pages, HttpClient Api)> SignInWithTokenAsync(string email, CancellationToken ct)
    {
        var pages = deployment.Client(new CookieContainer());
        var signedIn = await BeaconApp.PostFormAsync(pages, "/account/sign-in", new() { ["Email"] = email, ["Password"] = BeaconApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var created = await BeaconApp.PostFormAsync(pages, "/account/api-tokens?handler=Create", new() { ["Name"] = "deployment test", ["Days"] = "1", ["CurrentPassword"] = BeaconApp.Password }, "/account/api-tokens");
        var html = await created.Content.ReadAsStringAsync(ct);
        var token = System.Text.RegularExpressions.Regex.Match(html, "id=\"new-token\">([^<]+)<").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"no token for {email}: {created.StatusCode}");
        var api = deployment.Client();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return (pages, api);
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
