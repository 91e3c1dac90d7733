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
/// <remarks>
/// One compact node per value, linked to its parent and siblings, holds the value's span and its key (or index):
/// memory grows with the number of values, not with their depth. A pointer string per value made the index quadratic
/// in depth (3.98 GB for a 370 KB contract nested 10,000 deep). Pointers are looked up by walking their segments from
/// the root, and written out only for the rare value that needs one (an empty schema).
/// </remarks>
internal sealed class PositionIndex
{
    // Children of a container are found by scanning its sibling list, or through a lookup made on first use once
    // there are more of them than this: GitHub's description has containers of more than 1,000 entries.
    private const int ScanLimit = 8;

    private readonly string _path;
    private readonly Node[] _nodes;
    private readonly int _count;
    private Dictionary<int, Dictionary<string, int>>? _lookups;
    private int[]? _lineStarts;

    private PositionIndex(string path, Builder builder)
    {
        _path = path;
        _nodes = builder.Nodes;
        _count = builder.Count;
        EmptySchemas = builder.EmptySchemas;
    }

    /// <summary>
    /// Pointers, in document order, of places that must hold a schema but hold nothing (<c>note:</c> with no value, or
    /// <c>null</c>): a property, <c>items</c>, <c>additionalProperties</c>, <c>not</c>, a part of
    /// <c>allOf</c>/<c>oneOf</c>/<c>anyOf</c>, a media type's or parameter's <c>schema</c>, or a component schema.
    /// The reader either throws on them or drops them, so they are reported before it runs.
    /// </summary>
    public IReadOnlyList<string> EmptySchemas { get; }

    /// <summary>Every pointer indexed (each once, the first value wins), for tests.</summary>
    internal IEnumerable<string> Pointers
    {
        get
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var node = 0; node < _count; node++)
            {
                var pointer = PointerOf(node);
                if (seen.Add(pointer))
                {
                    yield return pointer;
                }
            }
        }
    }

    /// <summary>Indexes <paramref name="text"/>, or describes the first syntax error or the first value nested too deep.</summary>
    /// <param name="path">The contract's path, for locations.</param>
    /// <param name="text">The contract's text.</param>
    /// <param name="error">The first syntax error (FG0001) or value nested beyond <paramref name="maxNesting"/> (FG0002), or null.</param>
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
                    case Scalar or AnchorAlias or MappingStart or SequenceStart:
                        var node = builder.Enter(current.Start.Index, current.End.Index);
                        if (current is Scalar { Style: ScalarStyle.Plain } value && IsNull(value.Value))
                        {
                            builder.NullAt(node);
                        }

                        if (current is MappingStart or SequenceStart)
                        {
                            builder.Push(node, current is MappingStart);
                        }
                        else
                        {
                            builder.Advance();
                        }

                        break;
                }
            }
        }
        catch (TooDeepException tooDeep)
        {
            var pointer = PointerOf(builder.Nodes, tooDeep.Node);
            var key = builder.Nodes[tooDeep.Node].Key ?? builder.Nodes[tooDeep.Node].Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            error = new DiagnosticInfo(
                DiagnosticDescriptors.ContractReadErrorId,
                ToLocation(path, text, builder.Nodes[tooDeep.Node].Start, builder.Nodes[tooDeep.Node].End),
                Common.EquatableArray.From(new[]
                {
                    Common.Naming.FileName(path),
                    "'" + key + "' is nested " + (maxNesting + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                        + " levels deep; the OpenAPI reader reads at most " + maxNesting.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        + " levels of YAML or JSON nesting. Move inner schemas into components/schemas and refer to them with $ref",
                    pointer.Length == 0 ? "/" : pointer,
                }));
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
                        builder.Push(builder.Enter(start, start), reader.TokenType == JsonTokenType.StartObject);
                        break;
                    case JsonTokenType.Comment:
                    case JsonTokenType.None:
                        break;
                    default:
                        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                        var end = CharIndex(reader.TokenStartIndex + length + (reader.TokenType == JsonTokenType.String ? 2 : 0));
                        var node = builder.Enter(start, end);
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            builder.NullAt(node);
                        }

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

    /// <summary>The place of <paramref name="pointer"/>, or of its closest ancestor that exists.</summary>
    public LocationInfo Locate(string pointer, string text)
    {
        var lineStarts = _lineStarts ??= LineStarts(text);
        if (_count == 0)
        {
            return ToLocation(_path, text, 0, 0, lineStarts);
        }

        var node = 0;
        var key = Normalize(pointer);
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

        return ToLocation(_path, text, _nodes[node].Start, _nodes[node].End, lineStarts);
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

            if (string.Equals(SegmentOf(child), segment, StringComparison.Ordinal))
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
            var segment = SegmentOf(child);
            if (!lookup.ContainsKey(segment))
            {
                lookup[segment] = child;
            }
        }

        (_lookups ??= new Dictionary<int, Dictionary<string, int>>())[node] = lookup;
        return lookup;
    }

    private string SegmentOf(int node)
        => _nodes[node].Key ?? _nodes[node].Index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string PointerOf(int node) => PointerOf(_nodes, node);

    private static string PointerOf(Node[] nodes, int node)
    {
        var segments = new List<string>();
        for (; nodes[node].Parent >= 0; node = nodes[node].Parent)
        {
            segments.Add(nodes[node].Key ?? nodes[node].Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var pointer = string.Empty;
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            pointer = Append(pointer, segments[i]);
        }

        return pointer;
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

    /// <summary>One value of the document: where it is, and where it sits in the tree.</summary>
    private struct Node
    {
        public int Parent;
        public int FirstChild;
        public int NextSibling;

        /// <summary>Its key inside a mapping; null inside a sequence, where <see cref="Index"/> says where.</summary>
        public string? Key;
        public int Index;

        /// <summary>Its span: its key's inside a mapping, as a diagnostic about a member points at the member's name.</summary>
        public int Start;
        public int End;
    }

    /// <summary>A container opened deeper than the limit: <see cref="Node"/> is where.</summary>
    private sealed class TooDeepException : Exception
    {
        public TooDeepException(int node) => Node = node;

        public int Node { get; }
    }

    /// <summary>Builds the nodes from a stream of events: keys, values, and the starts and ends of containers.</summary>
    private sealed class Builder
    {
        private readonly List<Frame> _frames = new();
        private readonly int _maxNesting;

        // Mapping keys recur (type, description, properties): each is kept once.
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

        public Builder(int maxNesting) => _maxNesting = maxNesting;

        public Node[] Nodes { get; private set; } = new Node[64];

        public int Count { get; private set; }

        public List<string> EmptySchemas { get; } = new();

        public int Depth => _frames.Count;

        /// <summary>Whether the next scalar is a key: inside a mapping, with no key pending.</summary>
        public bool ExpectsKey => _frames.Count > 0 && _frames[_frames.Count - 1].IsMapping && !_frames[_frames.Count - 1].HasKey;

        public void SetKey(string key, int start, int end)
        {
            var frame = _frames[_frames.Count - 1];
            if (!_keys.TryGetValue(key, out var kept))
            {
                _keys[key] = kept = key;
            }

            frame.Key = kept;
            frame.HasKey = true;
            frame.KeyStart = start;
            frame.KeyEnd = end;
        }

        // Records the value about to be read (at its key's span inside a mapping) and returns its node.
        public int Enter(int start, int end)
        {
            if (Count == Nodes.Length)
            {
                var grown = new Node[Nodes.Length * 2];
                Array.Copy(Nodes, grown, Count);
                Nodes = grown;
            }

            var node = Count++;
            ref var value = ref Nodes[node];
            value.FirstChild = -1;
            value.NextSibling = -1;
            if (_frames.Count == 0)
            {
                value.Parent = -1;
                value.Start = start;
                value.End = end;
                return node;
            }

            var parent = _frames[_frames.Count - 1];
            value.Parent = parent.Node;
            if (parent.IsMapping)
            {
                value.Key = parent.Key ?? string.Empty;
                value.Start = parent.KeyStart;
                value.End = parent.KeyEnd;
            }
            else
            {
                value.Index = parent.Index;
                value.Start = start;
                value.End = end;
            }

            if (parent.LastChild < 0)
            {
                Nodes[parent.Node].FirstChild = node;
            }
            else
            {
                Nodes[parent.LastChild].NextSibling = node;
            }

            parent.LastChild = node;
            return node;
        }

        public void Push(int node, bool isMapping)
        {
            if (_frames.Count == _maxNesting)
            {
                throw new TooDeepException(node);
            }

            _frames.Add(new Frame(node, isMapping));
        }

        public void Exit()
        {
            _frames.RemoveAt(_frames.Count - 1);
            Advance();
        }

        public void Advance()
        {
            if (_frames.Count == 0)
            {
                return;
            }

            var parent = _frames[_frames.Count - 1];
            if (parent.IsMapping)
            {
                parent.Key = null;
                parent.HasKey = false;
            }
            else
            {
                parent.Index++;
            }
        }

        // A null value: an empty schema when it stands where the schema grammar wants one.
        public void NullAt(int node)
        {
            var pointer = PointerOf(Nodes, node);
            if (IsSchemaSlot(pointer))
            {
                EmptySchemas.Add(pointer);
            }
        }
    }

    private sealed class Frame
    {
        public Frame(int node, bool isMapping)
        {
            Node = node;
            IsMapping = isMapping;
        }

        public int Node { get; }

        public bool IsMapping { get; }

        public int LastChild { get; set; } = -1;

        public string? Key { get; set; }

        public bool HasKey { get; set; }

        public int KeyStart { get; set; }

        public int KeyEnd { get; set; }

        public int Index { get; set; }
    }
}
