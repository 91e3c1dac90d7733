// FiniGen's client runtime, part two: what keeps the credential in and hostile values off the wire. Emitted into every
// client like Client.Transport.cs (see there); the client part supplies Credential, CredentialName and ApplyCredential.
#nullable enable

namespace FiniGen.Runtime;

partial class RuntimeClient
{
    /// <summary>
    /// <paramref name="body"/> with every occurrence of <paramref name="secret"/> replaced by <c>***</c>, or the same array
    /// when there is none. An occurrence may spell any of its characters in an escaped form a server might echo it in:
    /// a JSON escape (<c>\u0066</c>, <c>\/</c>), percent-encoding (<c>%66</c>) or an HTML character reference
    /// (<c>&amp;#102;</c>). Only error paths call this: a successful body is the caller's data, and is never altered.
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
            for (var i = 0; i < span.Length; i++)
            {
                if (MatchesAt(span, i, secret!) is { } end)
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

    /// <summary><paramref name="text"/> with the credential replaced by <c>***</c> in any of the forms <see cref="Redact"/> knows.</summary>
    private static string? RedactText(string? text, string? secret)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret))
        {
            return text;
        }

        var bytes = global::System.Text.Encoding.UTF8.GetBytes(text!);
        var redacted = Redact(bytes, secret);
        return ReferenceEquals(redacted, bytes) ? text : global::System.Text.Encoding.UTF8.GetString(redacted);
    }

    // Where the credential ends if it starts at body[start], each character written as itself or escaped; else null.
    private static int? MatchesAt(global::System.ReadOnlySpan<byte> body, int start, string secret)
    {
        var position = start;
        foreach (var expected in secret)
        {
            if (position >= body.Length || !TryDecode(body, position, out var unit, out var length) || unit != expected)
            {
                return null;
            }

            position += length;
        }

        return position;
    }

    // One character of the body at index: a JSON escape, a percent-escape, an HTML character reference, or the byte itself.
    private static bool TryDecode(global::System.ReadOnlySpan<byte> body, int index, out int unit, out int length)
    {
        var b = body[index];
        unit = b;
        length = 1;
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

        if (b == '%' && index + 2 < body.Length && TryHex(body.Slice(index + 1, 2), out var escaped))
        {
            unit = escaped;
            length = 3;
            return true;
        }

        if (b == '&' && index + 3 < body.Length && body[index + 1] == '#')
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

            if (end > digits && end < body.Length && body[end] == ';')
            {
                unit = value;
                length = end + 1 - index;
                return true;
            }
        }

        return true;
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
