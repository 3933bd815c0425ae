using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Beacon.Web.Tests.Integration;
using Beacon.Web.Tests.Support;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>nginx (Debian package) balancing round-robin across two Beacon instances on one PostgreSQL (issue #7).</summary>
public sealed class BalancedCluster : IAsyncLifetime
{
    private PostgresApp? database;
    private Process? nginx;
    private string? folder;

    public ClusterInstance A { get; private set; } = null!;

    public ClusterInstance B { get; private set; } = null!;

    public Uri Balancer { get; private set; } = null!;

    public string? Unavailable { get; private set; }

    public string AccessLog => Path.Combine(folder!, "access.log");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/nginx"))
        {
            Unavailable = "nginx is not installed at /usr/sbin/nginx (apt-get install nginx-light)";
            return;
        }

        database = new PostgresApp();
        await database.InitializeAsync();
        Unavailable = database.Unavailable;
        if (Unavailable is not null)
        {
            return;
        }

        A = new ClusterInstance(database.ConnectionString, first: false, kestrel: true);
        await A.InitializeAsync();
        B = new ClusterInstance(database.ConnectionString, first: false, kestrel: true);
        await B.InitializeAsync();

        folder = Directory.CreateTempSubdirectory("beacon-nginx-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1FF); // nginx workers may run as nobody
        }
        var port = FreePort();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                log_format upstream '$request_method $uri $status $upstream_addr';
                access_log {{folder}}/access.log upstream;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream beacon {
                    server 127.0.0.1:{{A.BaseAddress.Port}};
                    server 127.0.0.1:{{B.BaseAddress.Port}};
                }
                server {
                    listen 127.0.0.1:{{port}};
                    location / {
                        proxy_pass http://beacon;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                    }
                }
            }
            """);
        nginx = Process.Start(new ProcessStartInfo("/usr/sbin/nginx", ["-p", folder, "-c", config]) { RedirectStandardError = true, UseShellExecute = false })!;
        Balancer = new Uri($"http://127.0.0.1:{port}/");
        using var probe = new HttpClient();
        for (var i = 0; i < 50; i++)
        {
            try
            {
                if ((await probe.GetAsync(new Uri(Balancer, "health/live"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"nginx did not start: {(File.Exists(Path.Combine(folder, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "error.log")) : "no log")}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (nginx is { HasExited: false })
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
        }

        if (database is not null && Unavailable is null)
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }
}

public sealed class BalancerTests(BalancedCluster cluster) : IClassFixture<BalancedCluster>
{
    [Fact]
    public async Task Through_nginx_a_practitioner_signs_in_and_sees_new_work_and_an_alert_arrive_without_reloading()
    {
        if (cluster.Unavailable is not null)
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"CI=true but {cluster.Unavailable}");
            Assert.Skip($"Balancer test skipped: {cluster.Unavailable}");
        }

        Assert.SkipUnless(File.Exists("/usr/bin/chromium") || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "Chromium is not installed");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = cluster.Balancer.ToString() })).NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        // The sign-in form comes from one instance and is posted to the other (round robin).
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(BeaconApp.Practitioner);
        await page.GetByLabel("Password").FillAsync(BeaconApp.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in"));

        await page.GotoAsync("/return-interviews");
        await page.EvaluateAsync("() => { window.beaconNotReloaded = true; }");
        var alertsBefore = await page.Locator("#alert-count").InnerTextAsync();

        // A police force notifies a new missing episode in the practitioner's area.
        var notification = Notifications.Valid();
        notification["given_name"] = "Livelist";
        var police = await cluster.B.ApiAsync(BeaconApp.PoliceLiaison);
        Assert.Equal(HttpStatusCode.Created, (await police.PostAsJsonAsync("/api/v1/notifications", notification)).StatusCode);

        var row = page.GetByRole(AriaRole.Link, new() { Name = $"Livelist {notification["family_name"]}" });
        await row.WaitForAsync(new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.beaconNotReloaded === true"), "the page was reloaded");
        Assert.Equal("The work list has been updated", await page.Locator("#live-status").InnerTextAsync());

        // The alert scan (run by whichever instance claims it) raises the new-notification alert: the header count moves.
        await page.WaitForFunctionAsync("before => document.getElementById('alert-count').innerText !== before", alertsBefore, new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.beaconNotReloaded === true"), "the page was reloaded");
        Assert.Matches(@"^Alerts\s*\d+\s*unread$", (await page.Locator("#alert-count").InnerTextAsync()).Trim());
        await page.Locator("#alert-count").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/alerts", StringComparison.Ordinal));
        Assert.Contains("New missing notification for child", await page.Locator("#alert-list").InnerTextAsync());
        Assert.Empty(consoleErrors); // the live list worked under Beacon's own Content-Security-Policy

        // Accessibility checks inject axe-core, which the CSP forbids: a second tab of the same session allows it.
        var state = await page.Context.StorageStateAsync();
        page = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = cluster.Balancer.ToString(), BypassCSP = true, StorageState = state })).NewPageAsync();
        await page.GotoAsync("/alerts");
        await BrowserTests.AssertAccessibleAsync(page, "alerts");
        await page.GotoAsync("/account/alerts");
        await page.GetByLabel("A return interview offer overdue").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/alerts", StringComparison.Ordinal));
        Assert.Contains("Your alert choices have been saved", await page.Locator(".govuk-notification-banner").InnerTextAsync());
        await page.GotoAsync("/account/alerts");
        Assert.True(await page.GetByLabel("A return interview offer overdue").IsCheckedAsync());
        await BrowserTests.AssertAccessibleAsync(page, "alert choices");
        await page.GotoAsync("/return-interviews");
        await BrowserTests.AssertAccessibleAsync(page, "live work list");

        // Both instances served the browser.
        var upstreams = (await File.ReadAllLinesAsync(cluster.AccessLog)).Select(l => l.Split(' ').Last()).Distinct().ToList();
        Assert.Contains($"127.0.0.1:{cluster.A.BaseAddress.Port}", upstreams);
        Assert.Contains($"127.0.0.1:{cluster.B.BaseAddress.Port}", upstreams);
    }
}
