using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Fini.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fini.Emulator;

/// <summary>
/// A local, in-memory fake of the Fini sources API (<c>contract/fini-sources.openapi.yaml</c>) served by Kestrel on
/// 127.0.0.1. Start one with <see cref="StartAsync"/>, point a client at <see cref="BaseAddress"/> with
/// <see cref="WriteKey"/> or <see cref="ReadKey"/>, and dispose it to stop the server.
/// </summary>
public sealed class FiniEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private FiniEmulator(WebApplication app, Uri baseAddress, string writeKey, string readKey, FiniEmulatorState state, FiniFaults faults)
    {
        _app = app;
        BaseAddress = baseAddress;
        WriteKey = writeKey;
        ReadKey = readKey;
        State = state;
        Faults = faults;
    }

    /// <summary>The server's root, for example <c>http://127.0.0.1:49731/</c>; the API's paths (<c>v2/...</c>) go below it.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The API key with the <c>read</c> and <c>write</c> scopes.</summary>
    public string WriteKey { get; }

    /// <summary>The API key with the <c>read</c> scope only: write routes answer it with 403.</summary>
    public string ReadKey { get; }

    /// <summary>The emulated workspace, to seed and inspect sources from tests.</summary>
    public FiniEmulatorState State { get; }

    /// <summary>
    /// Fault injection and the request log: the plan in force (from <see cref="FiniEmulatorOptions.Faults"/>, null by
    /// default) and, per request, the operation, the fault injected, whether it reached the handler and whether a write
    /// was applied, with counters per operation and per fault kind.
    /// </summary>
    public FiniFaults Faults { get; }

    /// <summary>Starts an emulator on 127.0.0.1 and returns once it accepts connections.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults (any free port, generated keys).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An option is out of range (port, step duration, keys, fault plan).</exception>
    public static async Task<FiniEmulator> StartAsync(FiniEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FiniEmulatorOptions();
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException("Port must be between 0 and 65535.", nameof(options));
        }

        if (options.JobStepDuration < TimeSpan.Zero)
        {
            throw new ArgumentException("JobStepDuration must not be negative.", nameof(options));
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        var writeKey = options.WriteKey ?? ApiKeys.Generate();
        var readKey = options.ReadKey ?? ApiKeys.Generate();
        ApiKeys.Validate(writeKey, nameof(options.WriteKey));
        ApiKeys.Validate(readKey, nameof(options.ReadKey));
        if (string.Equals(writeKey, readKey, StringComparison.Ordinal))
        {
            throw new ArgumentException("WriteKey and ReadKey must differ.", nameof(options));
        }

        var connected = new List<string>();
        if (options.ConnectNotion)
        {
            connected.Add("notion");
        }

        if (options.ConnectZendesk)
        {
            connected.Add("zendesk");
        }

        if (options.ConnectConfluence)
        {
            connected.Add("confluence");
        }

        var faults = new FiniFaults(options.Faults);
        var state = new FiniEmulatorState(options.TimeProvider, options.JobStepDuration, connected);
        var api = new EmulatorApi(state, writeKey, readKey, options.RequestLog, faults) { AfterResponseSent = options.AfterResponseSent };

        // The empty builder reads no configuration and adds no logging provider: nothing can log a key.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(FiniEmulator).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = JsonBody.DrainBytes;
            kestrel.Limits.MaxRequestLineSize = RequestTarget.MaxRequestLineBytes;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        if (options.ServerLogs is { } logs)
        {
            builder.Logging.AddProvider(logs);
        }

        var app = builder.Build();
        app.Run(api.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var address = addresses.First();
        var baseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return new FiniEmulator(app, baseAddress, writeKey, readKey, state, faults);
    }

    /// <summary>Stops Kestrel and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>No console hooks: an emulator inside a test process must not react to Ctrl+C. The command line handles it.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
