using Xunit;
using Xunit.Abstractions;

namespace FiniGen.CorpusTests;

/// <summary>
/// GitHub's REST description (13 MB, 1,223 operations): generated and compiled like every other spec, and timed. A class
/// of its own is a test collection of its own, so it runs beside <see cref="CorpusTests"/>; its result feeds CORPUS.md.
/// </summary>
public class GitHubSpecTests
{
    private readonly ITestOutputHelper _output;

    public GitHubSpecTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void GitHubRestDescriptionGeneratesAClientWithoutException()
    {
        var result = SpecRunner.Get(Corpus.GitHub());
        CorpusTests.Describe(_output, result);
        Assert.True(result.GeneratorExceptions.Count == 0, "The generator threw:\n" + string.Join("\n", result.GeneratorExceptions));
    }
}
