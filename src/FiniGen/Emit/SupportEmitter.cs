using FiniGen.Common;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Emits the contract-wide types: client options, the API exception and the JSON helpers.</summary>
internal static class SupportEmitter
{
    public static void EmitOptions(EmitContext context, SourceWriter writer)
    {
        var header = context.Header;
        context.WriteFileHeader(writer);
        writer.WriteLine("/// <summary>Settings for <see cref=\"" + context.Client + "\"/>.</summary>");
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("public sealed partial class " + context.OptionsName);
        writer.OpenBlock();
        writer.WriteLine("/// <summary>The first server the contract lists" + (header.DefaultBaseAddress is null ? "; the contract names none with an absolute URL." : ": <c>" + DocComments.Text(header.DefaultBaseAddress) + "</c>.") + "</summary>");
        writer.WriteLine("public static " + EmitContext.Uri + "? DefaultBaseAddress { get; } = " + (header.DefaultBaseAddress is null ? "null;" : "new " + EmitContext.Uri + "(" + Naming.StringLiteral(header.DefaultBaseAddress) + ");"));
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// The address requests go to. When null, the <see cref=\"global::System.Net.Http.HttpClient.BaseAddress\"/> of the client's");
        writer.WriteLine("/// <see cref=\"global::System.Net.Http.HttpClient\"/> is used, then <see cref=\"DefaultBaseAddress\"/>.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("public " + EmitContext.Uri + "? BaseAddress { get; set; }");
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// Whether the client checks each request against the contract's rules (formats, enums, list sizes, bounds, and the");
        writer.WriteLine("/// rules that depend on a discriminator) before sending it, and throws <see cref=\"" + context.Qualified(header.BaseName + "RequestValidationException") + "\"/>");
        writer.WriteLine("/// instead of sending a request the contract forbids. On by default.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("public bool ValidateRequests { get; set; } = true;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>");
        writer.WriteLine("/// How many times a request that is safe to repeat (GET, and operations the contract marks retry-safe) is sent again");
        writer.WriteLine("/// after a transient failure: a connection failure, a timeout, 408, 429 (honouring <c>Retry-After</c>) or 5xx. Other");
        writer.WriteLine("/// writes are never repeated. Default 2.");
        writer.WriteLine("/// </summary>");
        writer.WriteLine("public int MaxRetries { get; set; } = 2;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The pause before the first retry; it doubles for each later one, with jitter. Default 500 ms.</summary>");
        writer.WriteLine("public global::System.TimeSpan RetryDelay { get; set; } = global::System.TimeSpan.FromMilliseconds(500);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>How long one attempt may take before it counts as timed out; null leaves it to the <see cref=\"global::System.Net.Http.HttpClient\"/>. The caller's cancellation token always wins.</summary>");
        writer.WriteLine("public global::System.TimeSpan? Timeout { get; set; }");
        if (header.Auth is { } auth)
        {
            writer.WriteLine();
            var where = auth.Kind switch
            {
                AuthKind.Bearer => "the <c>Authorization: Bearer</c> header",
                AuthKind.ApiKeyHeader => "the <c>" + DocComments.Text(auth.ParameterName ?? string.Empty) + "</c> header",
                _ => "the <c>" + DocComments.Text(auth.ParameterName ?? string.Empty) + "</c> query parameter",
            };
            writer.WriteLine("/// <summary>The credential sent in " + where + " of every secured operation. Keep it out of source code and logs.</summary>");
            DocComments.Write(writer, "remarks", auth.Description);
            if (auth.SecretPattern is { } pattern)
            {
                writer.WriteLine(RuleCode.Attribute(context, "secretPattern", pattern));
            }

            if (auth.SecretVariable is { } variable)
            {
                writer.WriteLine(RuleCode.Attribute(context, "secretVariable", variable));
            }

            writer.WriteLine("public string? " + auth.PropertyName + " { get; set; }");
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>A copy of these settings, to change without affecting the clients that use this instance.</summary>");
        writer.WriteLine("public " + context.OptionsName + " Clone() => (" + context.OptionsName + ")MemberwiseClone();");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Describes the options without revealing the credential.</summary>");
        var credential = header.Auth is { } a ? " + \", " + a.PropertyName + " = \" + (" + a.PropertyName + " is null ? \"(not set)\" : \"(set)\")" : string.Empty;
        writer.WriteLine("public override string ToString() => \"BaseAddress = \" + (BaseAddress?.ToString() ?? \"(default)\")" + credential + ";");
        writer.CloseBlock();
    }

    public static void EmitException(EmitContext context, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        var name = context.ApiExceptionName;
        writer.WriteLines($$"""
            /// <summary>
            /// A call to {{DocComments.Text(context.Header.Title)}} did not succeed: the server answered with an error status, or with a body
            /// that does not match the contract.
            /// </summary>
            {{context.GeneratedCodeAttribute}}
            public partial class {{name}} : {{EmitContext.Exception}}
            {
                /// <summary>Creates the exception.</summary>
                /// <param name="operationId">The contract's operationId of the call.</param>
                /// <param name="statusCode">The HTTP status code of the response.</param>
                /// <param name="reasonPhrase">The response's reason phrase, if any.</param>
                /// <param name="rawBody">The response body as text (empty if there was none).</param>
                /// <param name="message">The message.</param>
                /// <param name="innerException">The exception that caused this one, if any.</param>
                public {{name}}(string operationId, int statusCode, string? reasonPhrase, string rawBody, string message, {{EmitContext.Exception}}? innerException = null)
                    : base(message, innerException)
                {
                    OperationId = operationId;
                    StatusCode = statusCode;
                    ReasonPhrase = reasonPhrase;
                    RawBody = rawBody;
                }

                /// <summary>The contract's operationId of the call, for example <c>listSources</c>.</summary>
                public string OperationId { get; }

                /// <summary>The HTTP status code of the response.</summary>
                public int StatusCode { get; }

                /// <summary>The response's reason phrase, if any.</summary>
                public string? ReasonPhrase { get; }

                /// <summary>The response body as text, exactly as received (empty if there was none).</summary>
                public string RawBody { get; }

                /// <summary>The error body read as the type the contract gives for this status, or null.</summary>
                public virtual object? ErrorBody => null;
            }

            /// <summary>An error response whose body matched the type the contract documents for its status.</summary>
            /// <typeparam name="TError">The documented error body type.</typeparam>
            {{context.GeneratedCodeAttribute}}
            public sealed partial class {{name}}<TError> : {{name}}
                where TError : class
            {
                /// <summary>Creates the exception.</summary>
                /// <param name="operationId">The contract's operationId of the call.</param>
                /// <param name="statusCode">The HTTP status code of the response.</param>
                /// <param name="reasonPhrase">The response's reason phrase, if any.</param>
                /// <param name="rawBody">The response body as text.</param>
                /// <param name="error">The body, read as <typeparamref name="TError"/>.</param>
                /// <param name="message">The message.</param>
                public {{name}}(string operationId, int statusCode, string? reasonPhrase, string rawBody, TError error, string message)
                    : base(operationId, statusCode, reasonPhrase, rawBody, message)
                {
                    Error = error;
                }

                /// <summary>The error body, with the fields the contract documents.</summary>
                public TError Error { get; }

                /// <inheritdoc />
                public override object? ErrorBody => Error;
            }
            """);
    }

    public static void EmitJson(EmitContext context, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        var reader = EmitContext.Utf8JsonReader;
        var writerType = EmitContext.Utf8JsonWriter;
        var token = EmitContext.JsonTokenType;
        var jsonException = EmitContext.JsonException;
        var culture = EmitContext.CultureInfo;
        writer.WriteLines($$"""
            /// <summary>
            /// The JSON plumbing of the generated code: Utf8JsonReader and Utf8JsonWriter only, never the reflection paths of
            /// JsonSerializer, so the client is trimming- and AOT-safe.
            /// </summary>
            {{context.GeneratedCodeAttribute}}
            internal static partial class {{context.JsonName}}
            {
                /// <summary>Reads one value at the reader's current token.</summary>
                internal delegate T ReadFunc<T>(ref {{reader}} reader);

                /// <summary>Reads a whole UTF-8 document with <paramref name="read"/> and rejects trailing content.</summary>
                internal static T Deserialize<T>(global::System.ReadOnlySpan<byte> utf8, ReadFunc<T> read)
                {
                    var reader = new {{reader}}(utf8, new global::System.Text.Json.JsonReaderOptions { MaxDepth = 256 });
                    if (!reader.Read())
                    {
                        throw new {{jsonException}}("The body is empty.");
                    }

                    var value = read(ref reader);
                    if (reader.Read())
                    {
                        throw new {{jsonException}}("Unexpected content after the JSON value at byte " + reader.TokenStartIndex.ToString({{culture}}.InvariantCulture) + ".");
                    }

                    return value;
                }

                [global::System.ThreadStatic]
                private static global::System.Buffers.ArrayBufferWriter<byte>? __serializeBuffer;

                [global::System.ThreadStatic]
                private static {{writerType}}? __serializeWriter;

                /// <summary>
                /// Writes <paramref name="value"/> with <paramref name="write"/> into a new UTF-8 array. The buffer and the
                /// writer are kept per thread and reused, as System.Text.Json does, so a call allocates little more than the
                /// array it returns.
                /// </summary>
                internal static byte[] Serialize<T>(T value, global::System.Action<{{writerType}}, T> write)
                {
                    // Taken rather than borrowed: a nested call on the same thread makes its own.
                    var buffer = __serializeBuffer ?? new global::System.Buffers.ArrayBufferWriter<byte>(1024);
                    var writer = __serializeWriter;
                    __serializeBuffer = null;
                    __serializeWriter = null;
                    if (writer is null)
                    {
                        writer = new {{writerType}}(buffer);
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

                internal static string ReadString(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.String ? reader.GetString()! : throw Unexpected(ref reader, "a string");

                internal static bool ReadBoolean(ref {{reader}} reader)
                    => reader.TokenType switch
                    {
                        {{token}}.True => true,
                        {{token}}.False => false,
                        _ => throw Unexpected(ref reader, "true or false"),
                    };

                internal static int ReadInt32(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.Number && reader.TryGetInt32(out var value) ? value : throw Unexpected(ref reader, "a 32-bit integer");

                internal static long ReadInt64(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.Number && reader.TryGetInt64(out var value) ? value : throw Unexpected(ref reader, "a 64-bit integer");

                internal static float ReadSingle(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.Number && reader.TryGetSingle(out var value) ? value : throw Unexpected(ref reader, "a number");

                internal static double ReadDouble(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.Number && reader.TryGetDouble(out var value) ? value : throw Unexpected(ref reader, "a number");

                internal static decimal ReadDecimal(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.Number && reader.TryGetDecimal(out var value) ? value : throw Unexpected(ref reader, "a decimal number");

                internal static {{EmitContext.DateTimeOffset}} ReadDateTimeOffset(ref {{reader}} reader)
                {
                    if (reader.TokenType == {{token}}.String)
                    {
                        if (reader.TryGetDateTimeOffset(out var value))
                        {
                            return value;
                        }

                        // Servers often send RFC 3339 forms that the strict ISO 8601 profile of Utf8JsonReader refuses.
                        if ({{EmitContext.DateTimeOffset}}.TryParse(reader.GetString(), {{culture}}.InvariantCulture, global::System.Globalization.DateTimeStyles.RoundtripKind, out value))
                        {
                            return value;
                        }
                    }

                    throw Unexpected(ref reader, "an ISO 8601 date-time string");
                }

                internal static {{EmitContext.DateOnly}} ReadDate(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.String && {{EmitContext.DateOnly}}.TryParseExact(reader.GetString(), "yyyy-MM-dd", {{culture}}.InvariantCulture, global::System.Globalization.DateTimeStyles.None, out var value)
                        ? value
                        : throw Unexpected(ref reader, "a yyyy-MM-dd date string");

                internal static byte[] ReadBytes(ref {{reader}} reader)
                    => reader.TokenType == {{token}}.String && reader.TryGetBytesFromBase64(out var value) ? value : throw Unexpected(ref reader, "a base64 string");

                internal static {{EmitContext.IList}}<T> ReadList<T>(ref {{reader}} reader, ReadFunc<T> readItem)
                {
                    if (reader.TokenType != {{token}}.StartArray)
                    {
                        throw Unexpected(ref reader, "an array");
                    }

                    var list = new {{EmitContext.List}}<T>();
                    while (reader.Read() && reader.TokenType != {{token}}.EndArray)
                    {
                        list.Add(readItem(ref reader));
                    }

                    return list;
                }

                internal static {{EmitContext.IDictionary}}<string, T> ReadMap<T>(ref {{reader}} reader, ReadFunc<T> readValue)
                {
                    if (reader.TokenType != {{token}}.StartObject)
                    {
                        throw Unexpected(ref reader, "an object");
                    }

                    var map = new {{EmitContext.Dictionary}}<string, T>({{EmitContext.StringComparer}}.Ordinal);
                    while (reader.Read() && reader.TokenType != {{token}}.EndObject)
                    {
                        var key = reader.GetString()!;
                        reader.Read();
                        map[key] = readValue(ref reader);
                    }

                    return map;
                }

                internal static void WriteList<T>({{writerType}} writer, {{EmitContext.IList}}<T> values, global::System.Action<{{writerType}}, T> writeItem)
                {
                    writer.WriteStartArray();
                    for (var i = 0; i < values.Count; i++)
                    {
                        writeItem(writer, values[i]);
                    }

                    writer.WriteEndArray();
                }

                internal static void WriteMap<T>({{writerType}} writer, {{EmitContext.IDictionary}}<string, T> values, global::System.Action<{{writerType}}, T> writeValue)
                {
                    writer.WriteStartObject();
                    foreach (var pair in values)
                    {
                        writer.WritePropertyName(pair.Key);
                        writeValue(writer, pair.Value);
                    }

                    writer.WriteEndObject();
                }

                internal static {{jsonException}} Unexpected(ref {{reader}} reader, string expected)
                    => new("Expected " + expected + " but found " + reader.TokenType.ToString() + " at byte " + reader.TokenStartIndex.ToString({{culture}}.InvariantCulture) + ".");

                internal static {{jsonException}} MissingRequired(string type, string member)
                    => new("The required member '" + member + "' of " + type + " is missing.");
            }
            """);
    }
}
