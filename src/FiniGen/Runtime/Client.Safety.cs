// FiniGen's client runtime, part two: what keeps the credential in and hostile values off the wire. Emitted into every
// client like Client.Transport.cs (see there); the client part supplies Credential, CredentialName and ApplyCredential.
#nullable enable

namespace FiniGen.Runtime;

partial class RuntimeClient
{
    /// <summary>
    /// <paramref name="body"/> with every occurrence of <paramref name="secret"/> replaced by <c>***</c>, or the same array
    /// when there is none. Each character of an occurrence may be written as itself or in an escaped form a server
    /// might echo it in: a JSON escape (<c>\u0066</c>, <c>\/</c>), percent-encoding (<c>%66</c>) or an HTML character
    /// reference (<c>&amp;#102;</c>, <c>&amp;lowbar;</c>). Only error paths call this: a successful body is the caller's
    /// data, and is never altered. The bytes are searched in place; only a body that holds the credential is copied.
    /// </summary>
    private static byte[] Redact(byte[] body, string? secret)
    {
        if (string.IsNullOrEmpty(secret) || body.Length == 0)
        {
            return body;
        }

        global::System.Collections.Generic.List<(int Start, int End)>? hits = null;
        var span = new global::System.ReadOnlySpan<byte>(body);
        if (global::System.MemoryExtensions.IndexOfAny(span, (byte)'\\', (byte)'%', (byte)'&') < 0)
        {
            // Nothing escaped: a plain (vectorized) search for the credential's bytes.
            var literal = global::System.Text.Encoding.UTF8.GetBytes(secret!);
            for (var from = 0; ;)
            {
                var at = global::System.MemoryExtensions.IndexOf(span.Slice(from), new global::System.ReadOnlySpan<byte>(literal));
                if (at < 0)
                {
                    break;
                }

                (hits ??= new()).Add((from + at, from + at + literal.Length));
                from += at + literal.Length;
            }
        }
        else
        {
            var current = new int[16];
            var next = new int[16];
            for (var i = 0; i < span.Length; i++)
            {
                if (MatchesAt(span, i, secret!, ref current, ref next) is { } end)
                {
                    (hits ??= new()).Add((i, end));
                    i = end - 1;
                }
            }
        }

        if (hits is null)
        {
            return body;
        }

        var output = new global::System.IO.MemoryStream(body.Length);
        var position = 0;
        foreach (var (start, end) in hits)
        {
            output.Write(body, position, start - position);
            output.Write("***"u8);
            position = end;
        }

        output.Write(body, position, body.Length - position);
        return output.ToArray();
    }

    /// <summary>
    /// <paramref name="text"/> with the credential replaced by <c>***</c> in any of the forms <see cref="Redact"/> knows,
    /// and, since this is a message rather than data, in any letter case and as the dash-separated hex .NET writes bytes
    /// in (<c>66-69-6E-69</c>).
    /// </summary>
    private static string? RedactText(string? text, string? secret)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret))
        {
            return text;
        }

        var bytes = global::System.Text.Encoding.UTF8.GetBytes(text!);
        var redacted = Redact(bytes, secret);
        var result = ReferenceEquals(redacted, bytes) ? text! : global::System.Text.Encoding.UTF8.GetString(redacted);
        result = result.Replace(secret!, "***", global::System.StringComparison.OrdinalIgnoreCase);
        return result.Replace(global::System.BitConverter.ToString(global::System.Text.Encoding.UTF8.GetBytes(secret!)), "***", global::System.StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Where the credential ends if it starts at <paramref name="start"/>, each character written as itself or escaped;
    /// else null. Both readings of an escape-like sequence are followed at once (a credential may itself hold
    /// <c>%41</c>), so this is a small automaton over the positions reachable so far, not a backtracking search.
    /// </summary>
    private static int? MatchesAt(global::System.ReadOnlySpan<byte> body, int start, string secret, ref int[] current, ref int[] next)
    {
        var count = 1;
        current[0] = start;
        foreach (var expected in secret)
        {
            var nextCount = 0;
            for (var k = 0; k < count; k++)
            {
                var p = current[k];
                if (p >= body.Length)
                {
                    continue;
                }

                if (body[p] == expected)
                {
                    Add(ref next, ref nextCount, p + 1);
                }

                if (TryDecodeEscape(body, p, out var unit, out var length) && unit == expected)
                {
                    Add(ref next, ref nextCount, p + length);
                }
            }

            if (nextCount == 0)
            {
                return null;
            }

            (current, next) = (next, current);
            count = nextCount;
        }

        var end = current[0];
        for (var k = 1; k < count; k++)
        {
            end = global::System.Math.Max(end, current[k]);
        }

        return end;

        static void Add(ref int[] positions, ref int used, int position)
        {
            for (var k = 0; k < used; k++)
            {
                if (positions[k] == position)
                {
                    return;
                }
            }

            if (used == positions.Length)
            {
                global::System.Array.Resize(ref positions, positions.Length * 2);
            }

            positions[used++] = position;
        }
    }

    // The character an escape at index stands for: a JSON escape, a percent-escape or an HTML character reference.
    private static bool TryDecodeEscape(global::System.ReadOnlySpan<byte> body, int index, out int unit, out int length)
    {
        var b = body[index];
        unit = 0;
        length = 0;
        if (b == '\\' && index + 1 < body.Length)
        {
            var next = body[index + 1];
            if (next == 'u' && index + 5 < body.Length && TryHex(body.Slice(index + 2, 4), out unit))
            {
                length = 6;
                return true;
            }

            unit = next switch
            {
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                _ => next,
            };
            length = 2;
            return true;
        }

        if (b == '%' && index + 2 < body.Length && TryHex(body.Slice(index + 1, 2), out unit))
        {
            length = 3;
            return true;
        }

        if (b != '&' || index + 2 >= body.Length)
        {
            return false;
        }

        if (body[index + 1] == '#')
        {
            var hex = body[index + 2] is (byte)'x' or (byte)'X';
            var digits = index + (hex ? 3 : 2);
            var end = digits;
            var value = 0;
            while (end < body.Length && end - digits < 7 && (hex ? HexDigit(body[end]) >= 0 : body[end] is >= (byte)'0' and <= (byte)'9'))
            {
                value = (value * (hex ? 16 : 10)) + (hex ? HexDigit(body[end]) : body[end] - '0');
                end++;
            }

            if (end == digits)
            {
                return false;
            }

            // HTML reads a character reference without its semicolon too.
            unit = value;
            length = end < body.Length && body[end] == ';' ? end + 1 - index : end - index;
            return true;
        }

        var close = global::System.MemoryExtensions.IndexOf(body.Slice(index + 1, global::System.Math.Min(8, body.Length - index - 1)), (byte)';');
        if (close <= 0)
        {
            return false;
        }

        unit = global::System.Text.Encoding.ASCII.GetString(body.Slice(index + 1, close)) switch
        {
            "amp" => '&', "lt" => '<', "gt" => '>', "quot" => '"', "apos" => '\'', "lowbar" => '_', "sol" => '/',
            "equals" => '=', "plus" => '+', "period" => '.', "colon" => ':', "commat" => '@', "percnt" => '%', "num" => '#',
            "excl" => '!', "quest" => '?', "dollar" => '$', "ast" => '*', "comma" => ',', "semi" => ';', "lpar" => '(', "rpar" => ')',
            _ => -1,
        };
        length = close + 2;
        return unit >= 0;
    }

    private static bool TryHex(global::System.ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            var d = HexDigit(digit);
            if (d < 0)
            {
                return false;
            }

            value = (value * 16) + d;
        }

        return true;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Refuses a credential that HTTP cannot carry, naming the problem but never the credential itself.</summary>
    private static void CheckCredential(string operationId, string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && HeaderProblem(secret!) is { } problem)
        {
            throw new RuntimeValidationException(operationId, CredentialName, "***", "HTTP header value", problem);
        }
    }

    /// <summary><paramref name="value"/>, if HTTP allows it as a header value; else the request-validation exception, before anything is sent.</summary>
    private static string HeaderValue(string operationId, string name, string value)
        => HeaderProblem(value) is { } problem
            ? throw new RuntimeValidationException(operationId, name, RuntimeJson.Printable(value), "HTTP header value", problem)
            : value;

    /// <summary>
    /// Why <paramref name="value"/> is not an HTTP field value (RFC 9110, section 5.5): only tab, space and visible ASCII
    /// are allowed, and no whitespace at either end (a server would strip it). Null when it is one.
    /// </summary>
    internal static string? HeaderProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\t' && (c < ' ' || c > '~'))
            {
                return "it contains " + RuntimeJson.Describe(c) + " at index " + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + ", which HTTP does not allow in a header value";
            }
        }

        if (value.Length > 0 && value[0] is ' ' or '\t')
        {
            return "it starts with " + RuntimeJson.Describe(value[0]) + ", which HTTP would strip from a header value";
        }

        return value.Length > 0 && value[value.Length - 1] is ' ' or '\t'
            ? "it ends with " + RuntimeJson.Describe(value[value.Length - 1]) + ", which HTTP would strip from a header value"
            : null;
    }

    /// <summary>
    /// <paramref name="uri"/> with the query parameter <paramref name="name"/> set to <paramref name="value"/> alone: any
    /// occurrence already there (a redirect's Location that kept the incoming query) is replaced, not doubled.
    /// </summary>
    private static global::System.Uri WithQueryParameter(global::System.Uri uri, string name, string value)
    {
        var builder = new global::System.Text.StringBuilder();
        var query = uri.Query.Length > 0 ? uri.Query.Substring(1) : string.Empty;
        foreach (var pair in query.Split('&'))
        {
            var key = pair.Split('=')[0];
            if (pair.Length == 0 || string.Equals(global::System.Uri.UnescapeDataString(key.Replace('+', ' ')), name, global::System.StringComparison.Ordinal))
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? string.Empty : "&").Append(pair);
        }

        builder.Append(builder.Length == 0 ? string.Empty : "&").Append(global::System.Uri.EscapeDataString(name)).Append('=').Append(global::System.Uri.EscapeDataString(value));
        return new global::System.UriBuilder(uri) { Query = builder.ToString() }.Uri;
    }

    /// <summary>
    /// A path segment made from parameters, if it still names the resource the contract means: an empty segment, or
    /// <c>.</c> or <c>..</c>, would address another one (<c>DELETE /users/..</c> is <c>DELETE /</c>).
    /// </summary>
    private static string PathSegment(string operationId, string member, string segment)
        => segment is "" or "." or ".."
            ? throw new RuntimeValidationException(operationId, member, segment, "URL path segment", segment.Length == 0
                ? "it makes an empty path segment, which would address another resource"
                : "it makes the path segment '" + segment + "', which URLs resolve to another resource")
            : segment;
}
