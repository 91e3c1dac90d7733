namespace Fini.Emulator;

/// <summary>One request the emulator received, as <see cref="FiniFaults.Requests"/> records it.</summary>
public sealed record FiniRequestRecord
{
    /// <summary>Position among all requests of the run, from 1.</summary>
    public required long Sequence { get; init; }

    /// <summary>The contract's operationId, or <c>(unmatched)</c> for a request that matched no route.</summary>
    public required string Operation { get; init; }

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The path (no query).</summary>
    public required string Path { get; init; }

    /// <summary>Whether the operation changes the workspace (it needs the <c>write</c> scope).</summary>
    public required bool IsWrite { get; init; }

    /// <summary>The fault injected into this request (<see cref="FiniFaultKind.None"/> for none).</summary>
    public FiniFaultKind Fault { get; init; }

    /// <summary>Whether the request reached the operation's handler (the key and scope were accepted and no fault stopped it first).</summary>
    public bool ReachedHandler { get; init; }

    /// <summary>The status the emulator's own handling produced (including 401/403/400), or null when a fault answered before it.</summary>
    public int? HandlerStatus { get; init; }

    /// <summary>
    /// The status line the client was sent, or null when the connection was dropped before any status (or the client
    /// went away first, for example during a <see cref="FiniFaultKind.Delay"/>). Recorded just before the answer goes out,
    /// so it is there by the time the client has the response.
    /// </summary>
    public int? SentStatus { get; init; }

    /// <summary>
    /// Whether the emulator is done with the request: true from just before the answer's first byte goes out (or once the
    /// connection was dropped or the client went away), so it is true by the time the client has the response; false while
    /// the request is still being handled or a delayed answer is held back.
    /// </summary>
    public bool Completed { get; init; }

    /// <summary>Whether this was a write that the workspace applied: it reached the handler and the handler answered 2xx, whatever the client saw afterwards.</summary>
    public bool WriteApplied => IsWrite && ReachedHandler && HandlerStatus is >= 200 and < 300;
}
