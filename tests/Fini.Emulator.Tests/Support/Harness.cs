using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace Fini.Emulator.Tests.Support;

/// <summary>An emulator on loopback with a manual clock (one job step = one second), and an HttpClient for it.</summary>
internal sealed class Harness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 15, 9, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private Harness(FiniEmulator emulator, ManualTimeProvider time, ServerLogs logs)
    {
        Emulator = emulator;
        Logs = logs;
        Time = time;
        Http = new HttpClient { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public FiniEmulator Emulator { get; }

    public FiniEmulatorState State => Emulator.State;

    public ManualTimeProvider Time { get; }

    public HttpClient Http { get; }

    public string WriteKey => Emulator.WriteKey;

    public string ReadKey => Emulator.ReadKey;

    /// <summary>What Kestrel and ASP.NET Core logged at Warning and above.</summary>
    public ServerLogs Logs { get; }

    public static async Task<Harness> StartAsync(Action<FiniEmulatorOptions>? configure = null)
    {
        var time = new ManualTimeProvider(Start);
        var logs = new ServerLogs();
        var options = new FiniEmulatorOptions { TimeProvider = time, JobStepDuration = Step, ServerLogs = logs };
        configure?.Invoke(options);
        return new Harness(await FiniEmulator.StartAsync(options), time, logs);
    }

    /// <summary>Moves the clock by whole job steps.</summary>
    public void Steps(int count) => Time.Advance(Step * count);

    public Task<ApiResponse> GetAsync(string path, string? key = null) => SendAsync(HttpMethod.Get, path, null, key);

    public Task<ApiResponse> PostAsync(string path, string json, string? key = null) => SendAsync(HttpMethod.Post, path, json, key);

    public Task<ApiResponse> DeleteAsync(string path, string json, string? key = null) => SendAsync(HttpMethod.Delete, path, json, key);

    /// <summary>Sends with <c>Authorization: Bearer key</c> (the write key by default); <paramref name="authorization"/> overrides the header, "" leaves it out.</summary>
    public async Task<ApiResponse> SendAsync(
        HttpMethod method,
        string path,
        string? json,
        string? key = null,
        string? authorization = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        var header = authorization ?? "Bearer " + (key ?? WriteKey);
        if (header.Length > 0)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header));
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        return new ApiResponse(
            (int)response.StatusCode,
            raw.Length == 0 ? null : JsonNode.Parse(raw),
            raw,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers);
    }

    // ---- Shortcuts for the common calls; each asserts a 200. ----

    public async Task<JsonObject> GetSourceAsync(Guid id)
    {
        var response = await GetAsync($"v2/documents/public/{id}");
        return response.Ok().AsObject();
    }

    public async Task<(List<Guid> Added, List<Guid> Updated)> IngestAsync(string body)
    {
        var response = await PostAsync("v2/documents/public", body);
        var node = response.Ok();
        return (Ids(node["addedDocumentIds"]), Ids(node["updatedDocumentIds"]));
    }

    public Task<(List<Guid> Added, List<Guid> Updated)> IngestWebAsync(params string[] urls) =>
        IngestAsync($$"""{"source":"web","documentIdsToAdd":{{Json.Array(urls)}}}""");

    public async Task<(JsonArray Documents, bool HasMore)> ListAsync(string query = "")
    {
        var response = await GetAsync("v2/documents/public" + (query.Length == 0 ? string.Empty : "?" + query));
        var node = response.Ok();
        return (node["documents"]!.AsArray(), node["hasMore"]!.GetValue<bool>());
    }

    public async Task<List<Guid>> ListIdsAsync(string query = "")
    {
        var (documents, _) = await ListAsync(query);
        return documents.Select(d => Guid.Parse(d!["id"]!.GetValue<string>())).ToList();
    }

    public async Task<JsonArray> BulkAsync(params Guid[] ids)
    {
        var response = await PostAsync("v2/knowledge/public/bulk", $$"""{"documentIds":{{Json.Array(ids)}},"origin":"sources"}""");
        return response.Ok()["jobs"]!.AsArray();
    }

    public async Task<JsonObject> JobStatusAsync(Guid jobId)
    {
        var response = await PostAsync("v2/knowledge/public/jobs/status", $$"""{"jobIds":["{{jobId}}"]}""");
        var jobs = response.Ok()["jobs"]!.AsArray();
        Assert.Single(jobs);
        return jobs[0]!.AsObject();
    }

    public static List<Guid> Ids(JsonNode? array) => array!.AsArray().Select(n => Guid.Parse(n!.GetValue<string>())).ToList();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

/// <summary>A response: status, parsed JSON body, raw text, media type.</summary>
internal sealed record ApiResponse(int Status, JsonNode? Body, string Raw, string? MediaType, HttpResponseHeaders Headers)
{
    /// <summary>Asserts a 200 with a JSON body and returns the body.</summary>
    public JsonNode Ok()
    {
        Assert.True(Status == 200, $"Expected 200, got {Status}: {Raw}");
        Assert.Equal("application/json", MediaType);
        return Body!;
    }

    /// <summary>Asserts the contract's error body, exactly <c>{statusCode, message, error}</c>, and returns the message.</summary>
    public string Error(int status, string? messageContains = null)
    {
        Assert.True(Status == status, $"Expected {status}, got {Status}: {Raw}");
        Assert.Equal("application/json", MediaType);
        var body = Body!.AsObject();
        Assert.Equal(["statusCode", "message", "error"], body.Select(p => p.Key));
        Assert.Equal(status, body["statusCode"]!.GetValue<int>());
        var expectedReason = status switch
        {
            400 => "Bad Request",
            401 => "Unauthorized",
            403 => "Forbidden",
            404 => "Not Found",
            408 => "Request Timeout",
            413 => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(413),
            414 => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(414),
            500 => "Internal Server Error",
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        Assert.Equal(expectedReason, body["error"]!.GetValue<string>());
        var message = body["message"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(message));
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, message, StringComparison.Ordinal);
        }

        return message;
    }
}

/// <summary>JSON text for request bodies, written by hand (no serializer needed).</summary>
internal static class Json
{
    public static string Array(IEnumerable<string> values) =>
        "[" + string.Join(",", values.Select(v => JsonValue.Create(v).ToJsonString())) + "]";

    public static string Array(IEnumerable<Guid> values) => Array(values.Select(v => v.ToString()));
}
