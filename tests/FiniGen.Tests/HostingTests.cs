using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Fini.Emulator;
using FiniGen.Tests.Fini;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// With Microsoft.Extensions.Http referenced (this project has it through ASP.NET Core), FiniGen adds AddXxxClient;
/// without it, nothing hosting-related is generated and nothing breaks.
/// </summary>
public class HostingTests
{
    [Fact]
    public async Task TheClientIsRegisteredWithHttpClientFactoryAndOptionsFromConfiguration()
    {
        await using var emulator = await FiniEmulator.StartAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Fini:BaseAddress"] = emulator.BaseAddress.ToString(),
                ["Fini:ApiKey"] = emulator.ReadKey,
                ["Fini:ValidateRequests"] = "false",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddFiniSourcesClient(configuration.GetSection("Fini"));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<FiniSourcesClient>();
        var page = await client.ListSourcesAsync(limit: 5);

        Assert.Empty(page.Documents);
        Assert.Equal(emulator.BaseAddress, client.Options.BaseAddress);
        Assert.False(client.Options.ValidateRequests);
    }

    [Fact]
    public void EverySettingIsReadFromConfigurationAndOneOutOfRangeFailsNamingIt()
    {
        var services = new ServiceCollection();
        services.AddFiniSourcesClient(Configuration(("Timeout", "00:00:07"), ("MaxRetries", "4"), ("RetryDelay", "00:00:00.250"), ("MaxRetryAfter", "00:01:00"), ("MaxResponseSize", "1048576")));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<FiniSourcesClient>().Options;

        Assert.Equal(TimeSpan.FromSeconds(7), options.Timeout);
        Assert.Equal(4, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.RetryDelay);
        Assert.Equal(TimeSpan.FromMinutes(1), options.MaxRetryAfter);
        Assert.Equal(1048576, options.MaxResponseSize);

        var wrong = new ServiceCollection();
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => wrong.AddFiniSourcesClient(Configuration(("MaxRetries", "50"))));
        Assert.Equal("MaxRetries", exception.ParamName);
    }

    [Fact]
    public async Task TheFactorysClientKeepsItsCredentialFromAnotherOriginAndSendsAWriteOnce()
    {
        await using var other = RawHttpServer.Start(_ => RawReply.Respond(200, """{"documents":[],"hasMore":false}"""));
        await using var server = RawHttpServer.Start(request => request.Method == "GET" ? RawReply.Redirect(302, other.Url("/v2/documents/public")) : RawReply.Respond(503, "{}"));
        var services = new ServiceCollection();
        services.AddFiniSourcesClient(o =>
        {
            o.BaseAddress = new Uri(server.BaseUrl);
            o.ApiKey = "factory-test-key";
            o.MaxRetries = 0;
        }).AddHttpMessageHandler(() => new RetryEveryMethodHandler());
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<FiniSourcesClient>();

        await client.ListSourcesAsync();
        await Assert.ThrowsAsync<System.Net.Http.HttpRequestException>(() => client.DeleteSourcesAsync(new DeleteSourcesRequest { DocumentIds = ["5d9f67a8-d853-4af4-b7ce-23ebba1245e5"] }));

        await other.SettleAsync();
        Assert.Null(Assert.Single(other.Requests).Header("Authorization"));
        await server.SettleAsync();
        Assert.Single(server.Requests, r => r.Method != "GET");
    }

    [Fact]
    public async Task TheFactorysHttpClientLeavesTimeoutsToTheClientAndItsDefaultHeadersStayWithTheirOrigin()
    {
        await using var other = RawHttpServer.Start(_ => RawReply.Respond(200, """{"documents":[],"hasMore":false}"""));
        await using var server = RawHttpServer.Start(_ => RawReply.Redirect(302, other.Url("/v2/documents/public")));
        var services = new ServiceCollection();
        services.AddFiniSourcesClient(o => o.BaseAddress = new Uri(server.BaseUrl))
            .ConfigureHttpClient(http =>
            {
                http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "tenant-token");
                http.DefaultRequestHeaders.Add("X-Tenant", "t1");
            });
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<FiniSourcesClient>().ListSourcesAsync();

        var http = provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient("FiniGen.Tests.Fini.FiniSourcesClient");
        Assert.Equal(System.Threading.Timeout.InfiniteTimeSpan, http.Timeout);
        Assert.Equal("t1", Assert.Single(server.Requests).Header("X-Tenant"));
        await other.SettleAsync();
        var away = Assert.Single(other.Requests);
        Assert.Null(away.Header("Authorization"));
        Assert.Null(away.Header("X-Tenant"));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    // A retry policy for every method, as a resilience handler left as it comes is.
    private sealed class RetryEveryMethodHandler : System.Net.Http.DelegatingHandler
    {
        protected override async Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, System.Threading.CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            return (int)response.StatusCode >= 500 ? await base.SendAsync(request, cancellationToken) : response;
        }
    }

    [Fact]
    public void TheCodeOverloadSetsOptionsInCode()
    {
        var services = new ServiceCollection();
        services.AddFiniSourcesClient(options => options.BaseAddress = new Uri("http://127.0.0.1:9/"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(new Uri("http://127.0.0.1:9/"), provider.GetRequiredService<FiniSourcesClient>().Options.BaseAddress);
    }

    [Fact]
    public void WithoutMicrosoftExtensionsHttpNoHostingCodeIsGenerated()
    {
        var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.FiniContract() });

        Assert.DoesNotContain(result.Results[0].GeneratedSources, s => s.HintName.EndsWith(".Hosting.g.cs", StringComparison.Ordinal));
        Assert.Empty(result.Diagnostics);
    }
}
