using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace FiniGen.IntegrationTests;

/// <summary>
/// Prism (npm <c>@stoplight/prism-cli</c>, pinned in <c>tools/prism</c> and installed with <c>npm ci</c> on first use)
/// serving the Fini contract as a validating mock or proxy (<c>--errors</c>) on a free loopback port. Its output is
/// captured; disposing it kills its process tree.
/// </summary>
public sealed class PrismServer : IAsyncDisposable
{
    private static readonly string RepoRoot = PackageFixture.FindRepoRoot();
    private static readonly string ToolDirectory = Path.Combine(RepoRoot, "tools", "prism");
    private static readonly string Contract = Path.Combine(RepoRoot, "contract", "fini-sources.openapi.yaml");
    private static readonly Lazy<string> Binary = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Process _process;
    private readonly StringBuilder _log;

    private PrismServer(Process process, StringBuilder log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    /// <summary>Prism's root, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Everything Prism printed so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// The lines in which Prism reports a violation (<c>Violation: …</c>, logged when it lets a request or response
    /// through) or an error (<c>✖</c>, for example a request it answered with a problem instead of forwarding it).
    /// </summary>
    public IReadOnlyList<string> LoggedProblems
        => Log.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Contains("Violation", StringComparison.Ordinal) || line.Contains('✖')).ToList();

    /// <summary><c>prism mock &lt;contract&gt; --errors</c>: example responses, and every request validated against the contract.</summary>
    public static Task<PrismServer> StartMockAsync() => StartAsync("mock \"" + Contract + "\" --errors");

    /// <summary><c>prism proxy &lt;contract&gt; &lt;upstream&gt; --errors</c>: every request and every upstream response validated.</summary>
    public static Task<PrismServer> StartProxyAsync(Uri upstream) => StartAsync("proxy \"" + Contract + "\" " + upstream.GetLeftPart(UriPartial.Authority) + " --errors");

    private static async Task<PrismServer> StartAsync(string arguments)
    {
        var start = new ProcessStartInfo(Binary.Value, arguments + " --host 127.0.0.1 --port 0")
        {
            WorkingDirectory = ToolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        var log = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // A busy machine can take a while to load Node and parse the contract; a started Prism prints its address.
        var winner = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
        if (winner != listening.Task)
        {
            Stop(process);
            lock (log)
            {
                Assert.Fail("prism " + arguments + " did not start:\n" + log);
            }
        }

        return new PrismServer(process, log, await listening.Task);

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            var match = Regex.Match(line, @"Prism is listening on (http://127\.0\.0\.1:\d+)");
            if (match.Success)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    /// <summary>Runs <c>npm ci</c> in <c>tools/prism</c> unless the pinned Prism is already installed there.</summary>
    private static string Install()
    {
        var binary = Path.Combine(ToolDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(ToolDirectory, "package.json")));
        var pinned = manifest.RootElement.GetProperty("devDependencies").GetProperty("@stoplight/prism-cli").GetString();
        var installedManifest = Path.Combine(ToolDirectory, "node_modules", "@stoplight", "prism-cli", "package.json");
        string? installed = null;
        if (File.Exists(installedManifest))
        {
            using var installedDocument = JsonDocument.Parse(File.ReadAllText(installedManifest));
            installed = installedDocument.RootElement.GetProperty("version").GetString();
        }

        if (!File.Exists(binary) || installed != pinned)
        {
            // No install scripts: Prism needs none, and the only one in its tree (@scarf/scarf) reports installs.
            var (exitCode, output) = Shell.Run(
                OperatingSystem.IsWindows() ? "npm.cmd" : "npm",
                "ci --no-audit --no-fund --ignore-scripts",
                ToolDirectory,
                TimeSpan.FromMinutes(10),
                ("SCARF_ANALYTICS", "false"));
            Assert.True(exitCode == 0, "npm ci in tools/prism failed:\n" + output);
        }

        return binary;
    }
}

/// <summary>One request that went through Prism, and what Prism said about it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Target">The path and query.</param>
/// <param name="Status">The status Prism answered with.</param>
/// <param name="Violations">The contract violations Prism reported; empty when it found none.</param>
public sealed record PrismExchange(string Method, string Target, int Status, IReadOnlyList<string> Violations)
{
    /// <summary>The contract operation the request is for (<c>?</c> when it matches none).</summary>
    public string Operation => FiniRoutes.OperationOf(Method, Target);

    public override string ToString()
        => Method + " " + Target + " (" + Operation + ") → " + Status
            + string.Concat(Violations.Select(v => Environment.NewLine + "    " + v));
}

/// <summary>Reads Prism's verdict on a response.</summary>
public static class PrismVerdict
{
    /// <summary>
    /// The contract violations Prism reports on one response: the <c>sl-violations</c> header (request and response
    /// violations of every severity) and the <c>application/problem+json</c> body Prism answers with instead of the
    /// API (with <c>--errors</c>: an invalid request not forwarded, an invalid response not passed on).
    /// </summary>
    public static IReadOnlyList<string> Read(HttpResponseMessage response, string body)
    {
        var found = new List<string>();
        if (response.Headers.TryGetValues("sl-violations", out var headers))
        {
            foreach (var header in headers)
            {
                var json = header.IndexOf('[', StringComparison.Ordinal) is var at and >= 0 ? header[at..] : header;
                try
                {
                    using var document = JsonDocument.Parse(json);
                    found.AddRange(document.RootElement.EnumerateArray().Select(Describe));
                }
                catch (JsonException)
                {
                    // Prism cuts a long header short ("Too many violations! …"): keep it as it is.
                    found.Add(header);
                }
            }
        }

        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var problem = document.RootElement;
                var title = problem.TryGetProperty("title", out var t) ? t.GetString() : "problem";
                var validations = problem.TryGetProperty("validation", out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(Describe).ToList() : new List<string>();
                found.AddRange(validations.Count > 0 ? validations : new[] { title + ": " + (problem.TryGetProperty("detail", out var d) ? d.GetString() : body) });
            }
            catch (JsonException)
            {
                found.Add(body);
            }
        }

        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Describe(JsonElement violation)
    {
        var location = violation.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.Array
            ? string.Join('.', l.EnumerateArray().Select(segment => segment.ToString()))
            : "?";
        var severity = violation.TryGetProperty("severity", out var s) ? s.ToString() : "?";
        var message = violation.TryGetProperty("message", out var m) ? m.ToString() : violation.ToString();
        return location + ": " + message + " [" + severity + "]";
    }
}

/// <summary>Records every exchange with Prism of the <see cref="HttpClient"/> it is part of.</summary>
public sealed class PrismRecordingHandler : DelegatingHandler
{
    private readonly List<PrismExchange> _exchanges = new();

    public PrismRecordingHandler()
        : base(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
    {
    }

    public IReadOnlyList<PrismExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return _exchanges.ToList();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var exchange = new PrismExchange(request.Method.Method, request.RequestUri?.PathAndQuery ?? "?", (int)response.StatusCode, PrismVerdict.Read(response, body));
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }

        return response;
    }
}

/// <summary>
/// A loopback HTTP server in the test process, on a free port. Used as a relay in front of Prism for a client that
/// cannot be instrumented (the quickstart runs in its own process), and as a fake upstream that answers wrongly.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>A relay that forwards every request unchanged to <paramref name="prism"/> and records Prism's verdicts in <paramref name="recorder"/>.</summary>
    public static async Task<(LoopbackServer Relay, HttpClient Client)> StartRelayAsync(Uri prism, PrismRecordingHandler recorder)
    {
        var client = new HttpClient(recorder) { BaseAddress = prism, Timeout = TimeSpan.FromMinutes(2) };
        var relay = await StartAsync(context => ForwardAsync(context, client));
        return (relay, client);
    }

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Upgrade", "Proxy-Connection", "TE", "Trailer" };

    private static async Task ForwardAsync(HttpContext context, HttpClient prism)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path.Value?.TrimStart('/') + context.Request.QueryString.Value);
        if (body.Length > 0)
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var header in context.Request.Headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            if (!request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
            {
                request.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
            }
        }

        using var response = await prism.SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
        {
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The contract's routes, to name the operation a request is for.</summary>
public static class FiniRoutes
{
    private static readonly (string Method, Regex Path, string Operation)[] Routes =
    {
        ("GET", new Regex("^/v2/documents/public$"), "listSources"),
        ("POST", new Regex("^/v2/documents/public$"), "ingestSources"),
        ("DELETE", new Regex("^/v2/documents/public$"), "deleteSources"),
        ("GET", new Regex("^/v2/documents/public/resources/[^/]+$"), "listProviderResources"),
        ("POST", new Regex("^/v2/documents/public/resources/[^/]+$"), "registerProviderResources"),
        ("POST", new Regex("^/v2/documents/public/deep-crawl/links$"), "crawlLinks"),
        ("POST", new Regex("^/v2/documents/public/refresh$"), "refreshSources"),
        ("GET", new Regex("^/v2/documents/public/[^/]+$"), "getSource"),
        ("POST", new Regex("^/v2/knowledge/public/bulk$"), "bulkGenerateKnowledge"),
        ("POST", new Regex("^/v2/knowledge/public/jobs/status$"), "checkKnowledgeJobs"),
    };

    /// <summary>Every operation of the contract.</summary>
    public static IReadOnlyList<string> Operations { get; } = Routes.Select(r => r.Operation).Distinct().ToList();

    public static string OperationOf(string method, string target)
    {
        var path = target.Split('?')[0];
        return Routes.FirstOrDefault(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Path.IsMatch(path)).Operation ?? "?";
    }
}
