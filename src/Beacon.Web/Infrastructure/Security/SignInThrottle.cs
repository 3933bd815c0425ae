using System.Security.Cryptography;
using System.Text;
using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Infrastructure.Security;

/// <summary>One failed sign-in: hashes of the email typed and of the address it came from, never either itself.</summary>
public sealed class SignInFailure
{
    public Guid Id { get; set; }

    public required string AccountKey { get; set; }

    public required string AddressKey { get; set; }

    public Instant FailedAt { get; set; }
}

/// <summary>
/// Back-off for password guessing that an outsider cannot turn against a person (issue #16 §9, docs/decisions/0005).
/// Failures are counted per email typed (real or not, so answers are equal) and per (email, address), in the database so
/// every instance agrees. An address that failed <see cref="PairLimit"/> times for an email in <see cref="Window"/> waits;
/// when an email collects <see cref="AccountLimit"/> failures from anywhere, only addresses that have already failed for
/// it wait too. An address that has not failed — the person at their usual desk — can always try, so nobody can lock
/// someone else out. The account itself is never locked by failed passwords (only by an administrator).
/// </summary>
public sealed class SignInThrottle(BeaconDbContext db, IClock clock)
{
    public const int PairLimit = 5;

    public const int AccountLimit = 20;

    public static readonly Duration Window = Duration.FromMinutes(15);

    public async Task<bool> IsBlockedAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var (account, from) = Keys(email, address);
        var since = clock.GetCurrentInstant() - Window;
        var pair = await db.SignInFailures.CountAsync(f => f.AccountKey == account && f.AddressKey == from && f.FailedAt > since, cancellationToken);
        if (pair >= PairLimit)
        {
            return true;
        }

        return pair > 0 && await db.SignInFailures.CountAsync(f => f.AccountKey == account && f.FailedAt > since, cancellationToken) >= AccountLimit;
    }

    public async Task RecordFailureAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var (account, from) = Keys(email, address);
        var now = clock.GetCurrentInstant();
        db.SignInFailures.Add(new SignInFailure { Id = Guid.NewGuid(), AccountKey = account, AddressKey = from, FailedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        var expired = now - Duration.FromDays(1);
        await db.SignInFailures.Where(f => f.FailedAt < expired).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A successful sign-in clears that address's failures for the email.</summary>
    public async Task RecordSuccessAsync(string email, string? address, CancellationToken cancellationToken = default)
    {
        var (account, from) = Keys(email, address);
        await db.SignInFailures.Where(f => f.AccountKey == account && f.AddressKey == from).ExecuteDeleteAsync(cancellationToken);
    }

    private static (string Account, string Address) Keys(string email, string? address) =>
        (Hash("account:" + email.Trim().ToUpperInvariant()), Hash("address:" + (address ?? "unknown")));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
