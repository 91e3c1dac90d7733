using System.Linq;
using FiniGen.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace FiniGen.Tests;

/// <summary>Every file generated from the Fini contract, snapshotted (accept changes with <c>FINIGEN_ACCEPT=1 dotnet test</c>).</summary>
public class GeneratorSnapshotTests
{
    [Fact]
    public void FiniContract()
    {
        var (result, _) = GeneratorHarness.Run(new[] { GeneratorHarness.FiniContract() });

        Assert.Empty(result.Diagnostics);
        var generated = Assert.Single(result.Results).GeneratedSources;
        Assert.Contains(generated, s => s.HintName == "Fini.Client.FiniSourcesClient.Client.g.cs");
        Snapshot.Verify(result.Results[0]);
    }

    [Fact]
    public void SameContractGivesSameBytes()
    {
        var first = GeneratorHarness.Run(new[] { GeneratorHarness.FiniContract() }).Result.Results[0].GeneratedSources;
        var second = GeneratorHarness.Run(new[] { GeneratorHarness.FiniContract() }).Result.Results[0].GeneratedSources;

        Assert.Equal(first.Select(s => s.HintName), second.Select(s => s.HintName));
        Assert.All(first.Zip(second), pair => Assert.Equal(pair.First.SourceText.ToString(), pair.Second.SourceText.ToString()));
        Assert.All(first, s => Assert.Equal(System.Text.Encoding.UTF8, s.SourceText.Encoding));
    }
}
