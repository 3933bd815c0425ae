using System.Threading.Channels;
using Beacon.Web.Infrastructure.Data;
using Beacon.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Infrastructure.Auditing;

/// <summary>
/// Group commit of the audit entries of reads (docs/decisions/0030). A request hands its entries to the one writer of
/// this process and waits; the writer takes everything queued, links it to the chain and writes it in one transaction
/// under the chain's lock (<see cref="AuditAppender.LockTailAsync"/>: per batch, so instances sharing a PostgreSQL
/// database still make one linear chain), then releases each waiting request — or fails it, with the batch's error, if
/// the batch did not commit. So a read's entry is committed before its response is sent, and requests no longer queue
/// one by one on the lock: while one batch commits, the next gathers.
/// </summary>
public sealed class AuditGroupCommit(IServiceScopeFactory scopes, ILogger<AuditGroupCommit> logger) : IAsyncDisposable
{
    /// <summary>Entries written per transaction at most (one request's entries are never split).</summary>
    public const int MaxBatchEntries = 1000;

    private readonly Channel<Waiting> queue = Channel.CreateUnbounded<Waiting>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? writer;
    private long batches;
    private int queued;

    /// <summary>Writes <paramref name="pending"/> as <paramref name="actor"/>'s and returns once they are committed;
    /// throws if their batch failed.</summary>
    public Task AppendAsync(AuditActor actor, IReadOnlyList<PendingAudit> pending, CancellationToken cancellationToken = default)
    {
        var waiting = new Waiting(actor, pending, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        EnsureWriter();
        Interlocked.Increment(ref queued);
        if (!queue.Writer.TryWrite(waiting))
        {
            Interlocked.Decrement(ref queued);
            throw new InvalidOperationException("The audit writer has stopped; nothing can be read without its audit entry.");
        }

        return waiting.Committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Requests waiting for a batch to take them.</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>Batches committed by this process so far.</summary>
    public long Batches => Interlocked.Read(ref batches);

    private void EnsureWriter()
    {
        if (writer is not null)
        {
            return;
        }

        lock (startLock)
        {
            // Started without the first request's context (its HttpContext, activity and actor must not leak into the writer).
            using (ExecutionContext.SuppressFlow())
            {
                writer ??= Task.Run(RunAsync);
            }
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Waiting>();
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            var entries = 0;
            while (entries < MaxBatchEntries && queue.Reader.TryRead(out var waiting))
            {
                Interlocked.Decrement(ref queued);
                batch.Add(waiting);
                entries += waiting.Pending.Count;
            }

            try
            {
                await WriteWithRetryAsync(batch);
                Interlocked.Increment(ref batches);
                Telemetry.BeaconTelemetry.AuditBatchEntries.Record(entries);
                batch.ForEach(w => w.Committed.TrySetResult());
            }
            catch (Exception e) when (batch.Count > 1)
            {
                // One request's entries must not fail the others': write each request's on its own, so only the one
                // the database refuses fails (its request answers 500 and nothing is shown without its entry).
                logger.LogWarning(e, "An audit batch of {Entries} entries for {Requests} requests failed; writing each request's entries on its own", entries, batch.Count);
                foreach (var waiting in batch)
                {
                    await WriteAloneAsync(waiting);
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "The audit entries of a request failed; the request fails");
                batch.ForEach(w => w.Committed.TrySetException(e));
            }
        }
    }

    private async Task WriteAloneAsync(Waiting waiting)
    {
        try
        {
            await WriteWithRetryAsync([waiting]);
            Interlocked.Increment(ref batches);
            waiting.Committed.TrySetResult();
        }
        catch (Exception e)
        {
            logger.LogError(e, "The audit entries of a request failed; the request fails");
            waiting.Committed.TrySetException(e);
        }
    }

    private async Task WriteWithRetryAsync(IReadOnlyList<Waiting> batch)
    {
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<CurrentActor>().UseSystem("system:audit");
        var db = scope.ServiceProvider.GetRequiredService<BeaconDbContext>();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear(); // a retry links the batch again from the tail it then finds
            await using var transaction = await db.Database.BeginTransactionAsync();
            await WriteAsync(db, batch, CancellationToken.None);
            await transaction.CommitAsync();
        });
    }

    private static async Task WriteAsync(BeaconDbContext db, IReadOnlyList<Waiting> batch, CancellationToken cancellationToken)
    {
        var tail = await AuditAppender.LockTailAsync(db, cancellationToken);
        foreach (var waiting in batch)
        {
            db.AuditEntries.AddRange(AuditAppender.Link(tail, waiting.Actor, waiting.Pending));
        }

        await db.SaveChangesWithoutAuditAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (writer is not null)
        {
            await writer; // what was queued is still written
        }
    }

    internal sealed record Waiting(AuditActor Actor, IReadOnlyList<PendingAudit> Pending, TaskCompletionSource Committed);
}
