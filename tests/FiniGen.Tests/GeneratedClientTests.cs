using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FiniGen.Tests.Fini;
using Xunit;

// These tests drive the client's own request checks with values FiniGen's analyzers reject at compile time,
// and use a fake key; the analyzers are tested on their own in ContractUsageAnalyzerTests.
#pragma warning disable FG1001, FG1002, FG1003, FG1004, FG1005, FG1008, FG1009

namespace FiniGen.Tests;

/// <summary>The client generated for this project sends what the contract says and reports failures with typed exceptions.</summary>
public class GeneratedClientTests
{
    private const string Key = "fini_test_secret_key_123";
    private const string SourceId = "5d9f67a8-d853-4af4-b7ce-23ebba1245e5";

    [Fact]
    public async Task ListSourcesSendsEveryQueryParameterEscapedWithTheBearerKey()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"documents":[],"hasMore":false}""");
        using var client = Client(handler);

        var page = await client.ListSourcesAsync(limit: 25, source: SourceType.Notion, direction: PaginationDirection.Previous, cursor: SourceId, title: "Billing & refunds", changed: true, english: false);

        Assert.False(page.HasMore);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(
            "https://fini.test/v2/documents/public?limit=25&cursor=" + SourceId + "&direction=previous&source=notion&english=false&title=Billing%20%26%20refunds&changed=true",
            request.Uri);
        Assert.Equal("Bearer " + Key, request.Authorization);
        Assert.Equal("application/json", request.Accept);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task OmittedOptionalParametersAreNotSent()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"documents":[],"hasMore":false}""");
        using var client = Client(handler);

        await client.ListSourcesAsync();

        Assert.Equal("https://fini.test/v2/documents/public", Assert.Single(handler.Requests).Uri);
    }

    [Fact]
    public async Task PathParametersAreEscaped()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """[]""");
        using var client = Client(handler);
        client.Options.ValidateRequests = false;

        await client.ListProviderResourcesAsync(new Provider("no/tion"));

        Assert.Equal("https://fini.test/v2/documents/public/resources/no%2Ftion", Assert.Single(handler.Requests).Uri);
    }

    [Fact]
    public async Task IngestPostsTheBodyAsJsonWithOnlyTheMembersThatWereSet()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"addedDocumentIds":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],"updatedDocumentIds":[]}""");
        using var client = Client(handler);

        var result = await client.IngestSourcesAsync(new IngestSourcesRequest
        {
            Source = IngestSource.Web,
            DocumentIdsToAdd = ["https://docs.example.com/billing/refunds"],
            English = true,
        });

        Assert.Equal(SourceId, Assert.Single(result.AddedDocumentIds));
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("""{"source":"web","documentIdsToAdd":["https://docs.example.com/billing/refunds"],"english":true}""", request.Body);
    }

    [Fact]
    public async Task DeleteSendsItsJsonBodyOnADelete()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"deletedDocuments":[{"id":"5d9f67a8-d853-4af4-b7ce-23ebba1245e5"}],"deletedArticles":[]}""");
        using var client = Client(handler);

        var result = await client.DeleteSourcesAsync(new DeleteSourcesRequest { DocumentIds = [SourceId], DeleteArticles = false });

        Assert.Equal(SourceId, Assert.Single(result.DeletedDocuments).Id);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Delete, request.Method);
        Assert.Equal("""{"documentIds":["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"],"deleteArticles":false}""", request.Body);
    }

    [Fact]
    public async Task RefreshReturnsTheTopLevelArray()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """["5d9f67a8-d853-4af4-b7ce-23ebba1245e5","35b4838a-4136-4f6c-a530-8f17cb47566d"]""");
        using var client = Client(handler);

        var accepted = await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [SourceId, "35b4838a-4136-4f6c-a530-8f17cb47566d"] });

        Assert.Equal(new[] { SourceId, "35b4838a-4136-4f6c-a530-8f17cb47566d" }, accepted);
    }

    [Fact]
    public async Task ADocumentedErrorBecomesATypedExceptionWithTheBodyFields()
    {
        const string body = """{"statusCode":403,"message":"API key is missing the required `write` scope","error":"Forbidden"}""";
        var handler = new RecordingHandler(HttpStatusCode.Forbidden, body);
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesApiException<Error>>(() => client.IngestSourcesAsync(new IngestSourcesRequest { DocumentIdsToAdd = ["https://a.example/"] }));

        Assert.Equal(403, exception.StatusCode);
        Assert.Equal("ingestSources", exception.OperationId);
        Assert.Equal(403, exception.Error.StatusCode);
        Assert.Equal("Forbidden", exception.Error.ErrorValue);
        Assert.Equal(body, exception.RawBody);
        Assert.Same(exception.Error, exception.ErrorBody);
        Assert.Equal("ingestSources failed with HTTP 403 (Forbidden): API key is missing the required `write` scope", exception.Message);
        Assert.DoesNotContain(Key, exception.ToString());
    }

    [Fact]
    public async Task AnUndocumentedErrorBodyStillTravelsRaw()
    {
        var handler = new RecordingHandler(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "text/html");
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesApiException>(() => client.GetSourceAsync(SourceId));

        Assert.IsNotType<FiniSourcesApiException<Error>>(exception);
        Assert.Equal(502, exception.StatusCode);
        Assert.Equal("<html>bad gateway</html>", exception.RawBody);
        Assert.Contains("getSource failed with HTTP 502", exception.Message);
    }

    [Fact]
    public async Task ADocumentedStatusWithAnUnexpectedBodyFallsBackToTheRawBody()
    {
        var handler = new RecordingHandler(HttpStatusCode.BadRequest, """{"unexpected":true}""");
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesApiException>(() => client.GetSourceAsync(SourceId));

        Assert.IsNotType<FiniSourcesApiException<Error>>(exception);
        Assert.Equal("""{"unexpected":true}""", exception.RawBody);
    }

    [Fact]
    public async Task AMalformedSuccessBodyIsReportedWithTheOperationAndStatus()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"documents":[{"id":""");
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesApiException>(() => client.ListSourcesAsync());

        Assert.Equal(200, exception.StatusCode);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(exception.InnerException);
        Assert.StartsWith("listSources returned HTTP 200 but its body is not a valid ListSourcesResponse", exception.Message);
    }

    [Fact]
    public async Task CancellationStopsTheCall()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"documents":[],"hasMore":false}""");
        using var client = Client(handler);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListSourcesAsync(cancellationToken: cancellation.Token));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task TheBaseAddressComesFromOptionsThenHttpClientThenTheContract()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"documents":[],"hasMore":false}""");
        using (var fromHttpClient = new FiniSourcesClient(new HttpClient(handler) { BaseAddress = new Uri("http://127.0.0.1:5055/api") }))
        {
            await fromHttpClient.ListSourcesAsync();
        }

        using (var fromContract = new FiniSourcesClient(new HttpClient(handler)))
        {
            await fromContract.ListSourcesAsync();
        }

        Assert.Equal("http://127.0.0.1:5055/api/v2/documents/public", handler.Requests[0].Uri);
        Assert.Equal("https://api-prod.usefini.com/v2/documents/public", handler.Requests[1].Uri);
        Assert.Null(handler.Requests[1].Authorization);
        Assert.Equal(new Uri("https://api-prod.usefini.com/"), FiniSourcesClientOptions.DefaultBaseAddress);
    }

    [Fact]
    public async Task AWebIngestWithSourceIdsIsRefusedBeforeItIsSent()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "{}");
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.IngestSourcesAsync(new IngestSourcesRequest
        {
            Source = IngestSource.Web,
            DocumentIdsToAdd = ["https://docs.example.com/a", SourceId],
        }));

        Assert.Empty(handler.Requests);
        Assert.Equal("ingestSources", exception.OperationId);
        Assert.Equal("request.documentIdsToAdd[1]", exception.Member);
        Assert.Equal(SourceId, exception.Value);
        Assert.Equal("source is 'web'", exception.Condition);
        Assert.Equal("ingestSources: request.documentIdsToAdd[1] = '" + SourceId + "' breaks the contract (format uri, when source is 'web'): it is not an absolute URL (format uri). (Parameter 'request.documentIdsToAdd[1]')", exception.Message);
    }

    [Fact]
    public async Task AnAbsentSourceMeansWebBecauseOfTheContractDefault()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "{}");
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.IngestSourcesAsync(new IngestSourcesRequest { DocumentIdsToRefresh = [SourceId] }));

        Assert.Equal("request.documentIdsToRefresh[0]", exception.Member);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task AProviderIngestWithUrlsIsRefusedAndWithSourceIdsIsSent()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, """{"addedDocumentIds":[],"updatedDocumentIds":[]}""");
        using var client = Client(handler);

        var exception = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = ["https://www.notion.so/x"] }));
        await client.IngestSourcesAsync(new IngestSourcesRequest { Source = IngestSource.Notion, DocumentIdsToAdd = [SourceId] });

        Assert.Equal("it is a URL, not an ID (format uuid)", exception.Problem);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task ParametersListSizesAndEnumsAreChecked()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "[]");
        using var client = Client(handler);

        var empty = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [] }));
        var uuid = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.GetSourceAsync("not-a-uuid"));
        var limit = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.ListSourcesAsync(limit: 0));
        var provider = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.ListProviderResourcesAsync("googledrive"));
        var crawl = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => client.CrawlLinksAsync(new CrawlLinksRequest { Links = ["docs.example.com"] }));

        Assert.Equal("it is empty, but needs at least 1", empty.Problem);
        Assert.Equal("id", uuid.Member);
        Assert.Equal("minimum 1", limit.Rule);
        Assert.Equal("enum", provider.Rule);
        Assert.Equal("request.links[0]", crawl.Member);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ValidationCanBeTurnedOff()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, "[]");
        using var client = Client(handler);
        client.Options.ValidateRequests = false;

        await client.RefreshSourcesAsync(new RefreshSourcesRequest { DocumentIds = [] });

        Assert.Equal("""{"documentIds":[]}""", Assert.Single(handler.Requests).Body);
    }

    [Fact]
    public void OptionsNeverPrintTheKey()
    {
        var options = new FiniSourcesClientOptions { ApiKey = Key };

        Assert.DoesNotContain(Key, options.ToString());
        Assert.Contains("ApiKey = (set)", options.ToString());
    }

    private static FiniSourcesClient Client(RecordingHandler handler)
        => new(new HttpClient(handler), new FiniSourcesClientOptions { BaseAddress = new Uri("https://fini.test/"), ApiKey = Key });

    private sealed record RecordedRequest(HttpMethod Method, string Uri, string? Authorization, string? Accept, string? ContentType, string? Body);

    private sealed class RecordingHandler(HttpStatusCode status, string body, string mediaType = "application/json") : HttpMessageHandler
    {
        public List<RecordedRequest> Requests { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Requests.Add(new RecordedRequest(
                request.Method,
                request.RequestUri!.AbsoluteUri,
                request.Headers.Authorization?.ToString(),
                request.Headers.Accept.ToString(),
                request.Content?.Headers.ContentType?.ToString(),
                request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType), RequestMessage = request };
        }
    }
}
