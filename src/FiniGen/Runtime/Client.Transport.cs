// FiniGen's client runtime: the send pipeline that every generated client shares. This file is not compiled into
// FiniGen; the generator emits it into each client as it is, with the placeholder names (namespace FiniGen.Runtime,
// RuntimeClient, RuntimeOptions, RuntimeApiException, RuntimeJson, RuntimeValidationException) replaced by the
// contract's own (see Emit/RuntimeEmitter.cs). It must compile against the BCL of net8.0 alone, stay trimming- and
// AOT-safe, and use nothing of the client part but Options, Credential and ApplyCredential.
#nullable enable

namespace FiniGen.Runtime;

partial class RuntimeClient
{
    // Redirects a client follows itself before it reports the last one as an error, as browsers and .NET do.
    private const int MaxRedirects = 10;

    private readonly global::System.Net.Http.HttpClient _httpClient;
    private readonly bool _ownsHttpClient;

    /// <summary>Creates a client that sends its requests through <paramref name="httpClient"/>, which it does not dispose.</summary>
    /// <remarks>
    /// The client follows redirects itself and sends the credential only to the origin it was meant for, but it cannot
    /// see the handler of an HTTP client it is given: create that handler with <c>AllowAutoRedirect = false</c>, or a
    /// redirect to another server carries every header of the request there (.NET drops only <c>Authorization</c>).
    /// The client made by <c>AddXxxClient</c>, and one made from options alone, are set up that way already.
    /// </remarks>
    /// <param name="httpClient">The HTTP client, for example one from <c>IHttpClientFactory</c>.</param>
    /// <param name="options">The settings; null for the defaults.</param>
    public RuntimeClient(global::System.Net.Http.HttpClient httpClient, RuntimeOptions? options = null)
    {
        _httpClient = httpClient ?? throw new global::System.ArgumentNullException(nameof(httpClient));
        Options = options ?? new RuntimeOptions();
    }

    /// <summary>
    /// Creates a client with an HTTP client of its own, disposed with it: it follows no redirect on its own (the
    /// client does, keeping the credential to its origin), decompresses gzip, deflate and Brotli, keeps no cookies,
    /// and renews its connections every five minutes so that DNS changes are seen.
    /// </summary>
    /// <param name="options">The settings.</param>
    public RuntimeClient(RuntimeOptions options)
        : this(options is null ? throw new global::System.ArgumentNullException(nameof(options)) : CreateHttpClient(), options)
    {
        _ownsHttpClient = true;
    }

    /// <summary>The settings this client uses.</summary>
    public RuntimeOptions Options { get; }

    /// <summary>
    /// A client for calls that need other settings than <see cref="Options"/> (a longer timeout for one slow call, no
    /// retries for another), sending through this client's HTTP client. This client's settings stay as they are.
    /// </summary>
    /// <param name="configure">Changes a copy of <see cref="Options"/>.</param>
    /// <returns>A client that shares the HTTP client and does not own it: disposing it releases nothing.</returns>
    /// <example><code>var result = await client.WithOptions(o => o.Timeout = TimeSpan.FromMinutes(2)).SomeSlowCallAsync(request);</code></example>
    public RuntimeClient WithOptions(global::System.Action<RuntimeOptions> configure)
    {
        if (configure is null)
        {
            throw new global::System.ArgumentNullException(nameof(configure));
        }

        var options = Options.Clone();
        configure(options);
        return new RuntimeClient(_httpClient, options);
    }

    /// <summary>Disposes the HTTP client if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static global::System.Net.Http.HttpClient CreateHttpClient()
        // The client's own Timeout covers each attempt, body included; HttpClient's would stop at the headers.
        => new(CreatePrimaryHandler(), disposeHandler: true) { Timeout = global::System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>
    /// The handler a client made from options alone sends through, and <c>AddXxxClient</c>'s primary handler; use it as
    /// the innermost handler of an <see cref="global::System.Net.Http.HttpClient"/> you build yourself. It follows no
    /// redirect on its own (the client does, and keeps its credential to its origin); it refuses to send a second time
    /// a request the client marks as not safe to repeat, whatever handler above it tries; it decompresses gzip,
    /// deflate and Brotli (the body limit counts decompressed bytes), keeps no cookie jar, and renews connections every
    /// five minutes so that DNS changes are seen.
    /// </summary>
    /// <returns>A new handler; the HTTP client that uses it disposes it.</returns>
    public static global::System.Net.Http.HttpMessageHandler CreatePrimaryHandler()
    {
        if (global::System.OperatingSystem.IsBrowser())
        {
            // The browser's fetch follows redirects under the browser's own origin rules.
            return new SendOnceGuard { InnerHandler = new global::System.Net.Http.HttpClientHandler() };
        }

        return new SendOnceGuard
        {
            InnerHandler = new global::System.Net.Http.SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                AutomaticDecompression = global::System.Net.DecompressionMethods.All,
                UseCookies = false,
                PooledConnectionLifetime = global::System.TimeSpan.FromMinutes(5),
            },
        };
    }

    // Set on every request that is not safe to repeat; SendOnceGuard lets each one pass once.
    private static readonly global::System.Net.Http.HttpRequestOptionsKey<SendOnceMark> s_sendOnce = new("FiniGen.SendOnce");

    private sealed class SendOnceMark
    {
        public int Sent;
    }

    /// <summary>
    /// The last handler before the wire: a request marked as not safe to repeat goes through once. A retry handler
    /// above it (one that retries every method) gets an error for its second try instead of a second write, even when
    /// a handler in between has buffered the body, which bypasses <see cref="SendOnceContent"/>.
    /// </summary>
    private sealed class SendOnceGuard : global::System.Net.Http.DelegatingHandler
    {
        protected override global::System.Threading.Tasks.Task<global::System.Net.Http.HttpResponseMessage> SendAsync(global::System.Net.Http.HttpRequestMessage request, global::System.Threading.CancellationToken cancellationToken)
        {
            if (request.Options.TryGetValue(s_sendOnce, out var mark))
            {
                if (global::System.Threading.Interlocked.Exchange(ref mark.Sent, 1) != 0)
                {
                    throw new global::System.Net.Http.HttpRequestException("The request is not safe to repeat, and a handler tried to send it a second time; it was not sent again.");
                }

                request.Headers.ExpectContinue = false;
            }

            if (request.Options.TryGetValue(s_foreign, out var foreign) && foreign)
            {
                // A hop to another origin carries no header the request was given, nor any the HttpClient added.
                request.Headers.Clear();
                request.Headers.Accept.Add(new global::System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private static readonly global::System.Net.Http.HttpRequestOptionsKey<bool> s_foreign = new("FiniGen.OtherOrigin");

    /// <summary>
    /// A successful response: the body exactly as received (never redacted), the status, the reason phrase, and the
    /// credential the call sent (what a later error about this body must redact).
    /// </summary>
    private readonly struct ResponseData
    {
        public ResponseData(byte[] body, int status, string? reason, string? secret)
        {
            Body = body;
            Status = status;
            Reason = reason;
            Secret = secret;
        }

        public string? Secret { get; }

        public byte[] Body { get; }

        public int Status { get; }

        public string? Reason { get; }
    }

    /// <summary>
    /// Makes the exception for an error response, from its status, redacted reason phrase and redacted body, and the
    /// credential the call sent (for the second redaction of what the body decodes to).
    /// </summary>
    private delegate RuntimeApiException ErrorFactory(string operationId, int status, string? reason, byte[] body, string? secret);

    private global::System.Uri CreateUri(string operationId, string path, global::System.Text.StringBuilder? query)
    {
        var baseAddress = Options.BaseAddress ?? _httpClient.BaseAddress ?? RuntimeOptions.DefaultBaseAddress
            ?? throw new global::System.InvalidOperationException(operationId + ": the client has no base address: set RuntimeOptions.BaseAddress or HttpClient.BaseAddress.");
        if (!baseAddress.IsAbsoluteUri || (baseAddress.Scheme != "http" && baseAddress.Scheme != "https") || baseAddress.Query.Length > 0 || baseAddress.Fragment.Length > 0)
        {
            // HttpClient.BaseAddress is not checked when set, as RuntimeOptions.BaseAddress is.
            throw new global::System.InvalidOperationException(operationId + ": the base address must be an absolute http or https URL without a query or fragment, which the operation's path cannot follow.");
        }

        var text = baseAddress.AbsoluteUri;
        if (!text.EndsWith("/", global::System.StringComparison.Ordinal))
        {
            text += "/";
        }

        text += path;
        if (query is { Length: > 0 })
        {
            text += "?" + query.ToString();
        }

        // Beyond this, System.Uri refuses the string with a bare UriFormatException.
        if (text.Length > 65519)
        {
            throw new RuntimeValidationException(operationId, "request URI", text.Substring(0, 100) + "…", "URI length", "the request URI has " + text.Length.ToString("N0", global::System.Globalization.CultureInfo.InvariantCulture) + " characters, more than .NET allows (65,519)");
        }

        return new global::System.Uri(text, global::System.UriKind.Absolute);
    }

    private static void AppendQuery(global::System.Text.StringBuilder query, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (query.Length > 0)
        {
            query.Append('&');
        }

        query.Append(global::System.Uri.EscapeDataString(name)).Append('=').Append(global::System.Uri.EscapeDataString(value));
    }

    private static string Join<T>(global::System.Collections.Generic.IList<T> values, string delimiter, global::System.Func<T, string> format)
    {
        var builder = new global::System.Text.StringBuilder();
        foreach (var value in values)
        {
            if (builder.Length > 0)
            {
                builder.Append(delimiter);
            }

            builder.Append(format(value));
        }

        return builder.ToString();
    }

    private static global::System.Net.Http.HttpContent CreateJsonContent(byte[] body)
    {
        var content = new global::System.Net.Http.ByteArrayContent(body);
        content.Headers.ContentType = new global::System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private async global::System.Threading.Tasks.Task<T> SendAsync<T>(
        string operationId,
        global::System.Func<global::System.Net.Http.HttpRequestMessage> createRequest,
        bool secured,
        bool retrySafe,
        RuntimeJson.ReadFunc<T> read,
        string typeName,
        ErrorFactory createError,
        global::System.Threading.CancellationToken cancellationToken)
    {
        var response = await SendCoreAsync(operationId, createRequest, secured, retrySafe, createError, cancellationToken).ConfigureAwait(false);
        try
        {
            return RuntimeJson.Deserialize(response.Body, read);
        }
        catch (global::System.Text.Json.JsonException exception)
        {
            throw InvalidBody(operationId, response, "is not a valid " + typeName + ": " + exception.Message, exception);
        }
    }

    private async global::System.Threading.Tasks.Task SendAsync(
        string operationId,
        global::System.Func<global::System.Net.Http.HttpRequestMessage> createRequest,
        bool secured,
        bool retrySafe,
        ErrorFactory createError,
        global::System.Threading.CancellationToken cancellationToken)
        => await SendCoreAsync(operationId, createRequest, secured, retrySafe, createError, cancellationToken).ConfigureAwait(false);

    private async global::System.Threading.Tasks.Task<string> SendForTextAsync(
        string operationId,
        global::System.Func<global::System.Net.Http.HttpRequestMessage> createRequest,
        bool secured,
        bool retrySafe,
        ErrorFactory createError,
        global::System.Threading.CancellationToken cancellationToken)
    {
        var response = await SendCoreAsync(operationId, createRequest, secured, retrySafe, createError, cancellationToken).ConfigureAwait(false);
        try
        {
            return s_strictUtf8.GetString(response.Body);
        }
        catch (global::System.Text.DecoderFallbackException exception)
        {
            throw InvalidBody(operationId, response, "is not valid UTF-8 text: " + exception.Message, exception);
        }
    }

    private async global::System.Threading.Tasks.Task<byte[]> SendForBytesAsync(
        string operationId,
        global::System.Func<global::System.Net.Http.HttpRequestMessage> createRequest,
        bool secured,
        bool retrySafe,
        ErrorFactory createError,
        global::System.Threading.CancellationToken cancellationToken)
        => (await SendCoreAsync(operationId, createRequest, secured, retrySafe, createError, cancellationToken).ConfigureAwait(false)).Body;

    private static readonly global::System.Text.UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Sends one call: attempts (each a fresh request, limited by <c>Timeout</c> from the first byte sent to the last
    /// byte of the body), redirects followed within the origin's trust, retries for requests that are safe to repeat,
    /// and the typed exception for everything else.
    /// </summary>
    private async global::System.Threading.Tasks.Task<ResponseData> SendCoreAsync(
        string operationId,
        global::System.Func<global::System.Net.Http.HttpRequestMessage> createRequest,
        bool secured,
        bool retrySafe,
        ErrorFactory createError,
        global::System.Threading.CancellationToken cancellationToken)
    {
        // One call sees one set of settings and one credential, even if the options change while it runs: what it
        // sends is what its errors redact.
        var options = Options.Clone();
        var secret = secured ? Credential : null;
        CheckCredential(operationId, secret);
        for (var attempt = 0; ; attempt++)
        {
            var mayRetry = retrySafe && attempt < options.MaxRetries;
            using var attemptTimeout = options.Timeout is { } limit && limit != global::System.Threading.Timeout.InfiniteTimeSpan ? new global::System.Threading.CancellationTokenSource(limit) : null;
            using var linked = attemptTimeout is null ? null : global::System.Threading.CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            var token = linked?.Token ?? cancellationToken;
            global::System.Net.Http.HttpResponseMessage response;
            byte[] body;
            try
            {
                response = await SendFollowingRedirectsAsync(operationId, createRequest, secret, retrySafe, token).ConfigureAwait(false);
                try
                {
                    body = await ReadBodyAsync(operationId, response, global::System.Math.Min(options.MaxResponseSize, global::System.Array.MaxLength), secret, token).ConfigureAwait(false);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }
            catch (global::System.OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not the caller's cancellation: this attempt's Timeout, or the HttpClient's own.
                if (mayRetry && RetryPause(attempt, null, options) is { } pause)
                {
                    await global::System.Threading.Tasks.Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var after = attemptTimeout is { IsCancellationRequested: true }
                    ? " after " + options.Timeout!.Value.ToString()
                    : " (the HttpClient's Timeout of " + _httpClient.Timeout.ToString() + " ran out)";
                throw new global::System.TimeoutException(operationId + " timed out" + after + Outcome(retrySafe, attempt) + ".");
            }
            catch (global::System.Exception exception) when (exception is global::System.Net.Http.HttpRequestException or global::System.IO.IOException)
            {
                if (mayRetry && RetryPause(attempt, null, options) is { } pause)
                {
                    await global::System.Threading.Tasks.Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw TransportFailure(operationId, exception, retrySafe, attempt, secret);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (mayRetry && (status is 408 or 429 || status >= 500))
                {
                    // A Retry-After longer than MaxRetryAfter ends the call with this response's error.
                    if (RetryPause(attempt, response.Headers.RetryAfter, options) is { } pause)
                    {
                        await global::System.Threading.Tasks.Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                if (status is < 200 or > 299)
                {
                    throw createError(operationId, status, RedactText(response.ReasonPhrase, secret), Redact(body, secret), secret);
                }

                return new ResponseData(body, status, response.ReasonPhrase, secret);
            }
        }
    }

    /// <summary>
    /// Sends one attempt and follows the redirects the HTTP client left to it. Within the origin a hop carries the
    /// request as made, credential included; to another origin it carries neither the credential nor any header the
    /// request was given (parameters, cookies). A redirect is not followed (and is the call's error) when following it
    /// would send a request that is not safe to repeat a second time, send a body to another origin or one that cannot
    /// be replayed, take the credential to another origin in its URL, leave https for http, or go past
    /// <see cref="MaxRedirects"/>. A request that is not safe to repeat carries a body (empty if it has none), because
    /// SocketsHttpHandler silently re-sends a body-less request whose connection died, and is marked for
    /// <see cref="SendOnceGuard"/>.
    /// </summary>
    private async global::System.Threading.Tasks.Task<global::System.Net.Http.HttpResponseMessage> SendFollowingRedirectsAsync(
        string operationId,
        global::System.Func<global::System.Net.Http.HttpRequestMessage> createRequest,
        string? secret,
        bool retrySafe,
        global::System.Threading.CancellationToken cancellationToken)
    {
        global::System.Uri? target = null;
        global::System.Net.Http.HttpMethod? method = null;
        for (var hop = 0; ; hop++)
        {
            using var request = createRequest();
            var origin = request.RequestUri!;
            if (target is not null)
            {
                request.RequestUri = target;
                if (method is not null)
                {
                    request.Method = method;
                    request.Content = null;
                }
            }

            if (!SameOrigin(request.RequestUri!, origin))
            {
                request.Headers.Clear();
            }
            else if (!string.IsNullOrEmpty(secret))
            {
                ApplyCredential(request, secret!);
            }

            if (request.Headers.Accept.Count == 0)
            {
                request.Headers.Accept.Add(new global::System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
            }

            var hasBody = request.Content is not null;
            var replayable = request.Content is not IReplayableContent { CanReplay: false };
            if (!retrySafe && method is null)
            {
                request.Content = new SendOnceContent(operationId, request.Content);
                request.Options.Set(s_sendOnce, new SendOnceMark());
            }

            if (!retrySafe)
            {
                // Expect: 100-continue (a default header of the HttpClient, say) holds the body back, and a request whose
                // body has not started is one SocketsHttpHandler re-sends on a dead connection.
                request.Headers.ExpectContinue = false;
            }

            if (!SameOrigin(request.RequestUri!, origin))
            {
                // For the primary handler, which clears what the HttpClient adds from its default headers.
                request.Options.Set(s_foreign, true);
            }

            global::System.Net.Http.HttpResponseMessage response;
            try
            {
                response = await _httpClient.SendAsync(request, global::System.Net.Http.HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (global::System.Exception exception) when (exception is not (global::System.OperationCanceledException or global::System.Net.Http.HttpRequestException or global::System.IO.IOException))
            {
                // A handler of the pipeline (a resilience policy's timeout, say) failed in a way of its own.
                throw new global::System.Net.Http.HttpRequestException(global::System.Net.Http.HttpRequestError.Unknown, exception.GetType().Name + ": " + exception.Message, exception);
            }

            var status = (int)response.StatusCode;
            if (status is not (301 or 302 or 303 or 307 or 308) || response.Headers.Location is not { } location)
            {
                return response;
            }

            var toGet = (status == 303 && request.Method != global::System.Net.Http.HttpMethod.Head)
                || (status is 301 or 302 && request.Method == global::System.Net.Http.HttpMethod.Post);
            string? why = null;
            if (!(location.IsAbsoluteUri ? global::System.Uri.TryCreate(location.OriginalString, global::System.UriKind.Absolute, out var next) : global::System.Uri.TryCreate(request.RequestUri!, location, out next)))
            {
                why = "its Location is not a valid URL";
            }
            else if (hop == MaxRedirects)
            {
                why = "it is the " + (MaxRedirects + 1).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + "th redirect in a row";
            }
            else if (next.Scheme != "http" && next.Scheme != "https")
            {
                why = "it is not an http or https URL";
            }
            else if (request.RequestUri!.Scheme == "https" && next.Scheme == "http")
            {
                why = "it would leave https for http";
            }
            else if (!retrySafe && !toGet)
            {
                why = "following it would send again a request that is not safe to repeat";
            }
            else if (hasBody && !toGet && !replayable)
            {
                why = "following it would send the request body again, and the stream it reads from cannot be rewound";
            }
            else if (!SameOrigin(next, origin) && hasBody && !toGet)
            {
                why = "it would send the request body to another origin";
            }
            else if (!SameOrigin(next, origin) && RedactText(next.OriginalString, secret) != next.OriginalString)
            {
                why = "its URL would take the credential to another origin";
            }

            if (why is not null)
            {
                using (response)
                {
                    var where = next is null ? string.Empty : " to " + RedactText(next.GetLeftPart(global::System.UriPartial.Authority), secret);
                    throw new RuntimeApiException(
                        operationId,
                        status,
                        RedactText(response.ReasonPhrase, secret),
                        string.Empty,
                        operationId + " was redirected (HTTP " + status.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + ")" + where + ", which the client did not follow: " + why + ".");
                }
            }

            response.Dispose();
            target = next;
            method = toGet ? global::System.Net.Http.HttpMethod.Get : method;
        }
    }

    /// <summary>Implemented by request bodies that may be unable to send themselves again (a stream that cannot seek).</summary>
    private interface IReplayableContent
    {
        bool CanReplay { get; }
    }

    private static bool SameOrigin(global::System.Uri a, global::System.Uri b)
        => global::System.Uri.Compare(a, b, global::System.UriComponents.SchemeAndServer, global::System.UriFormat.UriEscaped, global::System.StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Reads the whole body, counting bytes after decompression, and refuses one larger than <paramref name="maxSize"/>.</summary>
    private static async global::System.Threading.Tasks.Task<byte[]> ReadBodyAsync(string operationId, global::System.Net.Http.HttpResponseMessage response, int maxSize, string? secret, global::System.Threading.CancellationToken cancellationToken)
    {
        if (response.RequestMessage?.Method == global::System.Net.Http.HttpMethod.Head || response.StatusCode is global::System.Net.HttpStatusCode.NoContent or global::System.Net.HttpStatusCode.NotModified)
        {
            // No body, whatever Content-Length says (RFC 9110, sections 9.3.2 and 6.4.1).
            return global::System.Array.Empty<byte>();
        }

        // RFC 9112, section 6.3: Content-Length values that differ make the framing unrecoverable (HttpClient reads by
        // the first); whatever was read by them cannot be trusted to be this response.
        if (response.Content.Headers.NonValidated.TryGetValues("Content-Length", out var lengths) && lengths.Count > 1)
        {
            string? first = null;
            foreach (var length in lengths)
            {
                if (first is not null && !string.Equals(first, length.Trim(), global::System.StringComparison.Ordinal))
                {
                    throw new RuntimeApiException(operationId, (int)response.StatusCode, RedactText(response.ReasonPhrase, secret), string.Empty, operationId + " returned a response with conflicting Content-Length values, whose body cannot be trusted.");
                }

                first = length.Trim();
            }
        }

        var declared = response.Content.Headers.ContentLength;
        if (declared > maxSize)
        {
            throw TooLarge(operationId, response, maxSize, secret);
        }

        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

            // Memory follows the bytes that arrive, not what Content-Length announces.
            var buffer = new byte[(int)global::System.Math.Min(declared ?? 16 * 1024, global::System.Math.Min(maxSize, 1024 * 1024))];
            var count = 0;
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count >= maxSize)
                    {
                        // Full at the limit: the body is too large unless it ends here.
                        var probe = new byte[1];
                        if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                        {
                            break;
                        }

                        throw TooLarge(operationId, response, maxSize, secret);
                    }

                    global::System.Array.Resize(ref buffer, (int)global::System.Math.Min(maxSize, global::System.Math.Max(buffer.Length * 2L, 16 * 1024)));
                }

                var read = await stream.ReadAsync(new global::System.Memory<byte>(buffer, count, buffer.Length - count), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                count += read;
            }

            if (count != buffer.Length)
            {
                global::System.Array.Resize(ref buffer, count);
            }

            return buffer;
        }
        catch (global::System.Exception exception) when (exception is not (global::System.OperationCanceledException or global::System.IO.IOException or global::System.Net.Http.HttpRequestException or RuntimeApiException))
        {
            // A body the content decoder rejects (corrupt gzip, deflate or Brotli) or cannot otherwise read.
            throw new RuntimeApiException(
                operationId,
                (int)response.StatusCode,
                RedactText(response.ReasonPhrase, secret),
                string.Empty,
                operationId + " returned HTTP " + ((int)response.StatusCode).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " with a body that could not be read: " + RedactText(exception.Message, secret),
                exception);
        }
    }

    private static RuntimeApiException TooLarge(string operationId, global::System.Net.Http.HttpResponseMessage response, int maxSize, string? secret)
    {
        var status = (int)response.StatusCode;
        return new RuntimeApiException(
            operationId,
            status,
            RedactText(response.ReasonPhrase, secret),
            string.Empty,
            operationId + " returned HTTP " + status.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " with a body larger than MaxResponseSize ("
                + maxSize.ToString("N0", global::System.Globalization.CultureInfo.InvariantCulture) + " bytes); it was not read further. Raise RuntimeOptions.MaxResponseSize if such a body is expected.");
    }

    private static RuntimeApiException InvalidBody(string operationId, ResponseData response, string problem, global::System.Exception exception)
    {
        var secret = response.Secret;
        var body = Redact(response.Body, secret);
        var cause = Redacted(exception, secret, static message => new global::System.Text.Json.JsonException(message));
        problem = RedactText(problem, secret)!;
        return new RuntimeApiException(
            operationId,
            response.Status,
            RedactText(response.Reason, secret),
            global::System.Text.Encoding.UTF8.GetString(body),
            operationId + " returned HTTP " + response.Status.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " but its body " + (problem.Length > 400 ? problem.Substring(0, 400) + "…" : problem),
            cause);
    }

    /// <summary>
    /// <paramref name="exception"/>, or, when its message or an inner one quotes the credential (a parser quoting the
    /// token it choked on, the transport quoting a status line), a new exception made by <paramref name="create"/> with
    /// its message redacted and cut to 400 characters, and no inner exception.
    /// </summary>
    private static global::System.Exception Redacted(global::System.Exception exception, string? secret, global::System.Func<string, global::System.Exception> create)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (RedactText(inner.Message, secret) != inner.Message)
            {
                var message = RedactText(exception.Message, secret)!;
                return create(message.Length > 400 ? message.Substring(0, 400) + "…" : message);
            }
        }

        return exception;
    }

    private static global::System.Net.Http.HttpRequestException TransportFailure(string operationId, global::System.Exception exception, bool retrySafe, int attempt, string? secret)
    {
        // The transport's own messages name no operation, and may quote what the server sent (a status line, a header).
        var cause = Redacted(exception, secret, static message => new global::System.Net.Http.HttpRequestException(message));
        var error = exception is global::System.Net.Http.HttpRequestException http ? http.HttpRequestError
            : exception is global::System.Net.Http.HttpIOException io ? io.HttpRequestError
            : global::System.Net.Http.HttpRequestError.Unknown;
        var message = RedactText(exception.Message, secret)!;
        return new global::System.Net.Http.HttpRequestException(
            error,
            operationId + " failed without a complete response: " + (message.Length > 400 ? message.Substring(0, 400) + "…" : message) + Outcome(retrySafe, attempt),
            cause,
            (exception as global::System.Net.Http.HttpRequestException)?.StatusCode);
    }

    private static string Outcome(bool retrySafe, int attempt)
        => retrySafe
            ? " (" + (attempt + 1).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + (attempt == 0 ? " attempt)" : " attempts)")
            : " (not repeated: it is not safe to repeat, and the server may have applied it)";

    /// <summary>
    /// The pause before the next attempt, or null to give up: the server's <c>Retry-After</c> when it gives one (null when
    /// it asks for more than <c>MaxRetryAfter</c>), else exponential backoff from <c>RetryDelay</c> with jitter, at most
    /// <c>MaxRetryAfter</c>.
    /// </summary>
    private static global::System.TimeSpan? RetryPause(int attempt, global::System.Net.Http.Headers.RetryConditionHeaderValue? retryAfter, RuntimeOptions options)
    {
        var max = options.MaxRetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta <= max ? delta : null;
        }

        if (retryAfter?.Date is { } date)
        {
            var until = date - global::System.DateTimeOffset.UtcNow;
            return until <= global::System.TimeSpan.Zero ? global::System.TimeSpan.Zero : until <= max ? until : null;
        }

        var ticks = options.RetryDelay.Ticks * global::System.Math.Pow(2, global::System.Math.Min(attempt, 30)) * (0.8 + (global::System.Random.Shared.NextDouble() * 0.4));
        return ticks >= max.Ticks ? max : global::System.TimeSpan.FromTicks((long)ticks);
    }

    private static RuntimeApiException CreateError(string operationId, int status, string? reason, byte[] body, string? secret)
        => new(operationId, status, reason, global::System.Text.Encoding.UTF8.GetString(body), RedactText(ErrorMessage(operationId, status, reason, body), secret)!);

    /// <summary>
    /// The typed error of a response whose body (already redacted) has the documented shape. What the reader decoded
    /// (a credential escaped twice, say) is written back as plain JSON, redacted once more and read again, so that no
    /// field of the typed error holds the credential in a form the first pass could not see.
    /// </summary>
    private static RuntimeApiException CreateError<TError>(string operationId, int status, string? reason, byte[] body, string? secret, RuntimeJson.ReadFunc<TError> read, global::System.Action<global::System.Text.Json.Utf8JsonWriter, TError> write)
        where TError : class
    {
        TError error;
        try
        {
            error = RuntimeJson.Deserialize(body, read);
            if (!string.IsNullOrEmpty(secret))
            {
                var plain = RuntimeJson.Serialize(error, write);
                var redacted = Redact(plain, secret);
                if (!ReferenceEquals(plain, redacted))
                {
                    error = RuntimeJson.Deserialize(redacted, read);
                }
            }
        }
        catch (global::System.Text.Json.JsonException)
        {
            // The body does not have the documented shape; the raw body still travels with the exception.
            return CreateError(operationId, status, reason, body, secret);
        }

        return new RuntimeApiException<TError>(operationId, status, reason, global::System.Text.Encoding.UTF8.GetString(body), error, RedactText(ErrorMessage(operationId, status, reason, body), secret)!);
    }

    private static string ErrorMessage(string operationId, int status, string? reason, byte[] body)
    {
        var message = operationId + " failed with HTTP " + status.ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(reason))
        {
            message += " (" + reason + ")";
        }

        var detail = ErrorDetail(body);
        return detail is null ? message + "." : message + ": " + detail;
    }

    // The first of the usual human-readable members of a JSON error body, else the start of the body itself.
    private static string? ErrorDetail(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            var reader = new global::System.Text.Json.Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)
                {
                    var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("detail"u8) || reader.ValueTextEquals("title"u8);
                    reader.Read();
                    if (isMessage && reader.TokenType == global::System.Text.Json.JsonTokenType.String)
                    {
                        var detail = reader.GetString()!;
                        return detail.Length > 300 ? detail.Substring(0, 300) + "…" : detail;
                    }

                    reader.Skip();
                }
            }
        }
        catch (global::System.Exception exception) when (exception is global::System.Text.Json.JsonException or global::System.InvalidOperationException)
        {
            // Not JSON, or not UTF-8: fall through to the raw text.
        }

        var text = global::System.Text.Encoding.UTF8.GetString(body, 0, global::System.Math.Min(body.Length, 300));
        return body.Length > 300 ? text + "…" : text;
    }

    /// <summary>A request body that can be sent once only, so that no handler can repeat a write that is not safe to repeat.</summary>
    private sealed class SendOnceContent : global::System.Net.Http.HttpContent
    {
        private readonly string _operationId;
        private readonly global::System.Net.Http.HttpContent? _inner;
        private int _sent;

        public SendOnceContent(string operationId, global::System.Net.Http.HttpContent? inner)
        {
            _operationId = operationId;
            _inner = inner;
            if (inner is not null)
            {
                foreach (var header in inner.Headers)
                {
                    if (!string.Equals(header.Key, "Content-Length", global::System.StringComparison.OrdinalIgnoreCase))
                    {
                        Headers.TryAddWithoutValidation(header.Key, header.Value);
                    }
                }
            }
        }

        protected override async global::System.Threading.Tasks.Task SerializeToStreamAsync(global::System.IO.Stream stream, global::System.Net.TransportContext? context)
            => await SerializeToStreamAsync(stream, context, global::System.Threading.CancellationToken.None).ConfigureAwait(false);

        protected override async global::System.Threading.Tasks.Task SerializeToStreamAsync(global::System.IO.Stream stream, global::System.Net.TransportContext? context, global::System.Threading.CancellationToken cancellationToken)
        {
            if (global::System.Threading.Interlocked.Exchange(ref _sent, 1) != 0)
            {
                throw new global::System.InvalidOperationException(_operationId + " is not safe to repeat, and the HTTP stack tried to send it again; it was not sent again.");
            }

            if (_inner is not null)
            {
                await _inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            if (_inner is null)
            {
                length = 0;
                return true;
            }

            if (_inner.Headers.ContentLength is { } known)
            {
                length = known;
                return true;
            }

            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
