using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Fini.Emulator;
using FiniGen.Tests.Fini;
using Xunit;
using Xunit.Abstractions;

namespace FiniGen.Tests;

/// <summary>
/// Warms up Kestrel, the emulator and the client's code paths once, so that no clean request of the first test outlives
/// the tests' short per-attempt timeout. Each test then starts an emulator of its own, so that no straggling request of
/// one test can reach the next.
/// </summary>
public sealed class FaultWarmUp : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMilliseconds(1) });
        using var client = new FiniSourcesClient(new FiniSourcesClientOptions { BaseAddress = emulator.BaseAddress, ApiKey = emulator.WriteKey });
        for (var i = 0; i < 2; i++)
        {
            await client.ListSourcesAsync();
            var queued = await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = [$"https://docs.example.com/warm-up/{i}"] });
            var id = queued.AddedDocumentIds[0];
            await client.GetSourceAsync(id);
            var registered = await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest
            {
                Resources = [new RegisterProviderResource { ExternalId = $"warm-up-{i}", Title = "Warm-up", OriginalUrl = $"https://www.notion.so/warm-up-{i}", MimeType = "text/markdown" }],
            });
            Assert.Single(registered.AddedDocumentIds.Concat(registered.UpdatedDocumentIds));
            await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [id] });
            var jobs = await client.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = [id], Origin = KnowledgeOrigin.Sources });
            await client.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = [jobs.Jobs[0].BackgroundJobId] });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// The generated client against the emulator's fault mode over loopback: for every fault kind, a safe read is retried as
/// the policy says and a write is sent exactly once, and every failure is a typed exception naming the operation (and
/// the status, when there is one). Each test prints its figures.
/// </summary>
public class FaultInjectionTests(ITestOutputHelper output) : IClassFixture<FaultWarmUp>
{
    private const int MaxRetries = 2;

    // Only the delay scenarios set a per-attempt timeout: elsewhere a slow machine must not turn a clean attempt into a
    // timeout. It is long enough for a loaded machine, and far shorter than the delay (which the emulator cuts short as
    // soon as the client gives up, so its length costs nothing).
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DelayFault = TimeSpan.FromSeconds(30);

    public static TheoryData<FiniFaultKind> Kinds() => new(FiniFaultKinds.All);

    public static TheoryData<FiniFaultKind, string> KindsAndWrites()
    {
        var data = new TheoryData<FiniFaultKind, string>();
        foreach (var kind in FiniFaultKinds.All)
        {
            data.Add(kind, "ingestSources");
            data.Add(kind, "registerProviderResources");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ASafeReadRidesOutOneTransientFaultAndReportsABrokenBodyAtOnce(FiniFaultKind kind)
    {
        await using var session = await StartAsync(new FiniFaultPlan { Delay = DelayFault, RetryAfter = TimeSpan.Zero }.Script("listSources", kind), TimeoutFor(kind));

        var outcome = await session.CallAsync("listSources", c => c.ListSourcesAsync());
        session.Report($"listSources, first attempt {FiniFaultKinds.Name(kind)}");

        if (IsTransient(kind))
        {
            Assert.Null(outcome.Error);
            Assert.Equal(2, outcome.Attempts);
        }
        else
        {
            AssertTypedFailure(outcome, kind);
            Assert.Equal(1, outcome.Attempts);
        }

        Assert.Equal(outcome.Attempts, session.Faults.RequestCount("listSources"));
        Assert.Equal(1, session.Faults.FaultCount(kind));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ASafeReadThatKeepsFailingStopsAfterMaxRetriesWithATypedError(FiniFaultKind kind)
    {
        await using var session = await StartAsync(new FiniFaultPlan { Delay = DelayFault, RetryAfter = TimeSpan.Zero }.Always("listSources", kind), TimeoutFor(kind));

        var outcome = await session.CallAsync("listSources", c => c.ListSourcesAsync());
        session.Report($"listSources, every attempt {FiniFaultKinds.Name(kind)}");

        AssertTypedFailure(outcome, kind);
        Assert.Equal(IsTransient(kind) ? MaxRetries + 1 : 1, outcome.Attempts);
        Assert.Equal(outcome.Attempts, session.Faults.RequestCount("listSources"));
        Assert.Equal(outcome.Attempts, session.Faults.FaultCount(kind));
    }

    [Theory]
    [MemberData(nameof(KindsAndWrites))]
    public async Task AWriteIsSentExactlyOnceEvenWhenARetryWouldHaveSucceeded(FiniFaultKind kind, string operation)
    {
        // Only the first request is faulty: had the client repeated the write, the repeat would have gone through.
        await using var session = await StartAsync(new FiniFaultPlan { Delay = DelayFault, RetryAfter = TimeSpan.Zero }.Script(operation, kind), TimeoutFor(kind));

        var failed = await session.CallAsync(operation, c => WriteAsync(c, operation, "first"));

        // The clean second call gets the default timeout: the short one is there to end the delay fault, and a loaded
        // machine must not turn a clean call into a timeout.
        var next = await session.CallAsync(operation, c => WriteAsync(c.WithOptions(o => o.Timeout = FiniSourcesClientOptions.DefaultTimeout), operation, "second"));
        session.Report($"{operation}, first call {FiniFaultKinds.Name(kind)}");

        AssertTypedFailure(failed, kind);
        Assert.Equal(1, failed.Attempts);
        Assert.Null(next.Error);
        Assert.Equal(1, next.Attempts);
        Assert.Equal(2, session.Faults.RequestCount(operation)); // the emulator saw each of the test's two calls once
        var appliedFirst = FiniFaultKinds.ReachesHandler(kind);
        Assert.Equal(appliedFirst ? 2 : 1, session.Faults.WritesApplied(operation));
        Assert.Equal(appliedFirst ? 2 : 1, session.Emulator.State.SourceCount);
    }

    [Fact]
    public async Task AWriteTheContractMarksRetrySafeIsRepeatedAfterTransientFaults()
    {
        await using var session = await StartAsync(new FiniFaultPlan { RetryAfter = TimeSpan.Zero }
            .Script("refreshSources", FiniFaultKind.ServiceUnavailable, FiniFaultKind.DropAfterHandler)
            .Always("ingestSources", FiniFaultKind.ServiceUnavailable));
        var id = session.Emulator.State.AddSource(new FiniSourceSeed { OriginalUrl = "https://docs.example.com/refresh-me" }).ToString();

        var refresh = await session.CallAsync("refreshSources", c => c.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [id] }));
        var ingest = await session.CallAsync("ingestSources", c => WriteAsync(c, "ingestSources", "contrast"));
        session.Report("refreshSources (x-finigen-retry-safe) through 503 and drop-after, ingestSources through 503");

        Assert.Null(refresh.Error);
        Assert.Equal(3, refresh.Attempts);
        Assert.Equal(3, session.Faults.RequestCount("refreshSources"));
        Assert.Equal(2, session.Faults.WritesApplied("refreshSources")); // the dropped one was applied, and repeating it is what the contract allows
        AssertTypedFailure(ingest, FiniFaultKind.ServiceUnavailable);
        Assert.Equal(1, session.Faults.RequestCount("ingestSources"));
    }

    [Fact]
    public async Task A429IsRetriedOnlyAfterItsRetryAfter()
    {
        await using var session = await StartAsync(new FiniFaultPlan { RetryAfter = TimeSpan.FromSeconds(1) }.Script("listSources", FiniFaultKind.TooManyRequests));

        var clock = Stopwatch.StartNew();
        var outcome = await session.CallAsync("listSources", c => c.ListSourcesAsync());
        clock.Stop();
        session.Report("listSources, first attempt 429 with Retry-After: 1");

        Assert.Null(outcome.Error);
        Assert.Equal(2, outcome.Attempts);
        // RetryDelay is 10 ms: only Retry-After: 1 explains a pause of a second.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"The retry came {clock.Elapsed.TotalMilliseconds:0} ms after the 429 with Retry-After: 1.");
    }

    [Fact]
    public async Task SoakARealisticWorkflowUnderThirtyPercentSeededFaults()
    {
        await using var session = await StartAsync(new FiniFaultPlan { Rate = 0.3, Seed = 20251125, Delay = DelayFault, RetryAfter = TimeSpan.Zero }, AttemptTimeout);
        var state = session.Emulator.State;
        var seeded = Enumerable.Range(0, 10)
            .Select(i => state.AddSource(new FiniSourceSeed { OriginalUrl = $"https://docs.example.com/seeded/{i}", LinkToKnowledge = i % 2 == 0 }).ToString())
            .ToList();

        var jobIds = new List<string>();
        var ingestedIds = new List<string>();
        const int Rounds = 40;
        for (var round = 0; round < Rounds; round++)
        {
            var seed = seeded[round % seeded.Count];
            await session.CallAsync("listSources", c => c.ListSourcesAsync(limit: 20));
            var ingest = await session.CallAsync("ingestSources", c => WriteAsync(c, "ingestSources", $"soak-{round}"));
            if (ingest.Result is SourceIdsResult queued)
            {
                ingestedIds.AddRange(queued.AddedDocumentIds);
            }

            await session.CallAsync("getSource", c => c.GetSourceAsync(seed));
            if (round % 2 == 0)
            {
                await session.CallAsync("registerProviderResources", c => WriteAsync(c, "registerProviderResources", $"soak-{round}"));
            }

            if (round % 3 == 0)
            {
                await session.CallAsync("refreshSources", c => c.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [seed] }));
            }

            if (round % 5 == 0)
            {
                var bulk = await session.CallAsync("bulkGenerateKnowledge", c => c.BulkGenerateKnowledgeAsync(new BulkGenerateKnowledgeRequest { DocumentIds = [seed], Origin = KnowledgeOrigin.Sources }));
                if (bulk.Result is BulkGenerateKnowledgeResponse started)
                {
                    jobIds.AddRange(started.Jobs.Select(j => j.BackgroundJobId));
                }
            }

            if (jobIds.Count > 0)
            {
                await session.CallAsync("checkKnowledgeJobs", c => c.CheckKnowledgeJobsAsync(new CheckKnowledgeJobsRequest { JobIds = jobIds.TakeLast(5).ToList() }));
            }
        }

        session.Report($"Soak: {Rounds} rounds of list/ingest/get/register/refresh/bulk/check, 30% seeded faults (seed 20251125)");

        // Every outcome is a success or a typed failure naming its operation; the policy decides the number of attempts.
        foreach (var outcome in session.Outcomes)
        {
            Assert.InRange(outcome.Attempts, 1, IsRepeatable(outcome.Operation) ? MaxRetries + 1 : 1);
            if (outcome.Error is not null)
            {
                AssertTypedFailure(outcome, kind: null);
                if (IsRepeatable(outcome.Operation) && outcome.Error is not FiniSourcesApiException { StatusCode: 200 })
                {
                    Assert.Equal(MaxRetries + 1, outcome.Attempts); // a transient failure is only reported once the retries are spent
                }
            }
        }

        // No request went out that the client did not count (no retry below it), and no write was sent twice. (An attempt
        // the client abandoned on its timeout may never have reached the emulator on a loaded machine: hence the ranges.)
        foreach (var operation in session.Outcomes.Select(o => o.Operation).Distinct())
        {
            var calls = session.Outcomes.Where(o => o.Operation == operation).ToList();
            Assert.InRange(session.Faults.RequestCount(operation), 1, calls.Sum(o => o.Attempts));
            if (!IsRepeatable(operation))
            {
                Assert.InRange(session.Faults.RequestCount(operation), calls.Count(o => o.Error is not TimeoutException), calls.Count);
                Assert.InRange(session.Faults.WritesApplied(operation), calls.Count(o => o.Error is null), calls.Count);
            }
        }

        // The workspace agrees: one source per ingested URL and per registered resource, none ingested twice.
        await Task.Delay(50); // jobs take 1 ms steps; let the last ones finish
        var sources = state.GetSources();
        var soakWeb = sources.Where(s => s.OriginalUrl?.StartsWith("https://docs.example.com/soak-", StringComparison.Ordinal) == true).ToList();
        var soakNotion = sources.Where(s => s.Source == "notion" && s.ExternalId?.StartsWith("soak-", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(soakWeb.Count, soakWeb.Select(s => s.OriginalUrl).Distinct().Count());
        Assert.Equal(session.Faults.WritesApplied("ingestSources"), soakWeb.Count);
        Assert.Equal(session.Faults.WritesApplied("registerProviderResources"), soakNotion.Count);
        Assert.All(ingestedIds, id => Assert.Contains(soakWeb, s => s.Id.ToString() == id));
        Assert.All(soakWeb, s => Assert.DoesNotContain(s.Paragraphs ?? Array.Empty<string>(), p => p.StartsWith("Revision ", StringComparison.Ordinal)));

        // The mode was really on, and the workflow really ran.
        Assert.True(session.Faults.FaultCount() >= session.Faults.RequestCount() * 0.15, session.Faults.Summary());
        Assert.True(session.Faults.FaultsByKind().Count >= 6, session.Faults.Summary());
        Assert.True(session.Outcomes.Count(o => o.Error is null) >= session.Outcomes.Count / 2, "Most calls should succeed under 30% faults with retries.");
        Assert.Contains(session.Outcomes, o => o.Error is null && o.Attempts > 1);
    }

    /// <summary>A fresh emulator with <paramref name="plan"/> (jobs take 1 ms steps) and a client on it.</summary>
    private async Task<Session> StartAsync(FiniFaultPlan? plan, TimeSpan? timeout = null)
    {
        var emulator = await FiniEmulator.StartAsync(new FiniEmulatorOptions { JobStepDuration = TimeSpan.FromMilliseconds(1), Faults = plan });
        return new Session(emulator, timeout, output);
    }

    private static TimeSpan? TimeoutFor(FiniFaultKind kind) => kind == FiniFaultKind.Delay ? AttemptTimeout : null;

    /// <summary>The retry policy's transient faults: connection failures, timeouts, 429 and 5xx. A 200 with a broken body is not one.</summary>
    private static bool IsTransient(FiniFaultKind kind) =>
        kind is not (FiniFaultKind.TruncatedJson or FiniFaultKind.MalformedJson or FiniFaultKind.WrongContentType);

    /// <summary>GETs and the operations the contract marks <c>x-finigen-retry-safe</c>.</summary>
    private static bool IsRepeatable(string operation) =>
        operation is "listSources" or "getSource" or "listProviderResources" or "refreshSources" or "checkKnowledgeJobs";

    private static int? StatusOf(FiniFaultKind kind) => kind switch
    {
        FiniFaultKind.InternalServerError => 500,
        FiniFaultKind.ServiceUnavailable => 503,
        FiniFaultKind.TooManyRequests => 429,
        FiniFaultKind.TruncatedJson or FiniFaultKind.MalformedJson or FiniFaultKind.WrongContentType => 200,
        _ => null,
    };

    /// <summary>The failure is the typed exception the client documents for the fault (any fault when <paramref name="kind"/> is null), naming the operation and the status.</summary>
    private static void AssertTypedFailure(Outcome outcome, FiniFaultKind? kind)
    {
        var operation = outcome.Operation;
        Assert.NotNull(outcome.Error);
        switch (outcome.Error)
        {
            case FiniSourcesApiException api:
                Assert.True(kind is null || StatusOf(kind.Value) is not null, $"{kind} should not produce {api}");
                Assert.Equal(operation, api.OperationId);
                if (kind is { } k)
                {
                    Assert.Equal(StatusOf(k), api.StatusCode);
                }

                Assert.Contains(api.StatusCode, new[] { 200, 429, 500, 503 });
                var status = api.StatusCode.ToString(CultureInfo.InvariantCulture);
                Assert.Contains(
                    api.StatusCode == 200 ? $"{operation} returned HTTP 200 but its body is not a valid " : $"{operation} failed with HTTP {status}",
                    api.Message,
                    StringComparison.Ordinal);
                break;
            case TimeoutException timeout:
                Assert.True(kind is null or FiniFaultKind.Delay, $"{kind} should not produce {timeout}");
                Assert.Contains($"{operation} timed out", timeout.Message, StringComparison.Ordinal);
                break;
            case HttpRequestException transport:
                Assert.True(kind is null or FiniFaultKind.DropBeforeRequest or FiniFaultKind.DropAfterHandler or FiniFaultKind.DropDuringResponse, $"{kind} should not produce {transport}");
                Assert.Contains(operation, transport.Message, StringComparison.Ordinal);
                break;
            default:
                Assert.Fail($"{operation} failed with an untyped {outcome.Error.GetType().FullName}: {outcome.Error}");
                break;
        }
    }

    /// <summary>One non-idempotent write, with a payload unique to <paramref name="tag"/>.</summary>
    private static async Task<object> WriteAsync(FiniSourcesClient client, string operation, string tag) => operation switch
    {
        "ingestSources" => await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = [$"https://docs.example.com/{tag}"] }),
        "registerProviderResources" => await client.RegisterProviderResourcesAsync(Provider.Notion, new RegisterProviderResourcesRequest
        {
            Resources = [new RegisterProviderResource { ExternalId = tag, Title = "Page " + tag, OriginalUrl = $"https://www.notion.so/{tag}", MimeType = "text/markdown" }],
        }),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
    };

    private sealed record Outcome(string Operation, int Attempts, Exception? Error, object? Result);

    /// <summary>A client on the emulator with short retry pauses and timeout, counting its attempts; collects outcomes and prints the figures.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly ITestOutputHelper _output;
        private readonly CountingHandler _counter = new() { InnerHandler = new SocketsHttpHandler() };
        private readonly HttpClient _http;
        private readonly FiniSourcesClient _client;

        public Session(FiniEmulator emulator, TimeSpan? timeout, ITestOutputHelper output)
        {
            Emulator = emulator;
            _output = output;
            _http = new HttpClient(_counter);
            _client = new FiniSourcesClient(_http, new FiniSourcesClientOptions
            {
                BaseAddress = emulator.BaseAddress,
                ApiKey = emulator.WriteKey,
                MaxRetries = MaxRetries,
                RetryDelay = TimeSpan.FromMilliseconds(10),
                Timeout = timeout,
            });
        }

        public FiniEmulator Emulator { get; }

        public FiniFaults Faults => Emulator.Faults;

        public List<Outcome> Outcomes { get; } = [];

        public async Task<Outcome> CallAsync<T>(string operation, Func<FiniSourcesClient, Task<T>> call)
        {
            var before = _counter.Attempts;
            Outcome outcome;
            try
            {
                var result = await call(_client);
                outcome = new Outcome(operation, _counter.Attempts - before, null, result);
            }
            catch (Exception e)
            {
                outcome = new Outcome(operation, _counter.Attempts - before, e, null);
            }

            Outcomes.Add(outcome);
            return outcome;
        }

        public void Report(string scenario)
        {
            var faults = Emulator.Faults;
            var failures = Outcomes.Where(o => o.Error is not null)
                .GroupBy(o => o.Error is FiniSourcesApiException api ? $"FiniSourcesApiException {api.StatusCode}" : o.Error!.GetType().Name)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count()}");
            _output.WriteLine(scenario);
            _output.WriteLine($"  calls made: {Outcomes.Count} ({string.Join(", ", Outcomes.GroupBy(o => o.Operation).Select(g => $"{g.Key} {g.Count()}"))})");
            _output.WriteLine($"  requests tried by the client: {Outcomes.Sum(o => o.Attempts)}; received by the emulator: {faults.RequestCount()} ({string.Join(", ", faults.RequestsByOperation().Select(p => $"{p.Key} {p.Value}"))})");
            _output.WriteLine($"  faults injected: {faults.FaultCount()} ({string.Join(", ", faults.FaultsByKind().Select(p => $"{FiniFaultKinds.Name(p.Key)} {p.Value}"))})");
            _output.WriteLine($"  outcomes: succeeded first time {Outcomes.Count(o => o.Error is null && o.Attempts == 1)}, succeeded after retries {Outcomes.Count(o => o.Error is null && o.Attempts > 1)}, failed {Outcomes.Count(o => o.Error is not null)} ({string.Join(", ", failures)})");
            var applied = faults.WritesAppliedByOperation();
            _output.WriteLine($"  writes applied by the emulator: {(applied.Count == 0 ? "none" : string.Join(", ", applied.Select(p => $"{p.Key} {p.Value}")))}");
            foreach (var failure in Outcomes.Where(o => o.Error is not null).Take(12))
            {
                _output.WriteLine($"    {failure.Operation} after {failure.Attempts} attempt(s): {failure.Error!.GetType().Name}: {failure.Error.Message}");
            }
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            _http.Dispose();
            await Emulator.DisposeAsync();
        }
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
