// FiniGen's client runtime, the JSON plumbing: Utf8JsonReader and Utf8JsonWriter only. Emitted into every client like
// Client.Transport.cs (see there); the generated models call these helpers.
#nullable enable

namespace FiniGen.Runtime;

/// <summary>
/// The JSON plumbing of the generated code: Utf8JsonReader and Utf8JsonWriter only, never the reflection paths of
/// JsonSerializer, so the client is trimming- and AOT-safe.
/// </summary>
[global::System.CodeDom.Compiler.GeneratedCode("FiniGen", "RUNTIME_VERSION")]
internal static partial class RuntimeJson
{
    /// <summary>Reads one value at the reader's current token.</summary>
    internal delegate T ReadFunc<T>(ref global::System.Text.Json.Utf8JsonReader reader);

    /// <summary>
    /// Reads a whole UTF-8 document with <paramref name="read"/> and rejects trailing content. A body that is not UTF-8
    /// (RFC 8259 requires it) is refused as a whole before it is read, so that no string read from it later can fail.
    /// </summary>
    internal static T Deserialize<T>(global::System.ReadOnlySpan<byte> utf8, ReadFunc<T> read)
    {
        if (global::System.MemoryExtensions.StartsWith(utf8, "\uFEFF"u8))
        {
            // RFC 8259, section 8.1: a parser may ignore a byte order mark; Utf8JsonReader does not.
            utf8 = utf8.Slice(3);
        }

        if (!global::System.Text.Unicode.Utf8.IsValid(utf8))
        {
            throw new global::System.Text.Json.JsonException("The body is not valid UTF-8: the byte at " + InvalidUtf8At(utf8).ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " starts no valid sequence.");
        }

        try
        {
            var reader = new global::System.Text.Json.Utf8JsonReader(utf8, new global::System.Text.Json.JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read())
            {
                throw new global::System.Text.Json.JsonException("The body is empty.");
            }

            var value = read(ref reader);
            if (reader.Read())
            {
                throw new global::System.Text.Json.JsonException("Unexpected content after the JSON value at byte " + reader.TokenStartIndex.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + ".");
            }

            return value;
        }
        catch (global::System.Exception exception) when (exception is global::System.InvalidOperationException or global::System.FormatException or global::System.OverflowException or global::System.ArgumentException)
        {
            // What Utf8JsonReader's getters throw on text they cannot convert; a body that does not match the contract.
            throw new global::System.Text.Json.JsonException(exception.Message, exception);
        }
    }

    private static int InvalidUtf8At(global::System.ReadOnlySpan<byte> utf8)
    {
        global::System.Span<char> chars = stackalloc char[512];
        var offset = 0;
        while (true)
        {
            var status = global::System.Text.Unicode.Utf8.ToUtf16(utf8.Slice(offset), chars, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != global::System.Buffers.OperationStatus.DestinationTooSmall)
            {
                return offset;
            }
        }
    }

    [global::System.ThreadStatic]
    private static global::System.Buffers.ArrayBufferWriter<byte>? __serializeBuffer;

    [global::System.ThreadStatic]
    private static global::System.Text.Json.Utf8JsonWriter? __serializeWriter;

    /// <summary>
    /// Writes <paramref name="value"/> with <paramref name="write"/> into a new UTF-8 array. The buffer and the writer
    /// are kept per thread and reused, as System.Text.Json does, so a call allocates little more than the array it
    /// returns.
    /// </summary>
    internal static byte[] Serialize<T>(T value, global::System.Action<global::System.Text.Json.Utf8JsonWriter, T> write)
    {
        // Taken rather than borrowed: a nested call on the same thread makes its own.
        var buffer = __serializeBuffer ?? new global::System.Buffers.ArrayBufferWriter<byte>(1024);
        var writer = __serializeWriter;
        __serializeBuffer = null;
        __serializeWriter = null;
        if (writer is null)
        {
            writer = new global::System.Text.Json.Utf8JsonWriter(buffer);
        }
        else
        {
            writer.Reset(buffer);
        }

        try
        {
            write(writer, value);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            writer.Reset();
            buffer.ResetWrittenCount();
            if (buffer.Capacity <= 1 << 20)
            {
                __serializeBuffer = buffer;
                __serializeWriter = writer;
            }
        }
    }

    /// <summary>
    /// <see cref="Serialize"/> for a request value: a value JSON cannot carry faithfully (see <see cref="WireException"/>)
    /// is the request-validation exception of <paramref name="operationId"/>, naming the member, before anything is sent.
    /// </summary>
    internal static byte[] SerializeRequest<T>(string operationId, string member, T value, global::System.Action<global::System.Text.Json.Utf8JsonWriter, T> write)
    {
        try
        {
            return Serialize(value, write);
        }
        catch (WireException exception)
        {
            throw new RuntimeValidationException(operationId, member + exception.MemberPath, exception.Value, "JSON", exception.Problem);
        }
        catch (global::System.Exception exception) when (exception is global::System.InvalidOperationException or global::System.ArgumentException)
        {
            // Utf8JsonWriter's own limits: nesting deeper than 1,000 levels (or a value that refers to itself), a string
            // longer than it can write.
            throw new RuntimeValidationException(operationId, member, "(not shown)", "JSON", "it cannot be written as JSON: " + exception.Message.TrimEnd('.'));
        }
    }

    /// <summary>
    /// A value the JSON writer would refuse or silently change: a lone surrogate (written as U+FFFD), a number that is not
    /// finite, a null where the contract allows none. It is a <see cref="global::System.Text.Json.JsonException"/>, so a
    /// System.Text.Json caller of the generated converters sees one.
    /// </summary>
    internal sealed class WireException : global::System.Text.Json.JsonException
    {
        public WireException(string value, string problem)
            : base(problem)
        {
            Value = value;
            Problem = problem;
        }

        /// <summary>The member path below the value being written, for example <c>.documents[2].title</c>.</summary>
        public string MemberPath { get; private set; } = string.Empty;

        public string Value { get; }

        public string Problem { get; }

        public override string Message => (MemberPath.Length == 0 ? string.Empty : MemberPath.TrimStart('.') + ": ") + Problem + ".";

        internal WireException Under(string segment)
        {
            MemberPath = segment + MemberPath;
            return this;
        }
    }

    /// <summary>Why <paramref name="value"/> cannot travel as Unicode text (a surrogate without its pair), or null.</summary>
    internal static string? TextProblem(string value)
    {
        var span = global::System.MemoryExtensions.AsSpan(value);
        var at = global::System.MemoryExtensions.IndexOfAnyInRange(span, '\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (char.IsHighSurrogate(span[at]) && at + 1 < span.Length && char.IsLowSurrogate(span[at + 1]))
            {
                var next = global::System.MemoryExtensions.IndexOfAnyInRange(span.Slice(at + 2), '\uD800', '\uDFFF');
                at = next < 0 ? -1 : at + 2 + next;
                continue;
            }

            return "it contains " + Describe(span[at]) + " at index " + at.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + " without its pair, which UTF-8 cannot encode (it would be sent as U+FFFD)";
        }

        return null;
    }

    /// <summary>A character for a message: <c>U+000D (carriage return)</c>.</summary>
    internal static string Describe(char c)
        => "U+" + ((int)c).ToString("X4", global::System.Globalization.CultureInfo.InvariantCulture) + c switch
        {
            '\r' => " (carriage return)",
            '\n' => " (line feed)",
            '\0' => " (NUL)",
            '\t' => " (tab)",
            ' ' => " (space)",
            '\u007f' => " (DEL)",
            _ when char.IsSurrogate(c) => " (a surrogate)",
            _ when c < ' ' => " (a control character)",
            _ when c > '~' => " (not ASCII)",
            _ => string.Empty,
        };

    /// <summary>A value for a message: control characters, surrogates and non-ASCII escaped as <c>\uXXXX</c>, at most 200 characters.</summary>
    internal static string Printable(string value)
    {
        var builder = new global::System.Text.StringBuilder();
        foreach (var c in value)
        {
            if (builder.Length >= 200)
            {
                return builder.Append('…').ToString();
            }

            if (c < ' ' || c > '~')
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", global::System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary><paramref name="value"/>, if it can travel as text; else the request-validation exception of <paramref name="operationId"/>.</summary>
    internal static string Text(string operationId, string member, string? value)
        => value is null ? throw new RuntimeValidationException(operationId, member, "null", "text", NoNull)
            : TextProblem(value) is { } problem ? throw new RuntimeValidationException(operationId, member, Printable(value), "Unicode text", problem)
            : value;

    /// <summary><paramref name="value"/>, if it is a finite number; else the request-validation exception of <paramref name="operationId"/>.</summary>
    internal static double Number(string operationId, string member, double value)
        => double.IsFinite(value) ? value : throw new RuntimeValidationException(operationId, member, value.ToString(global::System.Globalization.CultureInfo.InvariantCulture), "number", NotFinite);

    /// <summary><paramref name="value"/>, if it is a finite number; else the request-validation exception of <paramref name="operationId"/>.</summary>
    internal static float Number(string operationId, string member, float value)
        => float.IsFinite(value) ? value : throw new RuntimeValidationException(operationId, member, value.ToString(global::System.Globalization.CultureInfo.InvariantCulture), "number", NotFinite);

    private const string NotFinite = "JSON has no NaN or infinite numbers";

    private const string NoNull = "it is null, which the contract does not allow here";

    internal static void WriteString(global::System.Text.Json.Utf8JsonWriter writer, string? value, string? member)
    {
        if (value is null)
        {
            throw At(new WireException("null", NoNull), member);
        }

        if (TextProblem(value) is { } problem)
        {
            throw At(new WireException(Printable(value), problem), member);
        }

        writer.WriteStringValue(value);
    }

    internal static void WriteNumber(global::System.Text.Json.Utf8JsonWriter writer, double value, string? member)
    {
        if (!double.IsFinite(value))
        {
            throw At(new WireException(value.ToString(global::System.Globalization.CultureInfo.InvariantCulture), NotFinite), member);
        }

        writer.WriteNumberValue(value);
    }

    internal static void WriteNumber(global::System.Text.Json.Utf8JsonWriter writer, float value, string? member)
    {
        if (!float.IsFinite(value))
        {
            throw At(new WireException(value.ToString(global::System.Globalization.CultureInfo.InvariantCulture), NotFinite), member);
        }

        writer.WriteNumberValue(value);
    }

    internal static void WriteBytes(global::System.Text.Json.Utf8JsonWriter writer, byte[]? value, string? member)
    {
        if (value is null)
        {
            throw At(new WireException("null", NoNull), member);
        }

        writer.WriteBase64StringValue(value);
    }

    internal static void WriteAny(global::System.Text.Json.Utf8JsonWriter writer, global::System.Text.Json.JsonElement value, string? member)
    {
        if (value.ValueKind == global::System.Text.Json.JsonValueKind.Undefined)
        {
            throw At(new WireException("default(JsonElement)", "it holds no JSON value (default(JsonElement))"), member);
        }

        value.WriteTo(writer);
    }

    internal static void WriteObject<T>(global::System.Text.Json.Utf8JsonWriter writer, T? value, global::System.Action<global::System.Text.Json.Utf8JsonWriter, T> write, string? member)
        where T : class
    {
        if (value is null)
        {
            throw At(new WireException("null", NoNull), member);
        }

        try
        {
            write(writer, value);
        }
        catch (WireException exception) when (member is not null)
        {
            throw At(exception, member);
        }
    }

    /// <summary>Writes one member whose name is data (a map key, a member the contract does not declare); the name is checked like any text.</summary>
    internal static void WriteMember<T>(global::System.Text.Json.Utf8JsonWriter writer, string name, T value, global::System.Action<global::System.Text.Json.Utf8JsonWriter, T> writeValue)
    {
        if (TextProblem(name) is { } problem)
        {
            throw new WireException(Printable(name), "its name " + problem).Under(Segment(name));
        }

        writer.WritePropertyName(name);
        try
        {
            writeValue(writer, value);
        }
        catch (WireException exception)
        {
            throw exception.Under(Segment(name));
        }
    }

    private static string Segment(string name) => "[\"" + Printable(name) + "\"]";

    private static WireException At(WireException exception, string? member)
        => member is null ? exception : exception.Under("." + member);

    internal static string ReadString(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.String ? reader.GetString()! : throw Unexpected(ref reader, "a string");

    internal static bool ReadBoolean(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType switch
        {
            global::System.Text.Json.JsonTokenType.True => true,
            global::System.Text.Json.JsonTokenType.False => false,
            _ => throw Unexpected(ref reader, "true or false"),
        };

    internal static int ReadInt32(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Unexpected(ref reader, "a 32-bit integer");

    internal static long ReadInt64(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Unexpected(ref reader, "a 64-bit integer");

    // A JSON number beyond the type's range (1e400) would read as infinity: that is not the number the server sent.
    internal static float ReadSingle(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.Number && reader.TryGetSingle(out var value) && float.IsFinite(value) ? value : throw Unexpected(ref reader, "a number within the range of float");

    internal static double ReadDouble(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.Number && reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw Unexpected(ref reader, "a number within the range of double");

    internal static decimal ReadDecimal(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.Number && reader.TryGetDecimal(out var value) ? value : throw Unexpected(ref reader, "a decimal number");

    internal static global::System.DateTimeOffset ReadDateTimeOffset(ref global::System.Text.Json.Utf8JsonReader reader)
    {
        if (reader.TokenType == global::System.Text.Json.JsonTokenType.String)
        {
            if (reader.TryGetDateTimeOffset(out var value))
            {
                return value;
            }

            // Servers often send RFC 3339 forms that the strict ISO 8601 profile of Utf8JsonReader refuses.
            if (global::System.DateTimeOffset.TryParse(reader.GetString(), global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.RoundtripKind, out value))
            {
                return value;
            }
        }

        throw Unexpected(ref reader, "an ISO 8601 date-time string");
    }

    internal static global::System.DateOnly ReadDate(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.String && global::System.DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.None, out var value)
            ? value
            : throw Unexpected(ref reader, "a yyyy-MM-dd date string");

    internal static byte[] ReadBytes(ref global::System.Text.Json.Utf8JsonReader reader)
        => reader.TokenType == global::System.Text.Json.JsonTokenType.String && reader.TryGetBytesFromBase64(out var value) ? value : throw Unexpected(ref reader, "a base64 string");

    internal static global::System.Collections.Generic.IList<T> ReadList<T>(ref global::System.Text.Json.Utf8JsonReader reader, ReadFunc<T> readItem)
    {
        if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartArray)
        {
            throw Unexpected(ref reader, "an array");
        }

        var list = new global::System.Collections.Generic.List<T>();
        while (reader.Read() && reader.TokenType != global::System.Text.Json.JsonTokenType.EndArray)
        {
            list.Add(readItem(ref reader));
        }

        return list;
    }

    internal static global::System.Collections.Generic.IDictionary<string, T> ReadMap<T>(ref global::System.Text.Json.Utf8JsonReader reader, ReadFunc<T> readValue)
    {
        if (reader.TokenType != global::System.Text.Json.JsonTokenType.StartObject)
        {
            throw Unexpected(ref reader, "an object");
        }

        var map = new global::System.Collections.Generic.Dictionary<string, T>(global::System.StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != global::System.Text.Json.JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            map[key] = readValue(ref reader);
        }

        return map;
    }

    internal static void WriteList<T>(global::System.Text.Json.Utf8JsonWriter writer, global::System.Collections.Generic.IList<T>? values, global::System.Action<global::System.Text.Json.Utf8JsonWriter, T> writeItem, string? member)
    {
        if (values is null)
        {
            throw At(new WireException("null", NoNull), member);
        }

        writer.WriteStartArray();
        for (var i = 0; i < values.Count; i++)
        {
            try
            {
                writeItem(writer, values[i]);
            }
            catch (WireException exception)
            {
                throw At(exception.Under("[" + i.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + "]"), member);
            }
        }

        writer.WriteEndArray();
    }

    internal static void WriteMap<T>(global::System.Text.Json.Utf8JsonWriter writer, global::System.Collections.Generic.IDictionary<string, T>? values, global::System.Action<global::System.Text.Json.Utf8JsonWriter, T> writeValue, string? member)
    {
        if (values is null)
        {
            throw At(new WireException("null", NoNull), member);
        }

        writer.WriteStartObject();
        foreach (var pair in values)
        {
            try
            {
                WriteMember(writer, pair.Key, pair.Value, writeValue);
            }
            catch (WireException exception) when (member is not null)
            {
                throw At(exception, member);
            }
        }

        writer.WriteEndObject();
    }

    internal static global::System.Text.Json.JsonException Unexpected(ref global::System.Text.Json.Utf8JsonReader reader, string expected)
        => new("Expected " + expected + " but found " + reader.TokenType.ToString() + " at byte " + reader.TokenStartIndex.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + ".");

    internal static global::System.Text.Json.JsonException MissingRequired(string type, string member)
        => new("The required member '" + member + "' of " + type + " is missing.");
}
