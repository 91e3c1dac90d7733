// FiniGen's client runtime, the settings every client has. Emitted into every client like Client.Transport.cs (see
// there); the generated part adds the contract's default address and its credential.
#nullable enable

namespace FiniGen.Runtime;

partial class RuntimeOptions
{
    /// <summary>The default of <see cref="Timeout"/>: 100 seconds, as <see cref="global::System.Net.Http.HttpClient.Timeout"/>'s.</summary>
    public static readonly global::System.TimeSpan DefaultTimeout = global::System.TimeSpan.FromSeconds(100);

    /// <summary>The default of <see cref="MaxResponseSize"/>: 16 MiB.</summary>
    public const int DefaultMaxResponseSize = 16 * 1024 * 1024;

    /// <summary>The default of <see cref="MaxRetryAfter"/>: 30 seconds.</summary>
    public static readonly global::System.TimeSpan DefaultMaxRetryAfter = global::System.TimeSpan.FromSeconds(30);

    // The longest time a timer or a delay takes (Task.Delay, CancellationTokenSource); anything longer fails inside a call.
    private static readonly global::System.TimeSpan s_longest = global::System.TimeSpan.FromMilliseconds(int.MaxValue);

    private global::System.Uri? _baseAddress;
    private int _maxRetries = 2;
    private global::System.TimeSpan _retryDelay = global::System.TimeSpan.FromMilliseconds(500);
    private global::System.TimeSpan _maxRetryAfter = DefaultMaxRetryAfter;
    private global::System.TimeSpan? _timeout = DefaultTimeout;
    private int _maxResponseSize = DefaultMaxResponseSize;

    /// <summary>
    /// The address requests go to: an absolute http or https URL, whose path is where the contract's paths start. When
    /// null, the <see cref="global::System.Net.Http.HttpClient.BaseAddress"/> of the client's
    /// <see cref="global::System.Net.Http.HttpClient"/> is used, then <c>DefaultBaseAddress</c>.
    /// </summary>
    /// <exception cref="global::System.ArgumentException">The value is not an absolute http or https URL, or has a query or fragment (which the operations' paths cannot follow).</exception>
    public global::System.Uri? BaseAddress
    {
        get => _baseAddress;
        set => _baseAddress = value is null || (value.IsAbsoluteUri && (value.Scheme == "http" || value.Scheme == "https") && value.Query.Length == 0 && value.Fragment.Length == 0)
            ? value
            : throw new global::System.ArgumentException("BaseAddress must be an absolute http or https URL without a query or fragment, such as https://api.example.com/v1/.", nameof(BaseAddress));
    }

    /// <summary>
    /// Whether the client checks each request against the contract's rules (formats, enums, list sizes, bounds, and the
    /// rules that depend on a discriminator) before sending it, and throws <see cref="RuntimeValidationException"/>
    /// instead of sending a request the contract forbids. On by default. Values that HTTP or JSON cannot carry as given
    /// (a line break in a header, a lone surrogate, NaN, a null the contract forbids, a path segment <c>..</c>) are
    /// refused either way.
    /// </summary>
    public bool ValidateRequests { get; set; } = true;

    /// <summary>
    /// How many times a request that is safe to repeat (GET, and operations the contract marks retry-safe) is sent again
    /// after a transient failure: a connection failure, a timeout, 408, 429 or 5xx. Other requests are sent once, never
    /// repeated. From 0 to 10; default 2.
    /// </summary>
    /// <exception cref="global::System.ArgumentOutOfRangeException">The value is below 0 or above 10.</exception>
    public int MaxRetries
    {
        get => _maxRetries;
        set => _maxRetries = value is >= 0 and <= 10
            ? value
            : throw new global::System.ArgumentOutOfRangeException(nameof(MaxRetries), value, "MaxRetries must be from 0 to 10.");
    }

    /// <summary>
    /// The pause before the first retry; it doubles for each later one, with jitter, and is never longer than
    /// <see cref="MaxRetryAfter"/>. From zero to 24.8 days; default 500 ms.
    /// </summary>
    /// <exception cref="global::System.ArgumentOutOfRangeException">The value is negative or longer than 24.8 days.</exception>
    public global::System.TimeSpan RetryDelay
    {
        get => _retryDelay;
        set => _retryDelay = CheckPause(value, nameof(RetryDelay));
    }

    /// <summary>
    /// The longest pause before a retry. A server whose <c>Retry-After</c> asks for longer is not waited for: the call
    /// ends at once with the error of that response. From zero to 24.8 days; default 30 seconds.
    /// </summary>
    /// <exception cref="global::System.ArgumentOutOfRangeException">The value is negative or longer than 24.8 days.</exception>
    public global::System.TimeSpan MaxRetryAfter
    {
        get => _maxRetryAfter;
        set => _maxRetryAfter = CheckPause(value, nameof(MaxRetryAfter));
    }

    /// <summary>
    /// How long one attempt may take, from sending the request to the last byte of the response body, before it counts
    /// as timed out (and is retried, if it is safe to repeat). Default 100 seconds; null, or
    /// <see cref="global::System.Threading.Timeout.InfiniteTimeSpan"/>, sets no limit of the client's own. The caller's
    /// cancellation token always wins.
    /// </summary>
    /// <exception cref="global::System.ArgumentOutOfRangeException">The value is zero, negative or longer than 24.8 days.</exception>
    public global::System.TimeSpan? Timeout
    {
        get => _timeout;
        set => _timeout = value is not { } limit || limit == global::System.Threading.Timeout.InfiniteTimeSpan || (limit > global::System.TimeSpan.Zero && limit <= s_longest)
            ? value
            : throw new global::System.ArgumentOutOfRangeException(nameof(Timeout), value, "Timeout must be longer than zero and at most 24.8 days, or null (or Timeout.InfiniteTimeSpan) for no limit.");
    }

    /// <summary>
    /// The largest response body the client reads, in bytes, counted after decompression. A larger one ends the call
    /// with <see cref="RuntimeApiException"/>, and is not retried; at most this much memory (about twice, while it
    /// grows) holds a body. Default 16 MiB.
    /// </summary>
    /// <remarks><see cref="int.MaxValue"/> means as large as a .NET array can be (2,147,483,591 bytes).</remarks>
    /// <exception cref="global::System.ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxResponseSize
    {
        get => _maxResponseSize;
        set => _maxResponseSize = value >= 1
            ? value
            : throw new global::System.ArgumentOutOfRangeException(nameof(MaxResponseSize), value, "MaxResponseSize must be at least 1 byte.");
    }

    /// <summary>A copy of these settings, to change without affecting the clients that use this instance.</summary>
    public RuntimeOptions Clone() => (RuntimeOptions)MemberwiseClone();

    private static global::System.TimeSpan CheckPause(global::System.TimeSpan value, string name)
        => value >= global::System.TimeSpan.Zero && value <= s_longest
            ? value
            : throw new global::System.ArgumentOutOfRangeException(name, value, name + " must be from zero to 24.8 days.");

    // A credential HTTP cannot carry is refused when set; the message says why, never what the credential is.
    private static string? CheckCredential(string? value, string name)
        => value is { Length: > 0 } && RuntimeClient.HeaderProblem(value) is { } problem
            ? throw new global::System.ArgumentException(name + " cannot be sent in a request: " + problem + ".", name)
            : value;
}
