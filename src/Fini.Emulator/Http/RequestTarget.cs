using System;
using System.Globalization;
using Fini.Emulator.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fini.Emulator.Http;

/// <summary>Checks of the request target that the routes' own parameter rules cannot make: its length and the query's encoding.</summary>
internal static class RequestTarget
{
    /// <summary>The longest path plus query the emulator takes, 8 KiB (Kestrel's default request-line limit); longer is 414.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>
    /// Kestrel's <c>MaxRequestLineSize</c>, 64 KiB: above the emulator's limit, so that a long target reaches the emulator
    /// and gets its 414 with the error body. Beyond it Kestrel answers 414 itself, without a body.
    /// </summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    /// <summary>Throws the 414 when the path and query, as sent, are longer than <see cref="MaxTargetBytes"/>.</summary>
    public static void CheckLength(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var length = target?.Length ?? (request.Path.ToUriComponent().Length + (request.QueryString.Value?.Length ?? 0));
        if (length > MaxTargetBytes)
        {
            throw new ApiException(414, string.Create(
                CultureInfo.InvariantCulture,
                $"The request target (path and query) is {length:N0} bytes long, over the emulator's limit of {MaxTargetBytes:N0}"));
        }
    }

    /// <summary>
    /// Throws a 400 for a query that is not well-formed: a <c>%</c> that starts no <c>%XX</c> escape, escapes that decode to
    /// bytes that are not UTF-8, or a NUL (<c>%00</c>). ASP.NET Core would let the first through as a literal <c>%</c> and
    /// turn the second into U+FFFD, so a filter would silently search for something the client never sent.
    /// </summary>
    public static void CheckQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return;
        }

        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            var name = Decode(rawName, pair, rawName);
            if (equals >= 0)
            {
                Decode(pair[(equals + 1)..], pair, name);
            }
        }
    }

    /// <summary>Percent-decodes one name or value and checks it; <paramref name="what"/> names it in messages.</summary>
    private static string Decode(string raw, string pair, string what)
    {
        var bytes = new byte[raw.Length];
        var count = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || !IsHex(raw[i + 1]) || !IsHex(raw[i + 2]))
                {
                    throw ApiException.BadRequest(
                        $"Invalid query string: {Wire.Quote(pair)} has a '%' that starts no percent-encoded byte (%XX); send a literal % as %25");
                }

                bytes[count++] = byte.Parse(raw.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                i += 2;
            }
            else if (c > 0x7F)
            {
                // Kestrel refuses raw non-ASCII bytes in the target itself; this is for any other server in front.
                throw ApiException.BadRequest($"Invalid query string: {Wire.Quote(pair)} holds a character that is not percent-encoded");
            }
            else
            {
                bytes[count++] = c == '+' ? (byte)' ' : (byte)c;
            }
        }

        var decoded = bytes.AsSpan(0, count);
        var invalid = Utf8Text.FirstInvalid(decoded);
        if (invalid >= 0)
        {
            var sequence = Utf8Text.Sequence(decoded[invalid..]);
            throw ApiException.BadRequest(
                $"Invalid query string: {Wire.Quote(what)} is not valid UTF-8 once percent-decoded: {Utf8Text.Hex(sequence)} is {Utf8Text.Describe(sequence)}");
        }

        if (decoded.Contains((byte)0))
        {
            throw ApiException.BadRequest($"Invalid query string: {Wire.Quote(what)} holds %00, a NUL character");
        }

        return System.Text.Encoding.UTF8.GetString(decoded);
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
