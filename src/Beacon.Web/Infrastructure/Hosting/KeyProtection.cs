using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Beacon.Web.Infrastructure.Hosting;

/// <summary>
/// Encrypts the data-protection key ring at rest (the keys that sign cookies and antiforgery tokens and protect stored
/// payloads, kept in the <c>data_protection_keys</c> table, ADR 5) with an X.509 certificate read from a PKCS#12 file:
/// <c>Beacon:DataProtection:CertificatePath</c> and <c>CertificatePassword</c> (put the password in a secret file).
/// <c>PreviousCertificatePath</c>/<c>PreviousCertificatePassword</c> keep keys written under the old certificate
/// readable while a new one is rolled out. Without a certificate the keys are stored unencrypted (development).
/// </summary>
public static class KeyProtection
{
    public const string Section = "Beacon:DataProtection";

    public static IServiceCollection AddBeaconKeyProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (section["CertificatePath"] is not { Length: > 0 } path)
        {
            return services;
        }

        var certificate = Load(path, section["CertificatePassword"]);
        var decryptors = new List<X509Certificate2> { certificate };
        if (section["PreviousCertificatePath"] is { Length: > 0 } previous)
        {
            decryptors.Add(Load(previous, section["PreviousCertificatePassword"]));
        }

        services.AddDataProtection().ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate([.. decryptors]);
        return services;
    }

    private static X509Certificate2 Load(string path, string? password)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"the data-protection certificate {path} has no private key");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"the data-protection certificate {path} cannot be read: {ex.Message}", ex);
        }
    }
}
