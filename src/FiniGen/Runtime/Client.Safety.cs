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

        var span = new global::System.ReadOnlySpan<byte>(body);
        var hex = global::System.Text.Encoding.ASCII.GetBytes(global::System.BitConverter.ToString(global::System.Text.Encoding.UTF8.GetBytes(secret!)));

        // Where a match can start: the credential's first letter in either case, an escape, or its hex form's first digit.
        var first = (byte)secret![0];
        global::System.ReadOnlySpan<byte> starts = new[] { Lower(first), Upper(first), (byte)'\\', (byte)'%', (byte)'&', Lower(hex[0]), Upper(hex[0]) };
        var current = new int[16];
        var next = new int[16];
        global::System.IO.MemoryStream? output = null;
        var copied = 0;
        for (var i = 0; i < span.Length;)
        {
            var skip = global::System.MemoryExtensions.IndexOfAny(span.Slice(i), starts);
            if (skip < 0)
            {
                break;
            }

            i += skip;
            var end = MatchesAt(span, i, secret, ref current, ref next) ?? MatchesHex(span, i, hex);
            if (end is null)
            {
                i++;
                continue;
            }

            output ??= new global::System.IO.MemoryStream(body.Length);
            output.Write(body, copied, i - copied);
            output.Write("***"u8);
            copied = end.Value;
            i = end.Value;
        }

        if (output is null)
        {
            return body;
        }

        output.Write(body, copied, body.Length - copied);
        return output.ToArray();
    }

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;

    private static byte Upper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (byte)(b - 32) : b;

    private static bool SameLetter(int unit, char expected) => unit == expected || (unit < 128 && expected < 128 && Lower((byte)unit) == Lower((byte)expected));

    // Where the credential's bytes in .NET's dash-separated hex (66-69-6E-69) end if they start at start, in either case.
    private static int? MatchesHex(global::System.ReadOnlySpan<byte> body, int start, byte[] hex)
    {
        if (body.Length - start < hex.Length)
        {
            return null;
        }

        for (var k = 0; k < hex.Length; k++)
        {
            if (Lower(body[start + k]) != Lower(hex[k]))
            {
                return null;
            }
        }

        return start + hex.Length;
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

                if (SameLetter(body[p], expected))
                {
                    Add(ref next, ref nextCount, p + 1);
                }

                if (TryDecodeEscape(body, p, out var unit, out var length) && SameLetter(unit, expected))
                {
                    Add(ref next, ref nextCount, p + length);
                }

                // A percent-escape whose '%' is JSON-escaped (\u00255F): a value percent-encoded, then put in JSON.
                if (length == 6 && unit == '%' && p + 7 < body.Length && TryHex(body.Slice(p + 6, 2), out var twice) && SameLetter(twice, expected))
                {
                    Add(ref next, ref nextCount, p + 8);
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
            while (end < body.Length && end - digits < 12 && value < 0x110000 && (hex ? HexDigit(body[end]) >= 0 : body[end] is >= (byte)'0' and <= (byte)'9'))
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
    /// A 128-bit fingerprint of <paramref name="value"/> (two FNV-1a hashes with different bases), for sets that must
    /// stay small whatever the values' length: the page walker's items and cursors.
    /// </summary>
    private static (ulong, ulong) Fingerprint(string value)
    {
        var a = 14695981039346656037UL;
        var b = 9650029242287828579UL;
        foreach (var c in value)
        {
            a = (a ^ c) * 1099511628211UL;
            b = (b ^ c) * 1099511628211UL;
            b ^= b >> 29;
        }

        return (a ^ (ulong)value.Length, b);
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
