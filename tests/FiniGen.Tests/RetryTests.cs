using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FiniGen.Tests.Fini;
using Xunit;
using Xunit.Abstractions;

namespace FiniGen.Tests;

/// <summary>Retries for transient failures on requests that are safe to repeat, and never a duplicate write.</summary>
public class RetryTests(ITestOutputHelper output)
{
    private const string EmptyPage = """{"documents":[],"hasMore":false}""";

    [Fact]
    public async Task AGetIsRetriedThrough5xxAndConnectionFailures()
    {
        var handler = new ScriptedHandler(Fail(HttpStatusCode.ServiceUnavailable), _ => throw new HttpRequestException("connection reset"), Ok(EmptyPage));
        using var client = Client(handler);

        var page = await client.ListSourcesAsync();

        Assert.False(page.HasMore);
        Assert.Equal(3, handler.Attempts);
        Report(handler, "GET through 503 and a reset");
    }

    [Fact]
    public async Task A429IsRetriedAfterRetryAfter()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero) } }, Ok(EmptyPage));
        using var client = Client(handler);

        await client.ListSourcesAsync();

        Assert.Equal(2, handler.Attempts);
    }

    [Fact]
    public async Task AnIngestIsNeverRepeated()
    {
        var handler = new ScriptedHandler(Fail(HttpStatusCode.InternalServerError), Ok("""{"addedDocumentIds":[],"updatedDocumentIds":[]}"""));
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesApiException>(() => client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/a"] }));

        Assert.Equal(500, exception.StatusCode);
        Assert.Equal("ingestSources", exception.OperationId);
        Assert.Equal(1, handler.Attempts);
        Report(handler, "POST ingest through 500");
    }

    [Fact]
    public async Task ATransportFailureNamesTheOperationAndKeepsTheCause()
    {
        var reset = new HttpRequestException(HttpRequestError.ConnectionError, "connection reset");
        var write = new ScriptedHandler(_ => throw reset, Ok("""{"addedDocumentIds":[],"updatedDocumentIds":[]}"""));
        using var writer = Client(write);
        var read = new ScriptedHandler(_ => throw reset);
        using var reader = Client(read);

        var ingest = await Assert.ThrowsAsync<HttpRequestException>(() => writer.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/a"] }));
        var list = await Assert.ThrowsAsync<HttpRequestException>(() => reader.ListSourcesAsync());

        Assert.Equal(1, write.Attempts);
        Assert.StartsWith("ingestSources failed without a complete response: connection reset (not repeated", ingest.Message, StringComparison.Ordinal);
        Assert.Same(reset, ingest.InnerException);
        Assert.Equal(HttpRequestError.ConnectionError, ingest.HttpRequestError);
        Assert.Equal(3, read.Attempts);
        Assert.Equal("listSources failed without a complete response: connection reset (3 attempts)", list.Message);
    }

    [Fact]
    public async Task ARefreshMarkedRetrySafeIsRepeated()
    {
        var handler = new ScriptedHandler(Fail(HttpStatusCode.InternalServerError), Ok("""["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"]"""));
        using var client = Client(handler);

        var accepted = await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"] });

        Assert.Single(accepted);
        Assert.Equal(2, handler.Attempts);
    }

    [Fact]
    public async Task AnAttemptThatOutlivesTheTimeoutIsRetriedForGetsAndReportedForWrites()
    {
        var slow = new ScriptedHandler(Slow, Slow, Slow);
        using var client = Client(slow, timeout: TimeSpan.FromMilliseconds(100));

        var get = await Assert.ThrowsAsync<TimeoutException>(() => client.ListSourcesAsync());
        Assert.Equal(3, slow.Attempts);
        Assert.Contains("listSources timed out", get.Message);

        var write = new ScriptedHandler(Slow, Ok("""{"addedDocumentIds":[],"updatedDocumentIds":[]}"""));
        using var writer = Client(write, timeout: TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAsync<TimeoutException>(() => writer.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Web, DocumentIdsToAdd = ["https://docs.example.com/a"] }));
        Assert.Equal(1, write.Attempts);
    }

    [Fact]
    public async Task CancellationAlwaysWins()
    {
        var handler = new ScriptedHandler(Slow, Slow, Slow);
        using var client = Client(handler, timeout: TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListSourcesAsync(cancellationToken: cancellation.Token));

        Assert.Equal(1, handler.Attempts);
    }

    [Fact]
    public async Task RetriesCanBeTurnedOff()
    {
        var handler = new ScriptedHandler(Fail(HttpStatusCode.BadGateway), Ok(EmptyPage));
        using var client = Client(handler);
        client.Options.MaxRetries = 0;

        await Assert.ThrowsAsync<FiniSourcesApiException>(() => client.ListSourcesAsync());

        Assert.Equal(1, handler.Attempts);
    }

    [Fact]
    public async Task ATimeoutForOneCallLeavesTheClientsDefaultsAlone()
    {
        var handler = new ScriptedHandler(Slow, Ok(EmptyPage));
        using var client = Client(handler, timeout: TimeSpan.FromSeconds(30));

        var exception = await Assert.ThrowsAsync<TimeoutException>(() => client.WithOptions(o => { o.Timeout = TimeSpan.FromMilliseconds(100); o.MaxRetries = 0; }).ListSourcesAsync());

        Assert.Contains("listSources timed out after 00:00:00.1", exception.Message);
        Assert.Equal(1, handler.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(30), client.Options.Timeout);
        Assert.Equal(2, client.Options.MaxRetries);

        // The per-call client shares the HTTP client and does not own it: disposing it leaves the original working.
        using (client.WithOptions(o => o.ApiKey = "other"))
        {
        }

        var page = await client.ListSourcesAsync();
        Assert.False(page.HasMore);
        Assert.Equal(2, handler.Attempts);
        Assert.Equal("k", client.Options.ApiKey);
        Assert.Throws<ArgumentNullException>(() => client.WithOptions(null!));
    }

    private void Report(ScriptedHandler handler, string scenario)
        => output.WriteLine($"{scenario}: {handler.Attempts} requests tried, {handler.Faults} faults injected");

    private static FiniSourcesClient Client(ScriptedHandler handler, TimeSpan? timeout = null)
        => new(new HttpClient(handler), new FiniSourcesClientOptions { BaseAddress = new Uri("https://fini.test/"), ApiKey = "k", RetryDelay = TimeSpan.FromMilliseconds(1), Timeout = timeout });

    private static Func<CancellationToken, HttpResponseMessage> Ok(string json)
        => _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static Func<CancellationToken, HttpResponseMessage> Fail(HttpStatusCode status)
        => _ => new HttpResponseMessage(status) { Content = new StringContent("""{"statusCode":500,"message":"boom","error":"x"}""", Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Slow(CancellationToken token)
    {
        Task.Delay(TimeSpan.FromSeconds(5), token).GetAwaiter().GetResult();
        return new HttpResponseMessage(HttpStatusCode.OK);
    }

    private sealed class ScriptedHandler(params Func<CancellationToken, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        public int Faults { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var step = script[Math.Min(Attempts, script.Length - 1)];
            Attempts++;
            return Task.Run(() =>
            {
                var response = step(cancellationToken);
                Faults += response.IsSuccessStatusCode ? 0 : 1;
                return response;
            }, cancellationToken).ContinueWith(t =>
            {
                if (t.IsFaulted)
                {
                    Faults++;
                }

                return t;
            }, TaskScheduler.Default).Unwrap();
        }
    }
}
