using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using FiniGen.Tests.Fini;
using Xunit;

// A test key (FG1008 would rightly flag it in application code) and a value the analyzers reject on purpose (FG1003),
// to reach the client's own request check.
#pragma warning disable FG1003, FG1008

namespace FiniGen.Tests;

/// <summary>The API key never reaches an exception, its message, its raw body, a typed error body or ToString().</summary>
public class SecretTests
{
    private const string Key = "fini_secret_key_that_must_not_leak_0123";

    public static TheoryData<HttpStatusCode, string, string> EchoingResponses() => new()
    {
        { HttpStatusCode.Unauthorized, "application/json", """{"statusCode":401,"message":"Bad key: Bearer {AUTH}","error":"Unauthorized"}""" },
        { HttpStatusCode.Forbidden, "application/json", """{"statusCode":403,"message":"{AUTH} lacks write","error":"Forbidden"}""" },
        { HttpStatusCode.InternalServerError, "text/plain", "upstream said: Authorization={AUTH}" },
        { HttpStatusCode.BadRequest, "application/json", """{"unexpected":"{AUTH}"}""" },
        { HttpStatusCode.OK, "application/json", """{"documents":[{"id":"{AUTH}" """ },
    };

    [Theory]
    [MemberData(nameof(EchoingResponses))]
    public async Task AServerThatEchoesTheKeyDoesNotLeakItIntoTheException(HttpStatusCode status, string mediaType, string template)
    {
        using var client = new FiniSourcesClient(new HttpClient(new EchoHandler(status, mediaType, template)), new FiniSourcesClientOptions { BaseAddress = new Uri("https://fini.test/"), ApiKey = Key });

        var exception = await Assert.ThrowsAnyAsync<FiniSourcesApiException>(() => client.ListSourcesAsync());

        Assert.DoesNotContain(Key, exception.ToString());
        Assert.DoesNotContain(Key, exception.RawBody);
        Assert.DoesNotContain(Key, (exception.ErrorBody as Error)?.Message ?? string.Empty);
        Assert.Contains("***", exception.RawBody);
    }

    [Fact]
    public async Task TransportFailuresAndRequestChecksDoNotCarryTheKey()
    {
        using var failing = new FiniSourcesClient(new HttpClient(new ThrowingHandler()), new FiniSourcesClientOptions { BaseAddress = new Uri("https://fini.test/"), ApiKey = Key });
        var transport = await Assert.ThrowsAsync<HttpRequestException>(() => failing.ListSourcesAsync());
        var validation = await Assert.ThrowsAsync<FiniSourcesRequestValidationException>(() => failing.GetSourceAsync("not-a-uuid"));

        Assert.DoesNotContain(Key, transport.ToString());
        Assert.DoesNotContain(Key, validation.ToString());
        Assert.DoesNotContain(Key, failing.Options.ToString());
        Assert.DoesNotContain(Key, failing.ToString()!);
    }

    private sealed class EchoHandler(HttpStatusCode status, string mediaType, string template) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(template.Replace("{AUTH}", request.Headers.Authorization!.Parameter), Encoding.UTF8, mediaType),
            });
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => throw new HttpRequestException("connection reset by peer");
    }
}
