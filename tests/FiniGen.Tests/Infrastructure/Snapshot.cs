using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit.Sdk;

namespace FiniGen.Tests.Infrastructure;

/// <summary>
/// Verify-style snapshots of generated sources: <c>_snapshots/{Class}.{Test}#{HintName}.verified.cs</c>.
/// The exact set of files is compared, then each file line by line. On a mismatch the new output is written next to
/// the snapshot as <c>*.received.cs</c>. To accept the current output (and delete stale snapshots), run:
/// <code>FINIGEN_ACCEPT=1 dotnet test</code>
/// </summary>
public static partial class Snapshot
{
    public static string Directory { get; } = Path.Combine(GeneratorHarness.RepoRoot, "tests", "FiniGen.Tests", "_snapshots");

    private static bool Accept => Environment.GetEnvironmentVariable("FINIGEN_ACCEPT") is "1" or "true";

    public static void Verify(GeneratorRunResult result, [CallerFilePath] string callerFile = "", [CallerMemberName] string test = "")
        => Verify(result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())), Path.GetFileNameWithoutExtension(callerFile), test);

    public static void Verify(IEnumerable<(string HintName, string Text)> sources, string testClass, string test)
        => Verify(sources, testClass, test, Directory, Accept);

    /// <summary>Compares (or, when <paramref name="accept"/>, rewrites) the snapshots in <paramref name="directory"/>.</summary>
    public static void Verify(IEnumerable<(string HintName, string Text)> sources, string testClass, string test, string directory, bool accept)
    {
        var prefix = testClass + "." + test + "#";
        var actual = sources.ToDictionary(s => prefix + Path.GetFileNameWithoutExtension(s.HintName) + ".verified.cs", s => Scrub(s.Text), StringComparer.Ordinal);
        System.IO.Directory.CreateDirectory(directory);
        var existing = System.IO.Directory.GetFiles(directory, prefix + "*.verified.cs").Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);

        if (accept)
        {
            foreach (var (name, text) in actual)
            {
                File.WriteAllText(Path.Combine(directory, name), text, new UTF8Encoding(false));
                File.Delete(Path.Combine(directory, name.Replace(".verified.", ".received.")));
            }

            foreach (var stale in existing.Where(e => !actual.ContainsKey(e!)))
            {
                File.Delete(Path.Combine(directory, stale!));
            }

            return;
        }

        var problems = new List<string>();
        foreach (var missing in actual.Keys.Where(k => !existing.Contains(k)).OrderBy(k => k, StringComparer.Ordinal))
        {
            problems.Add("new file without a snapshot: " + missing);
            WriteReceived(directory, missing, actual[missing]);
        }

        foreach (var stale in existing.Where(e => !actual.ContainsKey(e!)).OrderBy(k => k, StringComparer.Ordinal))
        {
            problems.Add("snapshot of a file no longer generated: " + stale);
        }

        foreach (var (name, text) in actual.Where(a => existing.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            var expected = File.ReadAllText(Path.Combine(directory, name)).Replace("\r\n", "\n");
            var difference = FirstDifference(expected, text);
            if (difference is not null)
            {
                problems.Add(name + ": " + difference);
                WriteReceived(directory, name, text);
            }
            else
            {
                File.Delete(Path.Combine(directory, name.Replace(".verified.", ".received.")));
            }
        }

        if (problems.Count > 0)
        {
            throw new XunitException(
                "Generated sources differ from their snapshots (review the *.received.cs files; accept with FINIGEN_ACCEPT=1 dotnet test):\n  "
                + string.Join("\n  ", problems));
        }
    }

    /// <summary>Replaces the tool version, which changes with every release, with a placeholder.</summary>
    public static string Scrub(string text) => VersionPattern().Replace(text, "GeneratedCode(\"FiniGen\", \"{version}\")");

    private static void WriteReceived(string directory, string verifiedName, string text)
        => File.WriteAllText(Path.Combine(directory, verifiedName.Replace(".verified.", ".received.")), text, new UTF8Encoding(false));

    private static string? FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                return "line " + (i + 1) + ": expected «" + e.Trim() + "» but generated «" + a.Trim() + "»";
            }
        }

        return null;
    }

    [GeneratedRegex("GeneratedCode\\(\"FiniGen\", \"[0-9.]+\"\\)")]
    private static partial Regex VersionPattern();
}
