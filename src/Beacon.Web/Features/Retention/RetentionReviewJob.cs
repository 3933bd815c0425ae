using Beacon.Web.Infrastructure.Jobs;
using NodaTime;

namespace Beacon.Web.Features.Retention;

/// <summary>
/// The daily retention review (issue #7 §2 "retention jobs run on a schedule"): a dry run of the retention rule whose
/// count is kept in the job record (<c>beacon jobs list</c>) and audited as a review. Deleting stays a deliberate,
/// named act (<c>beacon retention delete --confirm</c>): removing records about children is not something a timer
/// should do unattended.
/// </summary>
public sealed class RetentionReviewJob(RetentionReview review) : IRecurringJob
{
    public string Name => "retention-review";

    public Duration Interval => Duration.FromDays(1);

    public async Task<string> RunAsync(Instant now, CancellationToken cancellationToken)
    {
        var due = await review.ReviewAsync(cancellationToken);
        return $"{due.Count} children past their retention date (dry run)";
    }
}
