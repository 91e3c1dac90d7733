using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Fini.Emulator;
using FiniGen.Tests.Fini;
using Xunit;

namespace FiniGen.Tests;

/// <summary>The job waiters generated from x-finigen-async-job, against the emulator.</summary>
public class JobWaitTests
{
    private static readonly FiniSourcesJobWaitOptions Fast = new() { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100), Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task AnIngestIsWaitedForAndAFailedJobSurfacesItsError()
    {
        await using var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMilliseconds(50) });
        using var client = Client(emulator);
        var queued = await client.IngestSourcesAsync(new IngestSourcesRequest
        {
            Source = IngestSource.Web,
            DocumentIdsToAdd = ["https://docs.example.com/a", "https://docs.example.com/b", "https://intranet.example.com/private/handbook"],
        });
        var reports = new List<FiniSourcesJobProgress>();

        var results = await client.WaitForIngestSourcesAsync(queued, Fast, new SynchronousProgress(reports.Add));

        Assert.Equal(2, results.Completed.Count);
        Assert.All(results.Completed, d => Assert.Equal(JobStatus.Completed, d.LinkedJobStatus));
        var failure = Assert.Single(results.Failed);
        Assert.Equal("https://intranet.example.com/private/handbook", failure.Item.OriginalUrl);
        Assert.False(string.IsNullOrEmpty(failure.Error));
        Assert.Equal(new FiniSourcesJobProgress(3, 3, 1), reports[^1]);
        Assert.True(reports.Count >= 2, "progress was reported only once: the jobs were already finished on the first poll");
    }

    [Fact]
    public async Task ARefreshReturningAPlainListIsWaitedFor()
    {
        await using var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMilliseconds(20) });
        using var client = Client(emulator);
        var queued = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/a"] });
        await client.WaitForIngestSourcesAsync(queued, Fast);

        var refreshed = await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = queued.AddedDocumentIds });
        var results = await client.WaitForRefreshSourcesAsync(refreshed, Fast);

        Assert.Equal(queued.AddedDocumentIds, results.Completed.Select(d => d.Id));
    }

    [Fact]
    public async Task AWaitThatOutlivesItsTimeoutNamesTheUnfinishedIds()
    {
        await using var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMinutes(10) });
        using var client = Client(emulator);
        var queued = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/slow"] });

        var exception = await Assert.ThrowsAsync<FiniSourcesJobTimeoutException>(() =>
            client.WaitForIngestSourcesAsync(queued, new FiniSourcesJobWaitOptions { InitialDelay = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal("ingestSources", exception.OperationId);
        Assert.Equal(queued.AddedDocumentIds, exception.PendingIds);
    }

    [Fact]
    public async Task CancellationStopsTheWait()
    {
        await using var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMinutes(10) });
        using var client = Client(emulator);
        var queued = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/slow"] });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.WaitForIngestSourcesAsync(queued, Fast, cancellationToken: cancellation.Token));
    }

    private static FiniSourcesClient Client(FiniEmulator emulator)
        => new(new HttpClient(), new FiniSourcesClientOptions { BaseAddress = emulator.BaseAddress, ApiKey = emulator.WriteKey });

    // Progress<T> posts to the thread pool; the test wants the reports in order, as they happen.
    private sealed class SynchronousProgress(Action<FiniSourcesJobProgress> report) : IProgress<FiniSourcesJobProgress>
    {
        public void Report(FiniSourcesJobProgress value) => report(value);
    }
}
