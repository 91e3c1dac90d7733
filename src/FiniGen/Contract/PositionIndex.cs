using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FiniGen.Diagnostics;
using SharpYaml;
using SharpYaml.Events;

namespace FiniGen.Contract;

/// <summary>
/// Maps JSON pointers (<c>/paths/~1v2~1documents/get</c>) to places in a YAML or JSON file. The OpenAPI reader
/// reports problems by pointer only; this index turns them into file, line and column. Built in one pass over the
/// text, before the reader runs, it also finds what the reader would choke on without saying where: values nested
/// too deep, duplicate keys, YAML aliases that name nothing, values that are no schema where a schema belongs, and
/// <c>$ref</c>s the reader throws on.
/// </summary>
/// <remarks>
/// One compact node per value, linked to its parent and siblings, holds the value's span and its key (or index):
/// memory grows with the number of values, not with their depth. A pointer string per value made the index quadratic
/// in depth (3.98 GB for a 370 KB contract nested 10,000 deep). Pointers are looked up by walking their segments from
/// the root, and written out only for the rare value that needs one (a problem to report).
/// </remarks>
internal sealed partial class PositionIndex
{
    // Children of a container are found by scanning its sibling list, or through a lookup made on first use once
    // there are more of them than this: GitHub's description has containers of more than 1,000 entries.
    private const int ScanLimit = 8;

    private static readonly Regex s_jsonPosition = new(@"LineNumber: (\d+) \| BytePositionInLine: (\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex s_yamlPosition = new(@" at line (\d+), column (\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex s_quoted = new("'([^']{1,400})'", RegexOptions.CultureInvariant);

    // Reader messages that name a member of the element their pointer names: "operationId is not a valid property at
    // #/", "Invalid host" (at #/).
    private static readonly Regex s_namedMember = new(@"^(?:(?<key>[^\r\n]{1,200}) is not a valid property at #|Invalid (?<key>\w+)$)", RegexOptions.CultureInvariant);

    private readonly string _path;
    private readonly Node[] _nodes;
    private readonly int _count;
    private readonly bool _isSwagger2;
    private Dictionary<int, Dictionary<string, int>>? _lookups;
    private int[]? _lineStarts;

    private PositionIndex(string path, Builder builder)
    {
        _path = path;
        _nodes = builder.Nodes;
        _count = builder.Count;
        _isSwagger2 = builder.IsSwagger2;
        Problems = builder.Problems(builder.IsSwagger2);
        EmptySchemas = Problems.Where(p => p.IsEmptySchema).Select(p => p.Pointer).ToList();
    }

    /// <summary>
    /// What the reader cannot be given, in document order, each with its pointer and what is wrong: places that must
    /// hold a schema but hold nothing or something else (a property, <c>items</c>, <c>additionalProperties</c>,
    /// <c>not</c>, a part of <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c>, a <c>schema</c>, a component schema), and
    /// <c>$ref</c>s that name nothing. The reader throws on most (<c>NullReferenceException</c>,
    /// <c>ArgumentNullException</c>) and drops the rest, so they are reported before it runs.
    /// </summary>
    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>The pointers of <see cref="Problems"/> that are empty schemas (<c>note:</c> with no value, or <c>null</c>).</summary>
    public IReadOnlyList<string> EmptySchemas { get; }

    /// <summary>Every pointer indexed (each once, the first value wins), for tests.</summary>
    internal IEnumerable<string> Pointers
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var node = 0; node < _count; node++)
            {
                var pointer = PointerOf(_nodes, node);
                if (seen.Add(pointer))
                {
                    yield return pointer;
                }
            }
        }
    }

    /// <summary>
    /// Indexes <paramref name="text"/>, or describes what stops it: a syntax error, a duplicate key or an alias that
    /// names nothing (FG0001), or a value nested beyond <paramref name="maxNesting"/> (FG0002).
    /// </summary>
    /// <param name="path">The contract's path, for locations.</param>
    /// <param name="text">The contract's text.</param>
    /// <param name="error">What stopped the index, or null.</param>
    /// <param name="allowJsonReader">
    /// Whether a JSON document may be indexed with <see cref="Utf8JsonReader"/> (about 15 times faster than YAML events
    /// on GitHub's 13 MB description). Tests turn it off to check that both ways give the same index.
    /// </param>
    /// <param name="utf8"><paramref name="text"/> as UTF-8, when the caller has it already.</param>
    /// <param name="maxNesting">The deepest nesting of mappings and sequences read (see <see cref="ContractLimits.MaxNesting"/>); tests raise it.</param>
    public static PositionIndex Build(string path, string text, out DiagnosticInfo? error, bool allowJsonReader = true, byte[]? utf8 = null, int maxNesting = ContractLimits.MaxNesting)
    {
        error = null;
        var builder = new Builder(maxNesting);
        try
        {
            if (allowJsonReader && LooksLikeJson(path, text) && TryBuildFromJson(path, utf8 ?? Encoding.UTF8.GetBytes(text), builder) is { } index)
            {
                return index;
            }

            // YAML, and any JSON the strict JSON reader refuses: YAML's parser reads JSON too, and words its errors.
            // Its own depth limit is set past ours, so that ours is the one reported, with the key it is reached at.
            builder = new Builder(maxNesting);
            var parser = Parser.CreateParser(new StringReader(text), maxNesting > int.MaxValue / 2 ? int.MaxValue : (maxNesting * 2) + 2);
            while (parser.MoveNext())
            {
                var current = parser.Current;
                switch (current)
                {
                    case MappingEnd:
                    case SequenceEnd:
                        builder.Exit();
                        break;
                    case Scalar scalar when builder.ExpectsKey:
                        builder.SetKey(scalar.Value, scalar.Start.Index, scalar.End.Index);
                        break;
                    case MappingStart or SequenceStart or AnchorAlias when builder.ExpectsKey:
                        // YAML allows any node as a key ("? [a, b]: 1", "{}: string"); JSON, and so the OpenAPI reader, only strings.
                        builder.ComplexKey(current.Start.Index, current.End.Index);
                        break;
                    case MappingStart or SequenceStart:
                        var anchor = ((NodeEvent)current).Anchor;
                        var container = builder.Enter(current.Start.Index, current.End.Index, current is MappingStart ? ValueKind.Mapping : ValueKind.Sequence, null);
                        builder.Push(container, current is MappingStart, anchor);
                        break;
                    case Scalar scalar:
                        builder.Enter(scalar.Start.Index, scalar.End.Index, KindOf(scalar), scalar.Value);
                        builder.Anchor(scalar.Anchor);
                        builder.Advance();
                        break;
                    case AnchorAlias alias:
                        builder.Alias(builder.Enter(alias.Start.Index, alias.End.Index, ValueKind.Alias, null), alias.Value, alias.Start.Index, alias.End.Index);
                        builder.Advance();
                        break;
                }
            }
        }
        catch (StopException stop)
        {
            error = stop.Create(path, text, builder);
        }
        catch (YamlException exception)
        {
            error = new DiagnosticInfo(
                DiagnosticDescriptors.ContractSyntaxErrorId,
                ToLocation(path, text, exception.Start.Index, exception.End.Index),
                Common.EquatableArray.From(new[] { Common.Naming.FileName(path), CleanMessage(exception.Message) }));
        }

        return new PositionIndex(path, builder);
    }

    private static bool LooksLikeJson(string path, string text)
        => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || text.TrimStart().StartsWith("{", StringComparison.Ordinal);

    // The same index from JSON tokens; null when the strict reader refuses the text, so that the YAML way decides.
    private static PositionIndex? TryBuildFromJson(string path, byte[] bytes, Builder builder)
    {
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
                        builder.Exit();
                        break;
                    case JsonTokenType.PropertyName:
                        builder.SetKey(reader.GetString()!, start, CharIndex(reader.TokenStartIndex + reader.ValueSpan.Length + 2));
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        // Zero-length at the bracket, as YAML's events place the start of a flow mapping or sequence.
                        var isObject = reader.TokenType == JsonTokenType.StartObject;
                        builder.Push(builder.Enter(start, start, isObject ? ValueKind.Mapping : ValueKind.Sequence, null), isObject, null);
                        break;
                    case JsonTokenType.Comment:
                    case JsonTokenType.None:
                        break;
                    default:
                        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                        var end = CharIndex(reader.TokenStartIndex + length + (reader.TokenType == JsonTokenType.String ? 2 : 0));
                        var kind = reader.TokenType switch
                        {
                            JsonTokenType.Null => ValueKind.Null,
                            JsonTokenType.True or JsonTokenType.False => ValueKind.Boolean,
                            JsonTokenType.Number => ValueKind.Number,
                            _ => ValueKind.String,
                        };

                        // A value is read only where it is checked: a $ref, or a place that must hold a schema.
                        var value = !builder.WantsValue ? null
                            : kind == ValueKind.String ? reader.GetString()
                            : Encoding.UTF8.GetString(bytes, (int)reader.TokenStartIndex, (int)length);
                        builder.Enter(start, end, kind, value);
                        builder.Advance();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return builder.Depth == 0 && builder.Count > 0 ? new PositionIndex(path, builder) : null;
    }

    // A plain scalar's YAML 1.2 core-schema type; quoted and block scalars are strings.
    private static ValueKind KindOf(Scalar scalar)
    {
        if (scalar.Style != ScalarStyle.Plain)
        {
            return ValueKind.String;
        }

        var value = scalar.Value;
        if (IsNull(value))
        {
            return ValueKind.Null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ValueKind.Boolean;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? ValueKind.Number : ValueKind.String;
    }

    /// <summary>The place of <paramref name="pointer"/>, or of its closest ancestor that exists.</summary>
    public LocationInfo Locate(string pointer, string text) => LocationOf(NodeAt(pointer), text);

    /// <summary>
    /// The place of a reader error: its <paramref name="pointer"/> when that names a place in the file, else the place its
    /// message names (<see cref="LocateMessage"/>), else the start of the file. A message about another file
    /// (<c>[File: part.yaml] …</c>) is placed at the start: its places are not in this file.
    /// </summary>
    public LocationInfo LocateReaderError(string pointer, string? message, string text)
    {
        var node = NodeAt(pointer);
        if (message is null || message.StartsWith("[File:", StringComparison.Ordinal))
        {
            return LocationOf(node, text);
        }

        if (node >= 0 && s_namedMember.Match(message) is { Success: true } member && Child(node, member.Groups["key"].Value) is var named && named >= 0)
        {
            return LocationOf(named, text);
        }

        // A key the message quotes, just below the element the pointer names ("The key 'X' in 'schemas' of components").
        if (node >= 0)
        {
            foreach (Match quoted in s_quoted.Matches(message))
            {
                if (KeyBelow(node, quoted.Groups[1].Value, levels: 2) is var below && below >= 0)
                {
                    return LocationOf(below, text);
                }
            }
        }

        if (node > 0)
        {
            return LocationOf(node, text);
        }

        return LocateMessage(message, text) ?? LocationOf(node, text);
    }

    /// <summary>
    /// The place a reader message names, when its pointer does not: a JSON reader's
    /// <c>LineNumber: n | BytePositionInLine: b</c>, a YAML reader's <c>at line l, column c</c>, or else the first key
    /// (then the first text) equal to a value the message quotes (<c>version '9.9.9' is not supported</c>). Null when
    /// the message says nothing of a place.
    /// </summary>
    public LocationInfo? LocateMessage(string message, string text)
    {
        var lineStarts = _lineStarts ??= LineStarts(text);
        if (s_jsonPosition.Match(message) is { Success: true } json
            && int.TryParse(json.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var jsonLine)
            && int.TryParse(json.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            && jsonLine < lineStarts.Length)
        {
            // System.Text.Json counts bytes of UTF-8 into the line; the compiler counts UTF-16 characters.
            var at = lineStarts[jsonLine];
            for (var counted = 0; at < text.Length && text[at] != '\n' && counted < bytes; at++)
            {
                counted += char.IsSurrogate(text[at]) ? 2 : Encoding.UTF8.GetByteCount(text[at].ToString());
            }

            return ToLocation(_path, text, at, at + 1, lineStarts);
        }

        if (s_yamlPosition.Match(message) is { Success: true } yaml
            && int.TryParse(yaml.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var yamlLine)
            && int.TryParse(yaml.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var column)
            && yamlLine >= 1 && yamlLine <= lineStarts.Length && column >= 1)
        {
            var at = lineStarts[yamlLine - 1] + column - 1;
            return ToLocation(_path, text, at, at + 1, lineStarts);
        }

        foreach (Match quoted in s_quoted.Matches(message))
        {
            var value = quoted.Groups[1].Value;
            for (var node = 0; node < _count; node++)
            {
                if (string.Equals(_nodes[node].Key, value, StringComparison.Ordinal))
                {
                    return LocationOf(node, text);
                }
            }

            // A folded or multi-line value is quoted as read ("a b"), not as written ("a\n  b"): its longest first words
            // that are in the text will do, down to six characters.
            var words = value.Trim().Split(' ');
            for (var count = words.Length; count > 0; count--)
            {
                var candidate = string.Join(" ", words, 0, count);
                if (candidate.Length < 6 && count < words.Length)
                {
                    break;
                }

                var found = text.IndexOf(candidate, StringComparison.Ordinal);
                if (found >= 0)
                {
                    return ToLocation(_path, text, found, found + candidate.Length, lineStarts);
                }
            }
        }

        return null;
    }

    // The first node keyed key among the descendants of node, at most levels below it; -1 for none.
    private int KeyBelow(int node, string key, int levels)
    {
        var level = new List<int> { node };
        for (var depth = 0; depth < levels && level.Count > 0; depth++)
        {
            var next = new List<int>();
            foreach (var parent in level)
            {
                for (var child = _nodes[parent].FirstChild; child >= 0; child = _nodes[child].NextSibling)
                {
                    if (string.Equals(_nodes[child].Key, key, StringComparison.Ordinal))
                    {
                        return child;
                    }

                    next.Add(child);
                }
            }

            level = next;
        }

        return -1;
    }

    private LocationInfo LocationOf(int node, string text)
    {
        var lineStarts = _lineStarts ??= LineStarts(text);
        return node < 0 ? ToLocation(_path, text, 0, 0, lineStarts) : ToLocation(_path, text, _nodes[node].Start, _nodes[node].End, lineStarts);
    }

    // The node of pointer, or of its closest ancestor that exists; -1 for an empty document.
    private int NodeAt(string pointer)
    {
        if (_count == 0)
        {
            return -1;
        }

        var node = 0;
        var key = Swagger2Place(Normalize(pointer));
        for (var at = 0; at < key.Length;)
        {
            // Segments start after a '/'; a pointer without its leading slash is read as if it had one.
            if (key[at] == '/')
            {
                at++;
            }

            var slash = key.IndexOf('/', at);
            var next = slash < 0 ? key.Length : slash;
            var child = Child(node, Unescape(key.Substring(at, next - at)));
            if (child < 0)
            {
                break;
            }

            node = child;
            at = next;
        }

        return node;
    }

    // The model speaks OpenAPI 3 (the reader's and FiniGen's pointers name /components/schemas/Pet); a Swagger 2.0
    // file holds the same elements elsewhere.
    private string Swagger2Place(string pointer)
    {
        if (!_isSwagger2 || !pointer.StartsWith("/components/", StringComparison.Ordinal))
        {
            return pointer;
        }

        foreach (var (from, to) in new[] { ("/components/schemas/", "/definitions/"), ("/components/securitySchemes/", "/securityDefinitions/"), ("/components/parameters/", "/parameters/"), ("/components/responses/", "/responses/") })
        {
            if (pointer.StartsWith(from, StringComparison.Ordinal))
            {
                return to + pointer.Substring(from.Length);
            }
        }

        return pointer;
    }

    private static string Unescape(string segment)
        => segment.IndexOf('~') < 0 ? segment : segment.Replace("~1", "/").Replace("~0", "~");

    // The first child of node whose key (or index, for a sequence) is segment; -1 when there is none.
    private int Child(int node, string segment)
    {
        if (_lookups is not null && _lookups.TryGetValue(node, out var lookup))
        {
            return lookup.TryGetValue(segment, out var found) ? found : -1;
        }

        var scanned = 0;
        for (var child = _nodes[node].FirstChild; child >= 0; child = _nodes[child].NextSibling, scanned++)
        {
            if (scanned == ScanLimit)
            {
                return Lookup(node).TryGetValue(segment, out var found) ? found : -1;
            }

            if (string.Equals(SegmentOf(_nodes, child), segment, StringComparison.Ordinal))
            {
                return child;
            }
        }

        return -1;
    }

    private Dictionary<string, int> Lookup(int node)
    {
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var child = _nodes[node].FirstChild; child >= 0; child = _nodes[child].NextSibling)
        {
            var segment = SegmentOf(_nodes, child);
            if (!lookup.ContainsKey(segment))
            {
                lookup[segment] = child;
            }
        }

        (_lookups ??= new Dictionary<int, Dictionary<string, int>>())[node] = lookup;
        return lookup;
    }

    private static string SegmentOf(Node[] nodes, int node)
        => nodes[node].Key ?? nodes[node].Index.ToString(CultureInfo.InvariantCulture);

    private static string PointerOf(Node[] nodes, int node)
    {
        var segments = new List<string>();
        for (; nodes[node].Parent >= 0; node = nodes[node].Parent)
        {
            segments.Add(SegmentOf(nodes, node));
        }

        var pointer = string.Empty;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            pointer = Append(pointer, segments[i]);
        }

        return pointer;
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

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

    /// <summary>A value the reader cannot be given: where it is, and what is wrong with it.</summary>
    /// <param name="Pointer">Its JSON pointer.</param>
    /// <param name="Message">What is wrong, naming the key or value, and what to write instead.</param>
    /// <param name="IsEmptySchema">Whether it is an empty value where a schema belongs.</param>
    internal sealed record Problem(string Pointer, string Message, bool IsEmptySchema);
}
