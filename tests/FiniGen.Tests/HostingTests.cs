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
