using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
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
    private readonly Dictionary<string, (Mark Start, Mark End)> _spans;
    private readonly string _path;
    private int[]? _lineStarts;

    private PositionIndex(string path, Dictionary<string, (Mark Start, Mark End)> spans, List<string> emptySchemas)
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

    /// <summary>Indexes <paramref name="text"/>, or describes the first syntax error.</summary>
    public static PositionIndex Build(string path, string text, out DiagnosticInfo? syntaxError)
    {
        var spans = new Dictionary<string, (Mark, Mark)>(StringComparer.Ordinal);
        var emptySchemas = new List<string>();
        syntaxError = null;
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
                        frames.Peek().KeyStart = scalar.Start;
                        frames.Peek().KeyEnd = scalar.End;
                        break;
                    case Scalar or AnchorAlias or MappingStart or SequenceStart:
                        var pointer = frames.Count == 0 ? string.Empty : frames.Peek().ChildPointer();
                        var (start, end) = frames.Count > 0 && frames.Peek().IsMapping
                            ? (frames.Peek().KeyStart, frames.Peek().KeyEnd)
                            : (current.Start, current.End);
                        if (!spans.ContainsKey(pointer))
                        {
                            spans[pointer] = (start, end);
                        }

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
                ToLocation(path, text, exception.Start, exception.End),
                Common.EquatableArray.From(new[] { Common.Naming.FileName(path), CleanMessage(exception.Message) }));
        }

        return new PositionIndex(path, spans, emptySchemas);

        static void Advance(Stack<Frame> frames)
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
                return ToLocation(_path, text, default, default, _lineStarts ??= LineStarts(text));
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

    private static LocationInfo ToLocation(string path, string text, Mark start, Mark end, int[]? lineStarts = null)
    {
        lineStarts ??= LineStarts(text);
        var startIndex = Clamp(start.Index, text.Length);
        var endIndex = Math.Max(startIndex, Clamp(end.Index, text.Length));
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

        public Mark KeyStart { get; set; }

        public Mark KeyEnd { get; set; }

        public int Index { get; set; }

        public string ChildPointer()
            => Append(Pointer, IsMapping ? Key ?? string.Empty : Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
