namespace Beacon.Web.Infrastructure.Hosting;

/// <summary>
/// Secrets from files, one setting a file (ASP.NET Core key-per-file; <c>__</c> in a file name stands for <c>:</c>), so
/// a connection string or a certificate password need not sit in the environment: systemd's <c>LoadCredential=</c>
/// folder (<c>$CREDENTIALS_DIRECTORY</c>) and/or <c>$BEACON_SECRETS_DIRECTORY</c> (e.g. Docker or Kubernetes secrets).
/// A file overrides the same setting from appsettings.json or the environment (docs/deploy.md, ADR 29).
/// </summary>
public static class SecretFiles
{
    public static IConfigurationBuilder AddBeaconSecretFiles(this IConfigurationBuilder configuration)
    {
        foreach (var variable in new[] { "CREDENTIALS_DIRECTORY", "BEACON_SECRETS_DIRECTORY" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } folder && Directory.Exists(folder))
            {
                // A file with a dot in its name is not a setting (e.g. a certificate loaded as a credential beside them).
                configuration.AddKeyPerFile(source =>
                {
                    source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(folder);
                    source.Optional = true;
                    source.IgnoreCondition = name => name.Contains('.', StringComparison.Ordinal);
                });
            }
        }

        return configuration;
    }
}
