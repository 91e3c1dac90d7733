using System;
using System.IO;
using FiniGen.Tests.Infrastructure;
using Xunit;
using Xunit.Sdk;

namespace FiniGen.Tests;

/// <summary>The snapshot helper itself: a mismatch writes *.received.cs and fails; accepting rewrites and prunes.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "finigen-snapshots-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void AMismatchFailsAndWritesTheReceivedFile()
    {
        Snapshot.Verify(new[] { ("A.g.cs", "one\n") }, "C", "T", _directory, accept: true);

        var failure = Assert.Throws<XunitException>(() => Snapshot.Verify(new[] { ("A.g.cs", "two\n") }, "C", "T", _directory, accept: false));

        Assert.Contains("line 1: expected «one» but generated «two»", failure.Message);
        Assert.Equal("two\n", File.ReadAllText(Path.Combine(_directory, "C.T#A.g.received.cs")));
    }

    [Fact]
    public void AcceptingRewritesChangedSnapshotsAndDeletesStaleOnes()
    {
        Snapshot.Verify(new[] { ("A.g.cs", "one\n"), ("Old.g.cs", "gone\n") }, "C", "T", _directory, accept: true);

        Snapshot.Verify(new[] { ("A.g.cs", "two\n") }, "C", "T", _directory, accept: true);

        Assert.Equal("two\n", File.ReadAllText(Path.Combine(_directory, "C.T#A.g.verified.cs")));
        Assert.False(File.Exists(Path.Combine(_directory, "C.T#Old.g.verified.cs")));
        Snapshot.Verify(new[] { ("A.g.cs", "two\n") }, "C", "T", _directory, accept: false);
    }

    [Fact]
    public void ANewFileOrAMissingFileIsAFailure()
    {
        Snapshot.Verify(new[] { ("A.g.cs", "one\n") }, "C", "T", _directory, accept: true);

        Assert.Throws<XunitException>(() => Snapshot.Verify(new[] { ("A.g.cs", "one\n"), ("B.g.cs", "new\n") }, "C", "T", _directory, accept: false));
        Assert.Throws<XunitException>(() => Snapshot.Verify(Array.Empty<(string, string)>(), "C", "T", _directory, accept: false));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
