using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Fini.Emulator.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Fini.Emulator.Http;

/// <summary>A request's JSON object body, read with <see cref="JsonDocument"/> (no reflection), with typed, validating accessors.</summary>
internal sealed class JsonBody : IDisposable
{
    /// <summary>The largest request body the emulator takes, 16 MiB: a larger one is 413, whether announced by Content-Length or found on the way.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Kestrel's <c>MaxRequestBodySize</c>, 64 MiB. Not the emulator's limit: after a 413, Kestrel reads and discards the
    /// rest of a body up to this size, so that a client that is still sending gets to read the answer instead of a reset.
    /// </summary>
    public const long DrainBytes = 4 * MaxBodyBytes;

    /// <summary>The deepest nesting of arrays and objects the reader takes (System.Text.Json's default); deeper is 400.</summary>
    public const int MaxDepth = 64;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private readonly JsonDocument _document;

    private JsonBody(JsonDocument document)
    {
        _document = document;
    }

    public JsonElement Root => _document.RootElement;

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        CheckContentType(request);
        if (request.ContentLength is long announced && announced > MaxBodyBytes)
        {
            throw TooLarge(string.Create(CultureInfo.InvariantCulture, $": its Content-Length announces {announced:N0}"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            while (await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false) is var read and > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw TooLarge(string.Empty); // a chunked body, on its way
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while the body arrives: too slow, badly chunked, or ended early (the client closed its side,
            // and Kestrel resets the connection, so there is nobody to answer).
            throw e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => TooLarge(string.Empty),
                StatusCodes.Status408RequestTimeout => new ApiException(408, "Invalid request body: it stopped arriving (Kestrel wants 240 bytes a second after the first 5 seconds)"),
                _ when EndedEarly(request, buffer.Length, e) => new ClientGoneException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The client closed the connection after {buffer.Length:N0} bytes of the body"), e),
                _ => ApiException.BadRequest($"Invalid request body: {e.Message.TrimEnd('.')}"),
            };
        }

        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Parses a whole body: UTF-8 without a byte order mark, well-formed JSON at most <see cref="MaxDepth"/> deep, an object.</summary>
    internal static JsonBody Parse(ReadOnlyMemory<byte> body)
    {
        var bytes = body.Span;
        if (bytes.IsEmpty)
        {
            throw ApiException.BadRequest("Invalid request body: a JSON object is required (the body is empty)");
        }

        if (bytes.StartsWith(Bom))
        {
            throw ApiException.BadRequest("Invalid request body: it starts with a UTF-8 byte order mark (EF BB BF); send the JSON without one");
        }

        var invalid = Utf8Text.FirstInvalid(bytes);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            if (invalid >= 0)
            {
                throw NotUtf8(bytes, invalid, member: null); // the bytes are the problem, whatever the reader made of them
            }

            var where = e.LineNumber is long line && e.BytePositionInLine is long column
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {column + 1})")
                : string.Empty;
            throw ApiException.BadRequest($"Invalid request body: malformed JSON{where}: {ReaderReason(e)}");
        }

        try
        {
            if (invalid >= 0)
            {
                // Well-formed JSON but not UTF-8: the reader lets such bytes through inside strings. Name the member.
                throw NotUtf8(bytes, invalid, FindString(document.RootElement, string.Empty, bytes, invalid));
            }

            CheckEscapes(document.RootElement, string.Empty);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.BadRequest("Invalid request body: expected a JSON object");
            }
        }
        catch
        {
            document.Dispose();
            throw;
        }

        return new JsonBody(document);
    }

    /// <summary>Whether the body ended before its Content-Length, or before its last chunk (Kestrel says "Unexpected end of request content").</summary>
    private static bool EndedEarly(HttpRequest request, long received, BadHttpRequestException e) =>
        request.ContentLength is long length
            ? received < length
            : e.Message.StartsWith("Unexpected end of request content", StringComparison.Ordinal);

    private static ApiException TooLarge(string detail) => new(413, string.Create(
        CultureInfo.InvariantCulture,
        $"Invalid request body: larger than the emulator's limit of 16 MiB ({MaxBodyBytes:N0} bytes){detail}"));

    private static void CheckContentType(HttpRequest request)
    {
        var sent = request.ContentType;
        if (!request.HasJsonContentType())
        {
            throw ApiException.BadRequest(sent is null
                ? "Invalid request body: Content-Type must be application/json (none was sent)"
                : $"Invalid request body: Content-Type must be application/json, not {Wire.Quote(sent)}");
        }

        if (MediaTypeHeaderValue.TryParse(sent, out var mediaType) && mediaType.Charset.HasValue
            && !mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !mediaType.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.BadRequest($"Invalid request body: JSON is UTF-8, so the charset of Content-Type must be utf-8 or absent, not {Wire.Quote(mediaType.Charset.ToString())}");
        }
    }

    /// <summary>The reader's own words for what is wrong, without the position it appends (the message gives it already).</summary>
    private static string ReaderReason(JsonException e)
    {
        var message = e.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (position >= 0 ? message[..position] : message).TrimEnd().TrimEnd('.');
    }

    private static ApiException NotUtf8(ReadOnlySpan<byte> body, int offset, string? member)
    {
        var line = body[..offset].Count((byte)'\n') + 1;
        var column = offset - (body[..offset].LastIndexOf((byte)'\n') + 1) + 1;
        var sequence = Utf8Text.Sequence(body[offset..]);
        var where = member is null ? string.Empty : ", in " + member;
        return ApiException.BadRequest(string.Create(
            CultureInfo.InvariantCulture,
            $"Invalid request body: not valid UTF-8 (line {line}, byte {column}{where}): {Utf8Text.Hex(sequence)} is {Utf8Text.Describe(sequence)}"));
    }

    /// <summary>The member whose name or string value holds the byte at <paramref name="offset"/> of the body, as messages name members.</summary>
    private static string? FindString(JsonElement element, string path, ReadOnlySpan<byte> body, int offset)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (Holds(body, JsonMarshal.GetRawUtf8PropertyName(property), offset))
                    {
                        return path.Length == 0 ? "a member name" : "a member name of " + path;
                    }

                    if (FindString(property.Value, Member(path, property.Name), body, offset) is string found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindString(item, Item(path, index++), body, offset) is string found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.String:
                return Holds(body, JsonMarshal.GetRawUtf8Value(element), offset) ? (path.Length == 0 ? "the string" : path) : null;
            default:
                return null;
        }
    }

    private static bool Holds(ReadOnlySpan<byte> body, ReadOnlySpan<byte> part, int offset) =>
        body.Overlaps(part, out var start) && offset >= start && offset < start + part.Length;

    /// <summary>
    /// Rejects escapes that are well-formed JSON but no Unicode text: a lone UTF-16 surrogate (<c>\ud800</c>), which
    /// the reader only refuses when the string is read.
    /// </summary>
    private static void CheckEscapes(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw LoneSurrogate(path.Length == 0 ? "a member name" : "a member name of " + path);
                    }

                    CheckEscapes(property.Value, Member(path, name));
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckEscapes(item, Item(path, index++));
                }

                break;
            case JsonValueKind.String when JsonMarshal.GetRawUtf8Value(element).Contains((byte)'\\'):
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw LoneSurrogate(path.Length == 0 ? "the string" : path);
                }

                break;
        }
    }

    private static ApiException LoneSurrogate(string member) =>
        ApiException.BadRequest($"Invalid request body: {member} holds an escaped UTF-16 surrogate without its pair (such as \\ud800), which is no Unicode text");

    private static string Member(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private static string Item(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    public void Dispose() => _document.Dispose();

    /// <summary>The member's value; absent and JSON <c>null</c> both count as not set.</summary>
    public bool TryGet(string name, out JsonElement value) =>
        Root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw ApiException.BadRequest($"{name} must be a string");
    }

    public bool? OptionalBoolean(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"{name} must be a boolean"),
        };
    }

    /// <summary>An optional integer of at least 1.</summary>
    public int? OptionalLimit(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw ApiException.BadRequest($"{name} must be an integer");
        }

        return number >= 1 ? number : throw ApiException.BadRequest($"{name} must be at least 1");
    }

    /// <summary>An optional array of strings; <see langword="null"/> when absent.</summary>
    public IReadOnlyList<string>? OptionalStringArray(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest($"{name} must be an array of strings");
        }

        var items = new List<string>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                throw ApiException.BadRequest($"{name}[{index}] must be a string");
            }

            items.Add(item.GetString()!);
            index++;
        }

        return items;
    }

    /// <summary>A required, non-empty array of strings.</summary>
    public IReadOnlyList<string> RequiredStringArray(string name, string what)
    {
        var items = OptionalStringArray(name);
        if (items is null)
        {
            throw ApiException.BadRequest($"{name} is required: a non-empty array of {what}");
        }

        return items.Count > 0 ? items : throw ApiException.BadRequest($"{name} must not be empty: send at least one of the {what}");
    }
}
