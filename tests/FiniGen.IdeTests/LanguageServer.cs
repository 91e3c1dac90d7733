using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using FiniGen.IntegrationTests;
using Xunit;

namespace FiniGen.IdeTests;

/// <summary>
/// The csharp-ls language server (a Roslyn MSBuild workspace behind LSP), pinned and installed on first use with
/// <c>dotnet tool install --tool-path</c> into the git-ignored <c>tools/csharp-ls/</c>.
/// </summary>
public static class CSharpLs
{
    public const string Version = "0.28.0";

    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Binary => Installed.Value;

    private static string Install()
    {
        var directory = Path.Combine(PackageFixture.FindRepoRoot(), "tools", "csharp-ls", Version);
        var binary = Path.Combine(directory, OperatingSystem.IsWindows() ? "csharp-ls.exe" : "csharp-ls");
        if (File.Exists(binary))
        {
            return binary;
        }

        // Installed beside the final folder and moved into place, so that an interrupted install is never taken for a whole one.
        var staging = directory + ".installing-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            Shell.Dotnet("tool install csharp-ls --version " + Version + " --tool-path \"" + staging + "\"", PackageFixture.FindRepoRoot());
            try
            {
                Directory.Move(staging, directory);
            }
            catch (IOException) when (File.Exists(binary))
            {
                // Another test process installed it first.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return binary;
    }
}

/// <summary>A language server process driven over LSP on its standard input and output (JSON-RPC with Content-Length framing).</summary>
public sealed class LanguageServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly List<(int Sequence, string Uri, JsonArray Diagnostics)> _published = [];
    private readonly StringBuilder _log = new();
    private readonly Func<JsonNode?, JsonNode?> _configuration;
    private readonly Task _reader;
    private TaskCompletionSource _publishedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    private LanguageServer(string binary, string directory, Func<JsonNode?, JsonNode?> configuration)
    {
        _configuration = configuration;
        var start = new ProcessStartInfo(binary)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + binary);
        _input = _process.StandardInput.BaseStream;
        _process.ErrorDataReceived += (_, e) => Log("stderr: " + e.Data);
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>Everything the server wrote to standard error or logged to the client, for failure messages.</summary>
    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    /// <summary>Starts the server in <paramref name="directory"/> and completes the initialize handshake.</summary>
    public static async Task<LanguageServer> StartAsync(string binary, string directory, Func<JsonNode?, JsonNode?> configuration, TimeSpan timeout)
    {
        var server = new LanguageServer(binary, directory, configuration);
        try
        {
            var root = new Uri(Path.GetFullPath(directory) + Path.DirectorySeparatorChar).AbsoluteUri;
            await server.RequestAsync("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = root,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = root, ["name"] = Path.GetFileName(directory) }),
                // No pull-diagnostics capability: the server pushes textDocument/publishDiagnostics, as to most editors.
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["configuration"] = true },
                    ["textDocument"] = new JsonObject
                    {
                        ["publishDiagnostics"] = new JsonObject(),
                        ["codeAction"] = new JsonObject(),
                    },
                },
            }, timeout);
            await server.NotifyAsync("initialized", new JsonObject());
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public Task OpenAsync(string uri, string text)
        => NotifyAsync("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text },
        });

    /// <summary>Sends the whole new text (full document sync) and returns the publish count at that moment.</summary>
    public async Task<int> ChangeAsync(string uri, int version, string text)
    {
        int sequence;
        lock (_published)
        {
            sequence = _published.Count;
        }

        await NotifyAsync("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
        });
        return sequence;
    }

    /// <summary>
    /// Waits for a publishDiagnostics for <paramref name="uri"/>, after the first <paramref name="after"/> publishes,
    /// whose diagnostics satisfy <paramref name="accept"/>; fails with what was published if none does in time.
    /// </summary>
    public async Task<JsonArray> WaitForDiagnosticsAsync(string uri, int after, Func<JsonArray, bool> accept, TimeSpan timeout, string expectation)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Task signal;
            lock (_published)
            {
                foreach (var (_, publishedUri, diagnostics) in _published.Skip(after))
                {
                    if (publishedUri == uri && accept(diagnostics))
                    {
                        return diagnostics;
                    }
                }

                signal = _publishedSignal.Task;
            }

            var remaining = timeout - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero || _process.HasExited)
            {
                string seen;
                lock (_published)
                {
                    seen = string.Join("\n", _published.Skip(after).Where(p => p.Uri == uri).Select(p => "  " + p.Diagnostics.ToJsonString()));
                }

                throw new TimeoutException("csharp-ls published no diagnostics where " + expectation + " within " + timeout + (_process.HasExited ? " (the server exited)" : string.Empty) + "; it published:\n" + seen + "\nits log:\n" + Log());
            }

            await Task.WhenAny(signal, Task.Delay(remaining));
        }
    }

    public async Task<JsonNode?> RequestAsync(string method, JsonNode parameters, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var response = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = response;
        await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        if (await Task.WhenAny(response.Task, Task.Delay(timeout)) != response.Task)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException("csharp-ls did not answer " + method + " within " + timeout + "; its log:\n" + Log());
        }

        return await response.Task;
    }

    public Task NotifyAsync(string method, JsonNode parameters)
        => WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await RequestAsync("shutdown", new JsonObject(), TimeSpan.FromSeconds(10));
                await NotifyAsync("exit", new JsonObject());
                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(exited.Token);
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // Ended below either way.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
            _process.Dispose();
            _writeLock.Dispose();
        }
    }

    private async Task WriteAsync(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes("Content-Length: " + body.Length + "\r\n\r\n");
        await _writeLock.WaitAsync();
        try
        {
            await _input.WriteAsync(header);
            await _input.WriteAsync(body);
            await _input.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReadLoopAsync()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (await ReadMessageAsync(output) is { } message)
            {
                await HandleAsync(message);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or ObjectDisposedException)
        {
            Log("reader stopped: " + e.Message);
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("csharp-ls closed its output; its log:\n" + Log()));
            }

            lock (_published)
            {
                _publishedSignal.TrySetResult();
            }
        }
    }

    private async Task HandleAsync(JsonNode message)
    {
        var method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is null && id is not null)
        {
            if (_pending.TryRemove(id.GetValue<int>(), out var response))
            {
                if (message["error"] is { } error)
                {
                    response.TrySetException(new InvalidOperationException("csharp-ls answered with an error: " + error.ToJsonString()));
                }
                else
                {
                    response.TrySetResult(message["result"]?.DeepClone());
                }
            }

            return;
        }

        if (method is not null && id is not null)
        {
            // A request from the server: settings for workspace/configuration, an empty success for the rest.
            var result = method == "workspace/configuration"
                ? new JsonArray((message["params"]?["items"]?.AsArray() ?? []).Select(item => _configuration(item?["section"])).ToArray())
                : null;
            await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
            return;
        }

        switch (method)
        {
            case "textDocument/publishDiagnostics":
                lock (_published)
                {
                    _published.Add((_published.Count, message["params"]!["uri"]!.GetValue<string>(), message["params"]!["diagnostics"]!.AsArray().DeepClone().AsArray()));
                    var signal = _publishedSignal;
                    _publishedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    signal.TrySetResult();
                }

                break;
            case "window/logMessage" or "window/showMessage":
                Log("log: " + message["params"]?["message"]);
                break;
        }
    }

    private void Log(string? line)
    {
        lock (_log)
        {
            // Enough for a failure message; a long session must not grow without bound.
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }
    }

    private static async Task<JsonNode?> ReadMessageAsync(Stream stream)
    {
        var length = -1;
        while (true)
        {
            var line = await ReadHeaderLineAsync(stream);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (length < 0)
        {
            throw new IOException("an LSP message without Content-Length");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
        return JsonNode.Parse(body);
    }

    private static async Task<string?> ReadHeaderLineAsync(Stream stream)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return bytes.Count == 0 ? null : throw new IOException("csharp-ls closed its output inside a header");
            }

            if (one[0] == '\n')
            {
                return Encoding.ASCII.GetString(bytes.ToArray()).TrimEnd('\r');
            }

            bytes.Add(one[0]);
        }
    }
}
