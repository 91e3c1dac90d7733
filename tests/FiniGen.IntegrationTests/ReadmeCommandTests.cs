using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

// The README's local emulator keys: made up, and meant to be typed. FG1008 would rightly flag them in application code.
#pragma warning disable FG1008

namespace FiniGen.IntegrationTests;

/// <summary>The README's commands, run as a newcomer would run them.</summary>
[Collection(QuickstartCollection.Name)]
public class ReadmeCommandTests
{
    private static readonly string RepoRoot = PackageFixture.FindRepoRoot();

    [Fact]
    public void TheQuickstartRunsTheWholeWorkflowAgainstTheEmulator()
    {
        var (exitCode, output) = Shell.Run("dotnet", "run --project samples/QuickStart", RepoRoot, TimeSpan.FromMinutes(5), ("FINI_BASE_URL", null), ("FINI_API_KEY", null));

        Assert.True(exitCode == 0, output);
        Assert.Contains("FiniGen quickstart: local Fini emulator at http://127.0.0.1:", output);
        Assert.Contains("failed: https://intranet.example.com/private/handbook", output);
        Assert.Matches(new Regex(@"ingested successfully\s+7"), output);
        Assert.Matches(new Regex(@"changed after refresh\s+[1-9]"), output);
        Assert.Matches(new Regex(@"knowledge drafts made\s+[1-9]"), output);
    }

    // In this collection (so never beside a dotnet run of the quickstart): a publish restores the project
    // for a runtime identifier, which rewrites the obj folder a concurrent dotnet run would read.
    [Fact]
    public void TheQuickstartPublishesNativeWithoutWarningsAndTheBinaryRunsTheWorkflow()
    {
        var output = Path.Combine(Path.GetTempPath(), "finigen-aot-" + Guid.NewGuid().ToString("N"));
        try
        {
            int exitCode;
            string log;
            using (PackageFixture.ReleaseBuildLock(RepoRoot))
            {
                (exitCode, log) = Shell.Run("dotnet", $"publish samples/QuickStart -c Release -o \"{output}\"", RepoRoot, TimeSpan.FromMinutes(8));
            }

            Assert.True(exitCode == 0, log);
            Assert.Contains("Generating native code", log);
            Assert.DoesNotMatch(new Regex(@"warning [A-Z]+\d+", RegexOptions.IgnoreCase), log);

            var binary = Path.Combine(output, OperatingSystem.IsWindows() ? "QuickStart.exe" : "QuickStart");
            Assert.True(File.Exists(binary), "no native binary at " + binary + "\n" + log);
            Assert.False(File.Exists(Path.Combine(output, "QuickStart.dll")), "the publish is not native: QuickStart.dll was written");

            var (runExit, runOutput) = Shell.Run(binary, "", RepoRoot, TimeSpan.FromMinutes(3), ("FINI_BASE_URL", null), ("FINI_API_KEY", null));
            Assert.True(runExit == 0, runOutput);
            Assert.Contains("FiniGen quickstart: local Fini emulator at http://127.0.0.1:", runOutput);
            Assert.Matches(new Regex(@"ingested successfully\s+7"), runOutput);
            Assert.Matches(new Regex(@"changed after refresh\s+[1-9]"), runOutput);
            Assert.Matches(new Regex(@"knowledge drafts made\s+[1-9]"), runOutput);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task TheEmulatorCommandServesTheApiAndTheQuickstartTalksToAnyBaseUrl()
    {
        var start = new ProcessStartInfo("dotnet", "run --project src/Fini.Emulator -- --port 0 --write-key fini_local_write_key_0001 --read-key fini_local_read_key_00001")
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var emulator = Process.Start(start)!;
        try
        {
            string? address = null;
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (address is null && DateTime.UtcNow < deadline)
            {
                var line = await emulator.StandardOutput.ReadLineAsync();
                if (line is null)
                {
                    break;
                }

                var match = Regex.Match(line, @"listening on (http://127\.0\.0\.1:\d+/)");
                address = match.Success ? match.Groups[1].Value : null;
            }

            Assert.NotNull(address);
            _ = emulator.StandardOutput.ReadToEndAsync();
            using var http = new HttpClient { BaseAddress = new Uri(address!) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "v2/documents/public");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "fini_local_read_key_00001");
            using var response = await http.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            Assert.Contains("\"documents\"", await response.Content.ReadAsStringAsync());

            var (exitCode, output) = Shell.Run("dotnet", "run --project samples/QuickStart", RepoRoot, TimeSpan.FromMinutes(5), ("FINI_BASE_URL", address), ("FINI_API_KEY", "fini_local_write_key_0001"));
            Assert.True(exitCode == 0, output);
            Assert.Contains("FiniGen quickstart: Fini API at " + address, output);
            Assert.Contains("Summary", output);
        }
        finally
        {
            emulator.Kill(entireProcessTree: true);
            emulator.WaitForExit();
        }
    }
}
