using System;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Fini.Emulator;

/// <summary>Settings of one <see cref="FiniEmulator"/> run. Every property has a usable default.</summary>
public sealed class FiniEmulatorOptions
{
    /// <summary>TCP port to listen on, on 127.0.0.1 only. <c>0</c> (the default) lets the OS choose a free port.</summary>
    public int Port { get; set; }

    /// <summary>
    /// API key with the <c>read</c> and <c>write</c> scopes. When <see langword="null"/> (the default), a key of the form
    /// <c>fini_emu_</c> + 32 random hex digits is generated for the run. Keys are never logged.
    /// </summary>
    public string? WriteKey { get; set; }

    /// <summary>
    /// API key with the <c>read</c> scope only. When <see langword="null"/> (the default), a key of the form
    /// <c>fini_emu_</c> + 32 random hex digits is generated for the run. Keys are never logged.
    /// </summary>
    public string? ReadKey { get; set; }

    /// <summary>
    /// Length of each step of an ingest, refresh or knowledge job: <c>PENDING</c> for one step, <c>IN_PROGRESS</c> for the
    /// next, then terminal. Default 300 ms; <see cref="TimeSpan.Zero"/> makes jobs terminal on the next read.
    /// </summary>
    public TimeSpan JobStepDuration { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Clock used for timestamps and job transitions (default <see cref="TimeProvider.System"/>). Transitions are
    /// computed from timestamps whenever the state is read, so a fake provider makes every run deterministic.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Whether the Notion provider starts connected (default <see langword="true"/>).</summary>
    public bool ConnectNotion { get; set; } = true;

    /// <summary>Whether the Zendesk provider starts connected (default <see langword="true"/>).</summary>
    public bool ConnectZendesk { get; set; } = true;

    /// <summary>Whether the Confluence provider starts connected (default <see langword="true"/>).</summary>
    public bool ConnectConfluence { get; set; } = true;

    /// <summary>
    /// Faults to inject (500, 503, 429, delays, truncated or malformed JSON, HTML in place of JSON, dropped connections),
    /// deterministic for a seed. Null (the default) injects none. Can be changed while running through
    /// <see cref="FiniEmulator.Faults"/>.
    /// </summary>
    public FiniFaultPlan? Faults { get; set; }

    /// <summary>Receives one line per request (method, path, status; never headers or keys). Used by the command line.</summary>
    internal Action<string>? RequestLog { get; set; }

    /// <summary>
    /// For tests: awaited after the last byte of each response was handed to Kestrel, before the request ends. Holding it
    /// shows what the request log says at the moment the client has its answer.
    /// </summary>
    internal Func<Task>? AfterResponseSent { get; set; }

    /// <summary>For tests: receives the logs of Kestrel and ASP.NET Core, which the emulator otherwise sends nowhere.</summary>
    internal ILoggerProvider? ServerLogs { get; set; }
}
