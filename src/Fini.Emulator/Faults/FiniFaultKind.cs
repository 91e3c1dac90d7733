using System;
using System.Collections.Generic;

namespace Fini.Emulator;

/// <summary>
/// A fault the emulator can inject into one request (see <see cref="FiniFaultPlan"/>). Each kind says whether the
/// request still reaches the real handler: when it does, a write is applied even though the client sees a failure.
/// </summary>
public enum FiniFaultKind
{
    /// <summary>No fault: the request is handled normally.</summary>
    None = 0,

    /// <summary>500 with the contract's <c>Error</c> body, before the handler (nothing is applied).</summary>
    InternalServerError,

    /// <summary>503 with the contract's <c>Error</c> body, before the handler (nothing is applied).</summary>
    ServiceUnavailable,

    /// <summary>429 with <c>Retry-After: <see cref="FiniFaultPlan.RetryAfter"/></c> (whole seconds), before the handler (nothing is applied).</summary>
    TooManyRequests,

    /// <summary>
    /// The request is handled at once (a write is applied) and its response is held back for
    /// <see cref="FiniFaultPlan.Delay"/>, or until the client gives up and closes the connection.
    /// </summary>
    Delay,

    /// <summary>The request is handled (a write is applied); its body is cut in half and sent as a complete response (matching <c>Content-Length</c>).</summary>
    TruncatedJson,

    /// <summary>The request is handled (a write is applied); its body is sent with a syntax error near the start.</summary>
    MalformedJson,

    /// <summary>200 with an HTML sign-in page as <c>text/html</c>, as a proxy in front of the API would answer; the request never reaches the handler.</summary>
    WrongContentType,

    /// <summary>The connection is aborted before the request body is read; nothing is applied and no response is sent.</summary>
    DropBeforeRequest,

    /// <summary>The request is handled (a write is applied), then the connection is aborted instead of sending the response.</summary>
    DropAfterHandler,

    /// <summary>The request is handled (a write is applied); the status, headers (with the whole body's <c>Content-Length</c>) and half the body are sent, then the connection is closed.</summary>
    DropDuringResponse,
}

/// <summary>Names and groups of <see cref="FiniFaultKind"/> values, as the command line spells them.</summary>
public static class FiniFaultKinds
{
    /// <summary>Every fault kind (all but <see cref="FiniFaultKind.None"/>), in declaration order.</summary>
    public static IReadOnlyList<FiniFaultKind> All { get; } =
    [
        FiniFaultKind.InternalServerError,
        FiniFaultKind.ServiceUnavailable,
        FiniFaultKind.TooManyRequests,
        FiniFaultKind.Delay,
        FiniFaultKind.TruncatedJson,
        FiniFaultKind.MalformedJson,
        FiniFaultKind.WrongContentType,
        FiniFaultKind.DropBeforeRequest,
        FiniFaultKind.DropAfterHandler,
        FiniFaultKind.DropDuringResponse,
    ];

    /// <summary>The short name of a kind: <c>500</c>, <c>503</c>, <c>429</c>, <c>delay</c>, <c>truncated</c>, <c>malformed</c>, <c>html</c>, <c>drop-before</c>, <c>drop-after</c>, <c>drop-during</c> (<c>none</c> for no fault).</summary>
    public static string Name(FiniFaultKind kind) => kind switch
    {
        FiniFaultKind.None => "none",
        FiniFaultKind.InternalServerError => "500",
        FiniFaultKind.ServiceUnavailable => "503",
        FiniFaultKind.TooManyRequests => "429",
        FiniFaultKind.Delay => "delay",
        FiniFaultKind.TruncatedJson => "truncated",
        FiniFaultKind.MalformedJson => "malformed",
        FiniFaultKind.WrongContentType => "html",
        FiniFaultKind.DropBeforeRequest => "drop-before",
        FiniFaultKind.DropAfterHandler => "drop-after",
        FiniFaultKind.DropDuringResponse => "drop-during",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown fault kind."),
    };

    /// <summary>Parses a name given by <see cref="Name"/> (case-insensitive).</summary>
    public static bool TryParse(string? name, out FiniFaultKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = FiniFaultKind.None;
        return false;
    }

    /// <summary>Whether a request that gets this fault still reaches the real handler (so a write is applied).</summary>
    public static bool ReachesHandler(FiniFaultKind kind) =>
        kind is FiniFaultKind.None or FiniFaultKind.Delay or FiniFaultKind.TruncatedJson or FiniFaultKind.MalformedJson
            or FiniFaultKind.DropAfterHandler or FiniFaultKind.DropDuringResponse;
}
