using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FiniGen.Tests.Infrastructure;

/// <summary>
/// An HTTP/1.1 server on a raw <see cref="TcpListener"/> (127.0.0.1, a free port) that records the exact bytes of every
/// connection and every request, and answers each request as a script says: a normal response, arbitrary bytes, a body
/// trickled a few bytes at a time, an endless body, a close (FIN) or a reset (RST) right after reading the request, no
/// answer at all, or a redirect.
/// </summary>
/// <remarks>
/// Requests are split by parsing the request line, the header block and the body (Content-Length or chunked), so two
/// requests in one packet (a smuggled second request, pipelining) and repeated requests on a kept-alive connection are
/// each counted. Every wait is bounded; disposing closes the listener and every connection.
/// </remarks>
public sealed class RawHttpServer : IDisposable, IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawRequest, RawReply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly List<RawConnection> _connections = new();
    private readonly List<RawRequest> _requests = new();
    private readonly List<Task> _tasks = new();
    private readonly Task _acceptLoop;
    private readonly bool _silent;
    private int _disposed;

    private RawHttpServer(Func<RawRequest, RawReply> script, bool silent = false)
    {
        _script = script;
        _silent = silent;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public string BaseUrl => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/";

    /// <summary>The absolute URL of <paramref name="path"/> on this server.</summary>
    public string Url(string path) => BaseUrl + path.TrimStart('/');

    /// <summary>Starts a server that answers the i-th request with <c>replies[i]</c>, and later ones with the last reply.</summary>
    public static RawHttpServer Start(params RawReply[] replies)
    {
        if (replies.Length == 0)
        {
            throw new ArgumentException("At least one reply.", nameof(replies));
        }

        return new RawHttpServer(r => replies[Math.Min(r.Index, replies.Length - 1)]);
    }

    /// <summary>Starts a server that answers each request with what <paramref name="script"/> returns for it.</summary>
    public static RawHttpServer Start(Func<RawRequest, RawReply> script) => new(script);

    /// <summary>Starts a server that accepts connections and never reads from them: a client's upload stalls once the socket buffers are full.</summary>
    public static RawHttpServer StartSilent() => new(_ => RawReply.Hang(), silent: true);

    /// <summary>Every connection accepted so far.</summary>
    public IReadOnlyList<RawConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return _connections.ToList();
            }
        }
    }

    /// <summary>Every complete request received so far, in order of arrival.</summary>
    public IReadOnlyList<RawRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>How many bytes reached the server, over all connections.</summary>
    public long BytesReceived => Connections.Sum(c => (long)c.Received.Length);

    /// <summary>Everything every connection sent, as Latin-1 text (one byte, one char), connections separated by a blank line.</summary>
    public string Transcript => string.Join("\n\n", Connections.Select(c => "[connection " + c.Id + "]\n" + Latin1(c.Received)));

    /// <summary>Waits until <paramref name="count"/> requests have arrived, or <paramref name="timeout"/> passes.</summary>
    public async Task<bool> WaitForRequestsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (_gate)
            {
                if (_requests.Count >= count)
                {
                    return true;
                }
            }

            await Task.Delay(10).ConfigureAwait(false);
        }

        lock (_gate)
        {
            return _requests.Count >= count;
        }
    }

    /// <summary>Lets connections still being read settle: waits until no new byte arrived for <paramref name="quiet"/> (at most 2 s).</summary>
    public async Task SettleAsync(TimeSpan? quiet = null)
    {
        var calm = quiet ?? TimeSpan.FromMilliseconds(150);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        var last = BytesReceived;
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(20).ConfigureAwait(false);
            var now = BytesReceived;
            if (now != last)
            {
                last = now;
                since = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - since >= calm)
            {
                return;
            }
        }
    }

    public static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Stops the listener and resets every connection; waits (at most 3 s) for the connection tasks to end.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            _listener.Stop();
        }
        catch (SocketException)
        {
        }

        List<RawConnection> connections;
        Task[] tasks;
        lock (_gate)
        {
            connections = _connections.ToList();
            tasks = _tasks.Append(_acceptLoop).ToArray();
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }

        // Awaited, not blocked on: a blocked pool thread on a 2-core machine starves the very tasks being waited for.
        await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(3))).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return;
            }

            lock (_gate)
            {
                if (_stop.IsCancellationRequested)
                {
                    socket.Dispose();
                    return;
                }

                var connection = new RawConnection(_connections.Count, socket);
                _connections.Add(connection);
                _tasks.Add(Task.Run(() => ServeAsync(connection)));
            }
        }
    }

    private async Task ServeAsync(RawConnection connection)
    {
        var token = _stop.Token;
        if (_silent)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            connection.Reset();
            return;
        }

        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        try
        {
            while (!token.IsCancellationRequested)
            {
                // Answer every complete request already buffered before reading more (a smuggled second request
                // arrives in the same packet as the first).
                while (RequestParser.TryParse(pending.GetBuffer().AsSpan(0, (int)pending.Length), out var consumed, out var parsed))
                {
                    var raw = pending.GetBuffer().AsSpan(0, consumed).ToArray();
                    var rest = pending.GetBuffer().AsSpan(consumed, (int)pending.Length - consumed).ToArray();
                    pending.SetLength(0);
                    pending.Write(rest);
                    RawRequest request;
                    lock (_gate)
                    {
                        request = parsed!.Complete(_requests.Count, connection.Id, connection.RequestCount++, raw);
                        _requests.Add(request);
                    }

                    RawReply reply;
                    try
                    {
                        reply = _script(request);
                    }
                    catch (Exception exception)
                    {
                        reply = RawReply.Respond(500, "script failed: " + exception.Message, "text/plain");
                    }

                    if (!await reply.WriteAsync(connection, request, token).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                int read;
                try
                {
                    read = await connection.Socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (read == 0)
                {
                    return;
                }

                connection.Append(buffer.AsSpan(0, read));
                pending.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away while the server wrote: that is the client's business, the bytes are recorded.
        }
        finally
        {
            await connection.CloseAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>One accepted connection: the bytes it sent and its socket.</summary>
public sealed class RawConnection
{
    private readonly object _gate = new();
    private readonly MemoryStream _received = new();
    private int _closed;

    internal RawConnection(int id, Socket socket)
    {
        Id = id;
        Socket = socket;
    }

    public int Id { get; }

    internal Socket Socket { get; }

    internal int RequestCount { get; set; }

    /// <summary>Every byte the client sent on this connection, in order.</summary>
    public byte[] Received
    {
        get
        {
            lock (_gate)
            {
                return _received.ToArray();
            }
        }
    }

    internal void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            _received.Write(bytes);
        }
    }

    internal async Task SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken token)
    {
        while (!bytes.IsEmpty)
        {
            var sent = await Socket.SendAsync(bytes, SocketFlags.None, token).ConfigureAwait(false);
            bytes = bytes[sent..];
        }
    }

    /// <summary>A graceful close: FIN after the pending bytes, then what the peer still sends is read (briefly) so that unread bytes do not turn the close into a reset.</summary>
    internal async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            Socket.Shutdown(SocketShutdown.Send);
            using var drain = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var sink = new byte[4096];
            while (true)
            {
                var read = await Socket.ReceiveAsync(sink.AsMemory(), SocketFlags.None, drain.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                Append(sink.AsSpan(0, read));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }

        Socket.Dispose();
    }

    /// <summary>A reset: linger on with a zero timeout, then close, so the peer gets RST instead of FIN.</summary>
    internal void Reset()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            Socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        Socket.Dispose();
    }

    internal void Abort() => Reset();
}

/// <summary>One complete request as it arrived.</summary>
public sealed class RawRequest
{
    internal RawRequest(string method, string target, string version, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body, bool chunked)
    {
        Method = method;
        Target = target;
        Version = version;
        Headers = headers;
        Body = body;
        Chunked = chunked;
        Raw = Array.Empty<byte>();
    }

    /// <summary>The position of the request among all the server received, from 0.</summary>
    public int Index { get; private set; }

    public int ConnectionId { get; private set; }

    /// <summary>The position of the request on its connection, from 0 (1 and up: a reused connection).</summary>
    public int IndexOnConnection { get; private set; }

    public string Method { get; }

    /// <summary>The request target exactly as on the request line, e.g. <c>/items/a?x=1</c>.</summary>
    public string Target { get; }

    public string Version { get; }

    /// <summary>The header fields as received: names and values as Latin-1 text, values without the optional whitespace around them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body, de-chunked.</summary>
    public byte[] Body { get; }

    public bool Chunked { get; }

    /// <summary>The exact bytes of the request (request line, headers, body as framed).</summary>
    public byte[] Raw { get; private set; }

    public string RequestLine => Method + " " + Target + " " + Version;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string RawText => RawHttpServer.Latin1(Raw);

    /// <summary>The path of the target, without the query, exactly as sent.</summary>
    public string Path => Target.Split('?', 2)[0];

    /// <summary>The query of the target without '?', exactly as sent, or empty.</summary>
    public string Query => Target.Contains('?') ? Target.Split('?', 2)[1] : string.Empty;

    /// <summary>The values of every field named <paramref name="name"/> (case-insensitive).</summary>
    public IReadOnlyList<string> All(string name) => Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();

    /// <summary>The value of the field named <paramref name="name"/>, or null; several are joined with ", ".</summary>
    public string? Header(string name) => All(name) is { Count: > 0 } values ? string.Join(", ", values) : null;

    public override string ToString() => "#" + Index + " (connection " + ConnectionId + ", request " + IndexOnConnection + " on it): " + RequestLine;

    internal RawRequest Complete(int index, int connectionId, int indexOnConnection, byte[] raw)
    {
        Index = index;
        ConnectionId = connectionId;
        IndexOnConnection = indexOnConnection;
        Raw = raw;
        return this;
    }
}

/// <summary>Splits a byte stream into HTTP/1.1 requests.</summary>
internal static class RequestParser
{
    public static bool TryParse(ReadOnlySpan<byte> data, out int consumed, out RawRequest? request)
    {
        consumed = 0;
        request = null;
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var head = Encoding.Latin1.GetString(data[..end]);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ', 3);
        var method = requestLine.Length > 0 ? requestLine[0] : string.Empty;
        var target = requestLine.Length > 1 ? requestLine[1] : string.Empty;
        var version = requestLine.Length > 2 ? requestLine[2] : string.Empty;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers.Add(colon < 0
                ? new KeyValuePair<string, string>(line, string.Empty)
                : new KeyValuePair<string, string>(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        var position = end + 4;
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        byte[] body;
        if (chunked)
        {
            var collected = new MemoryStream();
            while (true)
            {
                var lineEnd = data[position..].IndexOf("\r\n"u8);
                if (lineEnd < 0)
                {
                    return false;
                }

                var sizeText = Encoding.Latin1.GetString(data.Slice(position, lineEnd)).Split(';')[0].Trim();
                if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size < 0)
                {
                    // Not chunked framing after all: take what there is as the body.
                    body = data[(end + 4)..].ToArray();
                    consumed = data.Length;
                    request = new RawRequest(method, target, version, headers, body, chunked);
                    return true;
                }

                position += lineEnd + 2;
                if (size == 0)
                {
                    // Trailers, then an empty line.
                    var trailerEnd = data[position..].IndexOf("\r\n"u8);
                    while (trailerEnd > 0)
                    {
                        position += trailerEnd + 2;
                        trailerEnd = data[position..].IndexOf("\r\n"u8);
                    }

                    if (trailerEnd < 0)
                    {
                        return false;
                    }

                    position += 2;
                    break;
                }

                if (data.Length < position + size + 2)
                {
                    return false;
                }

                collected.Write(data.Slice(position, size));
                position += size + 2;
            }

            body = collected.ToArray();
        }
        else
        {
            var lengthText = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
            var length = long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? (int)Math.Min(l, int.MaxValue) : 0;
            if (data.Length < position + length)
            {
                return false;
            }

            body = data.Slice(position, length).ToArray();
            position += length;
        }

        consumed = position;
        request = new RawRequest(method, target, version, headers, body, chunked);
        return true;
    }
}

/// <summary>How the server answers one request.</summary>
public abstract class RawReply
{
    private static readonly byte[] Filler = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));

    /// <summary>Writes the reply; false to end the connection afterwards.</summary>
    internal abstract Task<bool> WriteAsync(RawConnection connection, RawRequest request, CancellationToken token);

    /// <summary>A complete response with a Content-Length, the connection kept alive.</summary>
    public static RawReply Respond(int status, string? body = null, string? contentType = "application/json", string? reason = null, params (string Name, string Value)[] headers)
        => Respond(status, body is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(body), contentType, reason, headers);

    public static RawReply Respond(int status, byte[] body, string? contentType = "application/json", string? reason = null, params (string Name, string Value)[] headers)
        => new BytesReply(Head(status, reason, contentType, headers.Append(("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture)))).Concat(body).ToArray(), keepOpen: true);

    /// <summary>Exactly these bytes, then the connection closes (FIN) unless <paramref name="keepOpen"/>.</summary>
    public static RawReply Raw(byte[] bytes, bool keepOpen = false) => new BytesReply(bytes, keepOpen);

    public static RawReply Raw(string latin1, bool keepOpen = false) => new BytesReply(Encoding.Latin1.GetBytes(latin1), keepOpen);

    /// <summary>Exactly these bytes, then a reset (RST).</summary>
    public static RawReply RawThenReset(byte[] bytes) => new BytesReply(bytes, keepOpen: false, reset: true);

    /// <summary>The status line and headers at once (with <paramref name="contentLength"/> if given), then <paramref name="body"/> <paramref name="bytesPerTick"/> bytes every <paramref name="interval"/>; endless (repeating spaces) when <paramref name="body"/> is null.</summary>
    public static RawReply Trickle(int status, byte[]? body, int bytesPerTick, TimeSpan interval, long? contentLength = null, string contentType = "application/json")
        => new TrickleReply(status, body, bytesPerTick, interval, contentLength, contentType);

    /// <summary>A 200 whose body never ends: chunked, <paramref name="prefix"/> then spaces as fast as the client reads, up to <paramref name="cap"/> bytes, then the connection is cut.</summary>
    public static RawReply Endless(string prefix = "{\"name\":\"", long cap = 96L * 1024 * 1024, string contentType = "application/json", int status = 200)
        => new EndlessReply(prefix, cap, contentType, status);

    /// <summary><paramref name="head"/>, then <paramref name="repeated"/> every <paramref name="interval"/> (as fast as the client reads when zero) until <paramref name="cap"/> bytes, then a reset.</summary>
    public static RawReply Repeat(string head, string repeated, TimeSpan interval, long cap = 64L * 1024 * 1024) => new RepeatReply(head, repeated, interval, cap);

    /// <summary>Reads the request, answers nothing and closes the connection (FIN).</summary>
    public static RawReply Close() => new CloseReply(reset: false);

    /// <summary>Reads the request, answers nothing and resets the connection (RST).</summary>
    public static RawReply Reset() => new CloseReply(reset: true);

    /// <summary>Reads the request and never answers; the connection stays open until the server is disposed.</summary>
    public static RawReply Hang() => new HangReply();

    /// <summary>A redirect to <paramref name="location"/>.</summary>
    public static RawReply Redirect(int status, string location)
        => Respond(status, string.Empty, null, null, ("Location", location));

    internal static byte[] Head(int status, string? reason, string? contentType, IEnumerable<(string Name, string Value)> headers)
    {
        var text = new StringBuilder();
        text.Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(reason ?? ReasonFor(status)).Append("\r\n");
        if (contentType is not null)
        {
            text.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        foreach (var (name, value) in headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string ReasonFor(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private sealed class BytesReply(byte[] bytes, bool keepOpen, bool reset = false) : RawReply
    {
        internal override async Task<bool> WriteAsync(RawConnection connection, RawRequest request, CancellationToken token)
        {
            await connection.SendAsync(bytes, token).ConfigureAwait(false);
            if (reset)
            {
                // Let the bytes leave before the reset discards what is still queued.
                await Task.Delay(50, token).ConfigureAwait(false);
                connection.Reset();
            }

            return keepOpen;
        }
    }

    private sealed class TrickleReply(int status, byte[]? body, int bytesPerTick, TimeSpan interval, long? contentLength, string contentType) : RawReply
    {
        internal override async Task<bool> WriteAsync(RawConnection connection, RawRequest request, CancellationToken token)
        {
            var headers = contentLength is { } length ? new[] { ("Content-Length", length.ToString(CultureInfo.InvariantCulture)) } : Array.Empty<(string, string)>();
            await connection.SendAsync(Head(status, null, contentType, headers), token).ConfigureAwait(false);
            var position = 0;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!token.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                await Task.Delay(interval, token).ConfigureAwait(false);
                byte[] piece;
                if (body is null)
                {
                    piece = Filler.AsSpan(0, bytesPerTick).ToArray();
                }
                else
                {
                    if (position >= body.Length)
                    {
                        return false;
                    }

                    piece = body.AsSpan(position, Math.Min(bytesPerTick, body.Length - position)).ToArray();
                    position += piece.Length;
                }

                await connection.SendAsync(piece, token).ConfigureAwait(false);
            }

            return false;
        }
    }

    private sealed class EndlessReply(string prefix, long cap, string contentType, int status) : RawReply
    {
        internal override async Task<bool> WriteAsync(RawConnection connection, RawRequest request, CancellationToken token)
        {
            await connection.SendAsync(Head(status, null, contentType, new[] { ("Transfer-Encoding", "chunked") }), token).ConfigureAwait(false);
            var first = Encoding.UTF8.GetBytes(prefix);
            await connection.SendAsync(Chunk(first), token).ConfigureAwait(false);
            var chunk = Chunk(Filler);
            long sent = first.Length;
            while (sent < cap && !token.IsCancellationRequested)
            {
                await connection.SendAsync(chunk, token).ConfigureAwait(false);
                sent += Filler.Length;
            }

            // Never a last chunk: the body is cut.
            connection.Reset();
            return false;
        }

        private static byte[] Chunk(byte[] data)
            => Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n").Concat(data).Concat("\r\n"u8.ToArray()).ToArray();
    }

    private sealed class RepeatReply(string head, string repeated, TimeSpan interval, long cap) : RawReply
    {
        internal override async Task<bool> WriteAsync(RawConnection connection, RawRequest request, CancellationToken token)
        {
            var first = Encoding.Latin1.GetBytes(head);
            await connection.SendAsync(first, token).ConfigureAwait(false);
            var piece = Encoding.Latin1.GetBytes(repeated);
            if (interval == TimeSpan.Zero)
            {
                // Batch the repeats so that "as fast as possible" is fast.
                piece = Enumerable.Repeat(piece, Math.Max(1, 16 * 1024 / piece.Length)).SelectMany(b => b).ToArray();
            }

            long sent = first.Length;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (sent < cap && !token.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                if (interval > TimeSpan.Zero)
                {
                    await Task.Delay(interval, token).ConfigureAwait(false);
                }

                await connection.SendAsync(piece, token).ConfigureAwait(false);
                sent += piece.Length;
            }

            connection.Reset();
            return false;
        }
    }

    private sealed class CloseReply(bool reset) : RawReply
    {
        internal override async Task<bool> WriteAsync(RawConnection connection, RawRequest request, CancellationToken token)
        {
            if (reset)
            {
                connection.Reset();
            }
            else
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }

            return false;
        }
    }

    private sealed class HangReply : RawReply
    {
        internal override async Task<bool> WriteAsync(RawConnection connection, RawRequest request, CancellationToken token)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(60), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return false;
        }
    }
}
