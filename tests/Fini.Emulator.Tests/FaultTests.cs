using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Fini.Emulator.Tests.Support;
using Xunit;

namespace Fini.Emulator.Tests;

/// <summary>The opt-in fault mode: each kind as a plain HTTP client sees it, what reached the handler, determinism, the log.</summary>
public sealed class FaultTests
{
    private const string Documents = "v2/documents/public";

    [Fact]
    public async Task Faults_are_off_by_default_and_every_request_is_still_logged()
    {
        await using var harness = await Harness.StartAsync();

        for (var i = 0; i < 10; i++)
        {
            await harness.ListAsync();
            await harness.IngestWebAsync($"https://docs.example.com/default/{i}");
        }

        Assert.Null(harness.Emulator.Faults.Plan);
        Assert.Equal(0, harness.Emulator.Faults.FaultCount());
        Assert.Equal(10, harness.Emulator.Faults.RequestCount("listSources"));
        Assert.Equal(10, harness.Emulator.Faults.RequestCount("ingestSources"));
        Assert.Equal(10, harness.Emulator.Faults.WritesApplied("ingestSources"));
        Assert.Equal(0, harness.Emulator.Faults.WritesApplied("listSources"));
        Assert.All(harness.Emulator.Faults.Requests, r =>
        {
            Assert.Equal(FiniFaultKind.None, r.Fault);
            Assert.True(r.ReachedHandler);
            Assert.Equal(200, r.SentStatus);
            Assert.True(r.Completed);
        });
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), harness.Emulator.Faults.Requests.Select(r => r.Sequence));
    }

    [Theory]
    [InlineData(FiniFaultKind.InternalServerError, 500)]
    [InlineData(FiniFaultKind.ServiceUnavailable, 503)]
    public async Task Server_errors_answer_before_the_handler_with_the_error_body(FiniFaultKind kind, int status)
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan().Always("ingestSources", kind));

        var response = await RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a"));

        Assert.Equal(status, response.Status);
        Assert.Equal("application/json", response.MediaType);
        var body = JsonNode.Parse(response.Body)!.AsObject();
        Assert.Equal(status, body["statusCode"]!.GetValue<int>());
        Assert.Contains("fault injected by the Fini emulator", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        AssertNotApplied(harness, kind, status);
    }

    [Fact]
    public async Task Too_many_requests_carries_retry_after_in_whole_seconds()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan { RetryAfter = TimeSpan.FromMilliseconds(1500) }.Always("ingestSources", FiniFaultKind.TooManyRequests));

        var response = await RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a"));

        Assert.Equal(429, response.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), response.RetryAfter);
        Assert.Equal(429, JsonNode.Parse(response.Body)!["statusCode"]!.GetValue<int>());
        AssertNotApplied(harness, FiniFaultKind.TooManyRequests, 429);
    }

    [Fact]
    public async Task A_delay_applies_the_write_at_once_and_holds_the_answer_back()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan { Delay = TimeSpan.FromMilliseconds(400) }.Script("ingestSources", FiniFaultKind.Delay));

        var clock = Stopwatch.StartNew();
        var response = await RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/slow"));
        clock.Stop();

        Assert.Equal(200, response.Status);
        Assert.Single(JsonNode.Parse(response.Body)!["addedDocumentIds"]!.AsArray());
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), $"The answer came after {clock.Elapsed.TotalMilliseconds} ms, before the 400 ms delay.");
        var record = Assert.Single(harness.Emulator.Faults.Requests);
        Assert.Equal(FiniFaultKind.Delay, record.Fault);
        Assert.True(record.WriteApplied);
        Assert.Equal(200, record.SentStatus);
    }

    [Fact]
    public async Task A_client_that_gives_up_during_a_delay_still_had_its_write_applied()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan { Delay = TimeSpan.FromSeconds(30) }.Always("ingestSources", FiniFaultKind.Delay));
        using var giveUp = new CancellationTokenSource();
        using var request = Request(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/gave-up"));
        var sending = harness.Http.SendAsync(request, giveUp.Token);

        // The client gives up once the emulator has handled the request and is holding the answer back.
        while (harness.Emulator.Faults.Requests is not [{ ReachedHandler: true }])
        {
            Assert.False(sending.IsCompleted, "The answer came before the delay.");
            await Task.Delay(10);
        }

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);
        Assert.Equal(1, harness.State.SourceCount);
        Assert.Equal(1, harness.Emulator.Faults.WritesApplied("ingestSources"));
        var record = await CompletedAsync(harness);
        Assert.Null(record.SentStatus);
    }

    [Fact]
    public async Task Truncated_json_is_a_complete_response_whose_body_stops_half_way()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan().Script("listSources", FiniFaultKind.None, FiniFaultKind.TruncatedJson));
        await harness.IngestWebAsync("https://docs.example.com/a", "https://docs.example.com/b");

        var clean = await RawAsync(harness, HttpMethod.Get, Documents);
        var cut = await RawAsync(harness, HttpMethod.Get, Documents);

        Assert.Equal(200, cut.Status);
        Assert.Equal("application/json", cut.MediaType);
        Assert.Equal(cut.Body.Length, cut.ContentLength);
        Assert.Equal(clean.Body.Length / 2, cut.Body.Length);
        Assert.StartsWith(cut.Body, clean.Body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(cut.Body));
        Assert.Equal(FiniFaultKind.TruncatedJson, harness.Emulator.Faults.Requests[^1].Fault);
        Assert.True(harness.Emulator.Faults.Requests[^1].ReachedHandler);
    }

    [Fact]
    public async Task Malformed_json_is_a_complete_response_with_a_syntax_error_and_the_write_applied()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan().Always("ingestSources", FiniFaultKind.MalformedJson));

        var response = await RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a"));

        Assert.Equal(200, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.StartsWith("{\"fini-emulator\": NaN, \"addedDocumentIds\":[", response.Body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(response.Body));
        Assert.Equal(1, harness.State.SourceCount);
        Assert.True(Assert.Single(harness.Emulator.Faults.Requests).WriteApplied);
    }

    [Fact]
    public async Task Wrong_content_type_is_an_html_page_from_in_front_of_the_api()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan().Always("ingestSources", FiniFaultKind.WrongContentType));

        var response = await RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a"));

        Assert.Equal(200, response.Status);
        Assert.Equal("text/html", response.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", response.Body, StringComparison.Ordinal);
        AssertNotApplied(harness, FiniFaultKind.WrongContentType, 200);
    }

    [Fact]
    public async Task A_drop_before_the_request_is_read_applies_nothing()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan().Always("ingestSources", FiniFaultKind.DropBeforeRequest));

        await Assert.ThrowsAsync<HttpRequestException>(() => RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a")));

        AssertNotApplied(harness, FiniFaultKind.DropBeforeRequest, null);
    }

    [Fact]
    public async Task A_drop_after_the_handler_applies_the_write_and_sends_nothing()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan().Always("ingestSources", FiniFaultKind.DropAfterHandler));

        await Assert.ThrowsAsync<HttpRequestException>(() => RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a")));

        Assert.Equal(1, harness.State.SourceCount);
        var record = Assert.Single(harness.Emulator.Faults.Requests);
        Assert.True(record.WriteApplied);
        Assert.Equal(200, record.HandlerStatus);
        Assert.Null(record.SentStatus);
    }

    [Fact]
    public async Task A_drop_during_the_response_sends_the_status_and_half_the_body()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan().Always("ingestSources", FiniFaultKind.DropDuringResponse));
        using var http = new HttpClient { BaseAddress = harness.Emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var request = Request(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a"));

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        var announced = response.Content.Headers.ContentLength;
        var exception = await Assert.ThrowsAsync<HttpRequestException>(() => response.Content.ReadAsByteArrayAsync());

        Assert.IsAssignableFrom<IOException>(exception.InnerException); // the response ended before Content-Length
        Assert.True(announced > 0);
        Assert.Equal(1, harness.State.SourceCount);
        var record = Assert.Single(harness.Emulator.Faults.Requests);
        Assert.True(record.WriteApplied);
        Assert.Equal(200, record.SentStatus);
    }

    [Theory]
    [InlineData(FiniFaultKind.None)]
    [InlineData(FiniFaultKind.InternalServerError)]
    [InlineData(FiniFaultKind.ServiceUnavailable)]
    [InlineData(FiniFaultKind.TooManyRequests)]
    [InlineData(FiniFaultKind.WrongContentType)]
    [InlineData(FiniFaultKind.Delay)]
    [InlineData(FiniFaultKind.TruncatedJson)]
    [InlineData(FiniFaultKind.MalformedJson)]
    public async Task The_record_is_complete_by_the_time_the_client_has_the_response(FiniFaultKind kind)
    {
        // The emulator is held right after the last byte of the answer went out, as a busy machine may hold it: what a test
        // reads from the log once it has the response must already be all there.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = await Harness.StartAsync(o =>
        {
            o.Faults = kind == FiniFaultKind.None ? null : new FiniFaultPlan { Delay = TimeSpan.FromMilliseconds(10), RetryAfter = TimeSpan.Zero }.Always("ingestSources", kind);
            o.AfterResponseSent = () => release.Task;
        });
        try
        {
            var response = await RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/held"));

            var record = Assert.Single(harness.Emulator.Faults.Requests);
            var applied = kind == FiniFaultKind.None || FiniFaultKinds.ReachesHandler(kind);
            Assert.True(record.Completed, "The record was not complete when the client had the response.");
            Assert.Equal(response.Status, record.SentStatus);
            Assert.Equal(applied, record.ReachedHandler);
            Assert.Equal(applied ? 200 : null, record.HandlerStatus);
            Assert.Equal(applied, record.WriteApplied);
            Assert.Equal(applied ? 1 : 0, harness.Emulator.Faults.WritesApplied("ingestSources"));
            Assert.Equal(applied ? 1 : 0, harness.State.SourceCount);
        }
        finally
        {
            release.SetResult();
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_faults_and_the_rate_holds()
    {
        var plan = FiniFaultPlan.Random(0.3, seed: 42);
        var again = FiniFaultPlan.Random(0.3, seed: 42);
        var other = FiniFaultPlan.Random(0.3, seed: 43);

        var faults = Enumerable.Range(0, 2000).Select(i => plan.Decide("listSources", i)).ToList();

        Assert.Equal(faults, Enumerable.Range(0, 2000).Select(i => again.Decide("listSources", i)));
        Assert.NotEqual(faults, Enumerable.Range(0, 2000).Select(i => other.Decide("listSources", i)));
        Assert.NotEqual(faults, Enumerable.Range(0, 2000).Select(i => plan.Decide("ingestSources", i)));
        var share = faults.Count(f => f != FiniFaultKind.None) / 2000.0;
        Assert.InRange(share, 0.25, 0.35);
        Assert.Equal(FiniFaultKinds.All.OrderBy(k => k), faults.Where(f => f != FiniFaultKind.None).Distinct().OrderBy(k => k));
        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal(FiniFaultKind.None, FiniFaultPlan.Random(0, 42).Decide("listSources", i)));
        Assert.All(Enumerable.Range(0, 500), i => Assert.NotEqual(FiniFaultKind.None, FiniFaultPlan.Random(1, 42).Decide("listSources", i)));
        Assert.All(Enumerable.Range(0, 500), i => Assert.Contains(FiniFaultPlan.Random(1, 42, FiniFaultKind.TooManyRequests, FiniFaultKind.TruncatedJson).Decide("listSources", i), new[] { FiniFaultKind.TooManyRequests, FiniFaultKind.TruncatedJson }));
    }

    [Fact]
    public async Task Two_emulators_with_the_same_seed_inject_the_same_faults_over_the_wire()
    {
        async Task<List<(string Operation, FiniFaultKind Fault)>> RunAsync(int seed, bool listFirst)
        {
            await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan { Rate = 0.5, Seed = seed, Delay = TimeSpan.Zero });
            for (var i = 0; i < 20; i++)
            {
                var list = () => TryRawAsync(harness, HttpMethod.Get, Documents);
                var ingest = () => TryRawAsync(harness, HttpMethod.Post, Documents, IngestBody($"https://docs.example.com/seeded/{i}"));
                await (listFirst ? list() : ingest());
                await (listFirst ? ingest() : list());
            }

            // Per operation, in arrival order: the interleaving of operations does not matter.
            return harness.Emulator.Faults.Requests.OrderBy(r => r.Operation, StringComparer.Ordinal).ThenBy(r => r.Sequence).Select(r => (r.Operation, r.Fault)).ToList();
        }

        var first = await RunAsync(7, listFirst: true);
        var second = await RunAsync(7, listFirst: false);
        var reseeded = await RunAsync(8, listFirst: true);

        Assert.Equal(40, first.Count);
        Assert.Equal(first, second);
        Assert.NotEqual(first, reseeded);
        Assert.InRange(first.Count(f => f.Fault != FiniFaultKind.None), 8, 32);
    }

    [Fact]
    public async Task A_script_sets_each_request_of_one_operation_and_a_new_plan_starts_over()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = new FiniFaultPlan()
            .Script("listSources", FiniFaultKind.InternalServerError, FiniFaultKind.None, FiniFaultKind.TooManyRequests));
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await RawAsync(harness, HttpMethod.Get, Documents)).Status);
        }

        var ingest = await RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a"));
        harness.Emulator.Faults.Plan = new FiniFaultPlan().Script("listSources", FiniFaultKind.ServiceUnavailable);
        var restarted = await RawAsync(harness, HttpMethod.Get, Documents);
        harness.Emulator.Faults.Plan = null;
        var off = await RawAsync(harness, HttpMethod.Get, Documents);

        Assert.Equal([500, 200, 429, 200, 200], statuses);
        Assert.Equal(200, ingest.Status);
        Assert.Equal(503, restarted.Status);
        Assert.Equal(200, off.Status);
        Assert.Equal(3, harness.Emulator.Faults.FaultCount());
        Assert.Equal(new Dictionary<FiniFaultKind, int> { [FiniFaultKind.InternalServerError] = 1, [FiniFaultKind.ServiceUnavailable] = 1, [FiniFaultKind.TooManyRequests] = 1 }, harness.Emulator.Faults.FaultsByKind());
        Assert.Equal(new Dictionary<string, int> { ["ingestSources"] = 1, ["listSources"] = 7 }, harness.Emulator.Faults.RequestsByOperation());
        Assert.Equal(
            "requests received: 8 (ingestSources 1, listSources 7); faults injected: 3 (500 1, 503 1, 429 1); writes applied: 1 (ingestSources 1)",
            harness.Emulator.Faults.Summary());

        harness.Emulator.Faults.Clear();
        Assert.Empty(harness.Emulator.Faults.Requests);
        Assert.Equal(0, harness.Emulator.Faults.RequestCount());
    }

    [Fact]
    public async Task Unmatched_routes_and_refused_keys_never_count_as_applied_writes()
    {
        await using var harness = await Harness.StartAsync(o => o.Faults = FiniFaultPlan.Random(1, 3, FiniFaultKind.DropAfterHandler));

        var missing = await RawAsync(harness, HttpMethod.Get, "v2/nothing-here");
        await Assert.ThrowsAsync<HttpRequestException>(() => RawAsync(harness, HttpMethod.Post, Documents, IngestBody("https://docs.example.com/a"), key: harness.ReadKey));

        Assert.Equal(404, missing.Status);
        var records = harness.Emulator.Faults.Requests;
        Assert.Equal(("(unmatched)", FiniFaultKind.None), (records[0].Operation, records[0].Fault));
        Assert.Equal(FiniFaultKind.DropAfterHandler, records[1].Fault);
        Assert.False(records[1].ReachedHandler);
        Assert.Equal(403, records[1].HandlerStatus);
        Assert.Equal(0, harness.Emulator.Faults.WritesApplied());
        Assert.Equal(0, harness.State.SourceCount);
    }

    [Fact]
    public async Task Invalid_plans_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new FiniFaultPlan().Script("ingestSource", FiniFaultKind.InternalServerError));
        Assert.Throws<ArgumentException>(() => new FiniFaultPlan().Script("ingestSources"));
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { Faults = new FiniFaultPlan { Rate = 1.5 } }));
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { Faults = new FiniFaultPlan { Rate = 0.5, Kinds = [] } }));
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { Faults = new FiniFaultPlan { Rate = 0.5, Kinds = [FiniFaultKind.None] } }));
        await Assert.ThrowsAsync<ArgumentException>(() => FiniEmulator.StartAsync(new FiniEmulatorOptions { Faults = new FiniFaultPlan { Delay = TimeSpan.FromSeconds(-1) } }));
        await using var emulator = await FiniEmulator.StartAsync();
        Assert.Throws<ArgumentException>(() => emulator.Faults.Plan = new FiniFaultPlan { Rate = -0.1 });
        Assert.Null(emulator.Faults.Plan);
    }

    [Fact]
    public void Kind_names_round_trip()
    {
        foreach (var kind in FiniFaultKinds.All)
        {
            Assert.True(FiniFaultKinds.TryParse(FiniFaultKinds.Name(kind).ToUpperInvariant(), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.Equal(10, FiniFaultKinds.All.Select(FiniFaultKinds.Name).Distinct().Count());
        Assert.False(FiniFaultKinds.TryParse("none", out _));
        Assert.False(FiniFaultKinds.TryParse("418", out _));
    }

    private static void AssertNotApplied(Harness harness, FiniFaultKind kind, int? sentStatus)
    {
        Assert.Equal(0, harness.State.SourceCount);
        var record = Assert.Single(harness.Emulator.Faults.Requests);
        Assert.Equal(kind, record.Fault);
        Assert.False(record.ReachedHandler);
        Assert.False(record.WriteApplied);
        Assert.Null(record.HandlerStatus);
        Assert.Equal(sentStatus, record.SentStatus);
        Assert.Equal(1, harness.Emulator.Faults.FaultCount(kind));
        Assert.Equal(0, harness.Emulator.Faults.WritesApplied());
    }

    /// <summary>The only request's record, once the emulator has finished with it (it may still be waiting when the client has given up).</summary>
    private static async Task<FiniRequestRecord> CompletedAsync(Harness harness)
    {
        for (var i = 0; i < 200; i++)
        {
            var record = Assert.Single(harness.Emulator.Faults.Requests);
            if (record.Completed)
            {
                return record;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The emulator never finished the request.");
    }

    private static string IngestBody(string url) => $$"""{"source":"web","documentIdsToAdd":["{{url}}"]}""";

    private static HttpRequestMessage Request(Harness harness, HttpMethod method, string path, string? json, string? key = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? harness.WriteKey);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static async Task<RawResponse> RawAsync(Harness harness, HttpMethod method, string path, string? json = null, HttpClient? http = null, string? key = null)
    {
        using var request = Request(harness, method, path, json, key);
        using var response = await (http ?? harness.Http).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new RawResponse((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLength, response.Headers.RetryAfter?.Delta);
    }

    private static async Task TryRawAsync(Harness harness, HttpMethod method, string path, string? json = null)
    {
        try
        {
            await RawAsync(harness, method, path, json);
        }
        catch (HttpRequestException)
        {
            // A dropped connection: the emulator has recorded it all the same.
        }
    }

    private sealed record RawResponse(int Status, string Body, string? MediaType, long? ContentLength, TimeSpan? RetryAfter);
}
