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

/// <summary>The page walker generated from x-finigen-pagination, against the emulator.</summary>
public sealed class PaginationTests : IAsyncLifetime
{
    private const int Count = 2500;
    private FiniEmulator _emulator = null!;
    private FiniSourcesClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMilliseconds(1) });
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        for (var i = 0; i < Count; i++)
        {
            // Pairs share an updatedAt, so the externalId tie-break is exercised too.
            _emulator.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/page/" + i.ToString("D5"), UpdatedAt = start.AddMinutes(i / 2) });
        }

        _client = new FiniSourcesClient(new HttpClient(), new FiniSourcesClientOptions { BaseAddress = _emulator.BaseAddress, ApiKey = _emulator.WriteKey });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task AForwardWalkReturnsEverySourceOnceNewestFirst()
    {
        var walked = new List<Document>();
        await foreach (var document in _client.ListSourcesAllAsync(limit: 100))
        {
            walked.Add(document);
        }

        Assert.Equal(Count, walked.Count);
        Assert.Equal(Count, walked.Select(d => d.Id).Distinct().Count());
        Assert.True(walked.Zip(walked.Skip(1)).All(pair => pair.First.UpdatedAt >= pair.Second.UpdatedAt), "not newest first");
    }

    [Fact]
    public async Task ABackwardWalkFromACursorReturnsEverythingNewerWithTheInvertedDirection()
    {
        var page = await _client.ListSourcesAsync(limit: 50);
        var forward = await _client.ListSourcesAsync(limit: 500, cursor: page.Documents[^1].Id, direction: PaginationDirection.Next);
        var start = forward.Documents[^1];

        var walked = new List<Document>();
        await foreach (var document in _client.ListSourcesAllAsync(limit: 100, cursor: start.Id, backward: true))
        {
            walked.Add(document);
        }

        // Everything newer than the start: the first page (50) and the 499 before the start on the second.
        Assert.Equal(549, walked.Count);
        Assert.Equal(549, walked.Select(d => d.Id).Distinct().Count());
        Assert.DoesNotContain(walked, d => d.Id == start.Id);
    }

    [Fact]
    public async Task SourcesUpdatedDuringTheWalkAreNeverReturnedTwiceAndTheRestAreAllReturned()
    {
        var before = await _client.ListSourcesAsync(limit: 300);
        var touched = before.Documents.Skip(150).Take(20).Select(d => d.Id).ToList();
        var seen = new List<string>();
        var pages = 0;
        await foreach (var document in _client.ListSourcesAllAsync(limit: 200))
        {
            seen.Add(document.Id);
            if (seen.Count == 200 && pages++ == 0)
            {
                // Refreshing moves these records to the top of the list while the walk is on its second page.
                await _client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = touched });
            }
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var untouched = _emulator.State.GetSources().Select(s => s.Id.ToString()).Except(touched).ToList();
        Assert.All(untouched, id => Assert.Contains(id, seen));
    }

    [Fact]
    public async Task CancellationStopsTheWalk()
    {
        using var cancellation = new CancellationTokenSource();
        var count = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var document in _client.ListSourcesAllAsync(limit: 100, cancellationToken: cancellation.Token))
            {
                if (++count == 150)
                {
                    cancellation.Cancel();
                }
            }
        });

        Assert.Equal(150, count);
    }

    [Fact]
    public async Task ABackwardWalkWithoutACursorIsRefused()
        => await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var document in _client.ListSourcesAllAsync(backward: true))
            {
            }
        });
}
