using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using FiniGen.Diagnostics;
using SharpYaml;
using SharpYaml.Events;

namespace FiniGen.Contract;

/// <summary>
/// Maps JSON pointers (<c>/paths/~1v2~1documents/get</c>) to places in a YAML or JSON file. The OpenAPI reader
/// reports problems by pointer only; this index turns them into file, line and column.
/// </summary>
internal sealed class PositionIndex
{
    private readonly Dictionary<string, (int Start, int End)> _spans;
    private readonly string _path;
    private int[]? _lineStarts;

    private PositionIndex(string path, Dictionary<string, (int Start, int End)> spans, List<string> emptySchemas)
    {
        _path = path;
        _spans = spans;
        EmptySchemas = emptySchemas;
    }

    /// <summary>
    /// Pointers, in document order, of places that must hold a schema but hold nothing (<c>note:</c> with no value, or
    /// <c>null</c>): a property, <c>items</c>, <c>additionalProperties</c>, <c>not</c>, a part of
    /// <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c>, a media type's or parameter's <c>schema</c>, or a component schema.
    /// The reader either throws on them or drops them, so they are reported before it runs.
    /// </summary>
    public IReadOnlyList<string> EmptySchemas { get; }

    /// <summary>Every pointer indexed, for tests.</summary>
    internal IEnumerable<string> Pointers => _spans.Keys;

    /// <summary>Indexes <paramref name="text"/>, or describes the first syntax error.</summary>
    /// <param name="path">The contract's path, for locations.</param>
    /// <param name="text">The contract's text.</param>
    /// <param name="syntaxError">The first syntax error, or null.</param>
    /// <param name="allowJsonReader">
    /// Whether a JSON document may be indexed with <see cref="Utf8JsonReader"/> (about 15 times faster than YAML events
    /// on GitHub's 13 MB description). Tests turn it off to check that both ways give the same index.
    /// </param>
    /// <param name="utf8"><paramref name="text"/> as UTF-8, when the caller has it already.</param>
    public static PositionIndex Build(string path, string text, out DiagnosticInfo? syntaxError, bool allowJsonReader = true, byte[]? utf8 = null)
    {
        syntaxError = null;
        if (allowJsonReader && LooksLikeJson(path, text) && TryBuildFromJson(path, utf8 ?? Encoding.UTF8.GetBytes(text)) is { } index)
        {
            return index;
        }

        // YAML, and any JSON the strict JSON reader refuses: YAML's parser reads JSON too, and words its errors.
        var spans = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var emptySchemas = new List<string>();
        try
        {
            var parser = Parser.CreateParser(new StringReader(text));
            var frames = new Stack<Frame>();
            while (parser.MoveNext())
            {
                var current = parser.Current;
                switch (current)
                {
                    case MappingEnd:
                    case SequenceEnd:
                        frames.Pop();
                        Advance(frames);
                        break;
                    case Scalar scalar when frames.Count > 0 && frames.Peek().IsMapping && frames.Peek().Key is null:
                        frames.Peek().Key = scalar.Value;
                        frames.Peek().KeyStart = scalar.Start.Index;
                        frames.Peek().KeyEnd = scalar.End.Index;
                        break;
                    case Scalar or AnchorAlias or MappingStart or SequenceStart:
                        var pointer = Enter(frames, spans, current.Start.Index, current.End.Index);
                        if (current is Scalar { Style: ScalarStyle.Plain } value && IsNull(value.Value) && IsSchemaSlot(pointer))
                        {
                            emptySchemas.Add(pointer);
                        }

                        if (current is MappingStart or SequenceStart)
                        {
                            frames.Push(new Frame(pointer, current is MappingStart));
                        }
                        else
                        {
                            Advance(frames);
                        }

                        break;
                }
            }
        }
        catch (YamlException exception)
        {
            syntaxError = new DiagnosticInfo(
                DiagnosticDescriptors.ContractSyntaxErrorId,
                ToLocation(path, text, exception.Start.Index, exception.End.Index),
                Common.EquatableArray.From(new[] { Common.Naming.FileName(path), CleanMessage(exception.Message) }));
        }

        return new PositionIndex(path, spans, emptySchemas);
    }

    private static bool LooksLikeJson(string path, string text)
        => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith("{", StringComparison.Ordinal);

    // The same index from JSON tokens; null when the strict reader refuses the text, so that the YAML way decides.
    private static PositionIndex? TryBuildFromJson(string path, byte[] bytes)
    {
        var spans = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        var emptySchemas = new List<string>();
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 100_000 });

        // Token offsets are in bytes and only grow; characters are counted from the last offset to the next.
        int byteAt = 0, charAt = 0;
        int CharIndex(long byteIndex)
        {
            for (; byteAt < byteIndex; byteAt++)
            {
                var b = bytes[byteAt];
                if ((b & 0xC0) != 0x80)
                {
                    // A lead byte starts a character; a four-byte one is a surrogate pair: two UTF-16 characters.
                    charAt += b >= 0xF0 ? 2 : 1;
                }
            }

            return charAt;
        }

        try
        {
            while (reader.Read())
            {
                var start = CharIndex(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        Advance(frames);
                        break;
                    case JsonTokenType.PropertyName:
                        frames.Peek().Key = reader.GetString();
                        frames.Peek().KeyStart = start;
                        frames.Peek().KeyEnd = CharIndex(reader.TokenStartIndex + reader.ValueSpan.Length + 2);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        // Zero-length at the bracket, as YAML's events place the start of a flow mapping or sequence.
                        frames.Push(new Frame(Enter(frames, spans, start, start), reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.Comment:
                    case JsonTokenType.None:
                        break;
                    default:
                        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                        var end = CharIndex(reader.TokenStartIndex + length + (reader.TokenType == JsonTokenType.String ? 2 : 0));
                        var pointer = Enter(frames, spans, start, end);
                        if (reader.TokenType == JsonTokenType.Null && IsSchemaSlot(pointer))
                        {
                            emptySchemas.Add(pointer);
                        }

                        Advance(frames);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return frames.Count == 0 && spans.Count > 0 ? new PositionIndex(path, spans, emptySchemas) : null;
    }

    // Records the span of the value about to be read (its key's span inside a mapping) and returns its pointer.
    private static string Enter(Stack<Frame> frames, Dictionary<string, (int, int)> spans, int start, int end)
    {
        var pointer = frames.Count == 0 ? string.Empty : frames.Peek().ChildPointer();
        var span = frames.Count > 0 && frames.Peek().IsMapping ? (frames.Peek().KeyStart, frames.Peek().KeyEnd) : (start, end);
        if (!spans.ContainsKey(pointer))
        {
            spans[pointer] = span;
        }

        return pointer;
    }

    private static void Advance(Stack<Frame> frames)
    {
        if (frames.Count == 0)
        {
            return;
        }

        var parent = frames.Peek();
        if (parent.IsMapping)
        {
            parent.Key = null;
        }
        else
        {
            parent.Index++;
        }
    }

    /// <summary>The place of <paramref name="pointer"/>, or of its closest ancestor that exists.</summary>
    public LocationInfo Locate(string pointer, string text)
    {
        var key = Normalize(pointer);
        while (true)
        {
            if (_spans.TryGetValue(key, out var span))
            {
                return ToLocation(_path, text, span.Start, span.End, _lineStarts ??= LineStarts(text));
            }

            if (key.Length == 0)
            {
                return ToLocation(_path, text, 0, 0, _lineStarts ??= LineStarts(text));
            }

            var slash = key.LastIndexOf('/');
            key = slash <= 0 ? string.Empty : key.Substring(0, slash);
        }
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    // Whether the pointer names a place the OpenAPI schema grammar fills with a schema. Values inside examples,
    // defaults, enums and extensions are data, where null is a fine value.
    private static bool IsSchemaSlot(string pointer)
    {
        var segments = pointer.Split('/');
        foreach (var segment in segments)
        {
            if (segment is "example" or "examples" or "default" or "enum" or "const" || segment.StartsWith("x-", StringComparison.Ordinal))
            {
                return false;
            }
        }

        var n = segments.Length;
        var last = segments[n - 1];
        var parent = n >= 2 ? segments[n - 2] : string.Empty;
        return last is "items" or "additionalProperties" or "not" or "schema"
            || parent is "properties" or "patternProperties"
            || (parent is "allOf" or "oneOf" or "anyOf" && int.TryParse(last, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            || (n == 4 && segments[1] == "components" && segments[2] == "schemas")
            || (n == 3 && segments[1] == "definitions");
    }

    /// <summary>Appends one escaped segment to a pointer (RFC 6901).</summary>
    public static string Append(string pointer, string segment)
        => pointer + "/" + segment.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Strips a leading <c>#</c> and any trailing slash.</summary>
    public static string Normalize(string pointer)
    {
        var key = pointer;
        if (key.StartsWith("#", StringComparison.Ordinal))
        {
            key = key.Substring(1);
        }

        return key.TrimEnd('/');
    }

    private static string CleanMessage(string message)
    {
        // SharpYaml prefixes its messages with "(Lin: x, Col: y, Chr: z) - (…): "; the location travels separately.
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message;
    }

    private static LocationInfo ToLocation(string path, string text, int start, int end, int[]? lineStarts = null)
    {
        lineStarts ??= LineStarts(text);
        var startIndex = Clamp(start, text.Length);
        var endIndex = Math.Max(startIndex, Clamp(end, text.Length));
        var (startLine, startColumn) = LineAndColumn(lineStarts, startIndex);
        var (endLine, endColumn) = LineAndColumn(lineStarts, endIndex);
        return new LocationInfo(path, startIndex, endIndex - startIndex, startLine, startColumn, endLine, endColumn);
    }

    private static int Clamp(int index, int length) => index < 0 ? 0 : Math.Min(index, length);

    // Where each line starts (after each '\n'), computed once per contract: a big contract with hundreds of
    // diagnostics (GitHub's 13 MB description has about 300) would otherwise be scanned from the top for each one.
    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
        {
            starts.Add(i + 1);
        }

        return starts.ToArray();
    }

    // Marks are recomputed from the character index so that line and column agree with Roslyn's view of the text.
    private static (int Line, int Column) LineAndColumn(int[] lineStarts, int index)
    {
        var line = Array.BinarySearch(lineStarts, index);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line, index - lineStarts[line]);
    }

    private sealed class Frame
    {
        public Frame(string pointer, bool isMapping)
        {
            Pointer = pointer;
            IsMapping = isMapping;
        }

        public string Pointer { get; }

        public bool IsMapping { get; }

        public string? Key { get; set; }

        public int KeyStart { get; set; }

        public int KeyEnd { get; set; }

        public int Index { get; set; }

        public string ChildPointer()
            => Append(Pointer, IsMapping ? Key ?? string.Empty : Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
