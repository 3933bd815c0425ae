using Beacon.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Infrastructure.Security;

// API tokens and sign-in failures (docs/decisions/0016).

internal sealed class ApiTokenMapping : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasIndex(t => t.Prefix).IsUnique();
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Prefix).HasMaxLength(20);
        b.Property(t => t.SecretHash).HasMaxLength(64);
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SignInFailureMapping : IEntityTypeConfiguration<SignInFailure>
{
    public void Configure(EntityTypeBuilder<SignInFailure> b)
    {
        b.ToTable("sign_in_failures");
        b.HasIndex(f => new { f.AccountKey, f.AddressKey });
        b.HasIndex(f => f.FailedAt);
        b.Property(f => f.AccountKey).HasMaxLength(64);
        b.Property(f => f.AddressKey).HasMaxLength(64);
    }
}
