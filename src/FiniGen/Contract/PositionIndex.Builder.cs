using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FiniGen.Diagnostics;

namespace FiniGen.Contract;

internal sealed partial class PositionIndex
{
    /// <summary>What a value is, as far as the checks need to know.</summary>
    private enum ValueKind : byte
    {
        Mapping,
        Sequence,
        Null,
        Boolean,
        Number,
        String,
        Alias,
    }

    /// <summary>
    /// What the OpenAPI grammar puts in a container: the document's own objects, a schema, a map or list of schemas, or
    /// data (examples, defaults, enums, extensions, string maps such as OAuth scopes) where nothing is checked.
    /// </summary>
    private enum Context : byte
    {
        Document,
        Components,
        Opaque,
        Schema,
        SchemaMap,
        SchemaList,
    }

    private static readonly HashSet<string> s_schemaKeywords = new(StringComparer.Ordinal)
    {
        "items", "additionalProperties", "not", "additionalItems", "contains", "propertyNames", "if", "then", "else",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema",
    };

    private static readonly HashSet<string> s_schemaMapKeywords = new(StringComparer.Ordinal) { "properties", "patternProperties", "definitions", "$defs", "dependentSchemas" };

    private static readonly HashSet<string> s_schemaListKeywords = new(StringComparer.Ordinal) { "allOf", "oneOf", "anyOf", "prefixItems" };

    // Keywords whose schema may also be a boolean (JSON Schema; Microsoft.OpenApi reads additionalProperties: false).
    private static readonly HashSet<string> s_booleanSchemaKeywords = new(StringComparer.Ordinal) { "additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems" };

    // Keywords Microsoft.OpenApi parses with int.Parse (uint.Parse for the last two), throwing on anything else.
    private static readonly HashSet<string> s_countKeywords = new(StringComparer.Ordinal) { "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties", "maxContains", "minContains" };

    private static readonly HashSet<string> s_dataKeys = new(StringComparer.Ordinal) { "example", "examples", "default", "enum", "const", "scopes", "variables", "mapping", "security", "links" };

    // Maps whose keys are names the contract chooses (a response code, a media type, a header): "default" there is a response.
    private static readonly HashSet<string> s_namedMaps = new(StringComparer.Ordinal)
    {
        "paths", "webhooks", "responses", "headers", "parameters", "requestBodies", "callbacks", "pathItems", "securitySchemes", "content", "encoding",
    };

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

    /// <summary>What stops the index, with the node it happened at; <see cref="Create"/> words the diagnostic.</summary>
    private sealed class StopException : Exception
    {
        public StopException(int node, string id, Func<Func<int, int>, string> message, (int Start, int End)? span = null)
        {
            Node = node;
            Id = id;
            Words = message;
            Span = span;
        }

        public int Node { get; }

        // Where to point when it is not the node's own span (its key's, inside a mapping): an alias points at itself.
        public (int Start, int End)? Span { get; }

        public string Id { get; }

        // Given a way to turn a node into its 1-based line, the message.
        public Func<Func<int, int>, string> Words { get; }

        public DiagnosticInfo Create(string path, string text, Builder builder)
        {
            var lineStarts = LineStarts(text);
            var nodes = builder.Nodes;
            var pointer = PointerOf(nodes, Node);
            int LineOf(int node) => LineAndColumn(lineStarts, Clamp(nodes[node].Start, text.Length)).Line + 1;
            return new DiagnosticInfo(
                Id,
                ToLocation(path, text, Span?.Start ?? nodes[Node].Start, Span?.End ?? nodes[Node].End, lineStarts),
                Common.EquatableArray.From(Id == DiagnosticDescriptors.ContractSyntaxErrorId
                    ? new[] { Common.Naming.FileName(path), Words(LineOf) }
                    : new[] { Common.Naming.FileName(path), Words(LineOf), pointer.Length == 0 ? "/" : pointer }));
        }
    }

    /// <summary>Builds the nodes from a stream of events: keys, values, and the starts and ends of containers.</summary>
    private sealed class Builder
    {
        private readonly List<Frame> _frames = new();
        private readonly int _maxNesting;

        // Mapping keys recur (type, description, properties): each is kept once.
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

        // YAML anchors defined so far: true once the node they name is complete.
        private readonly Dictionary<string, bool> _anchors = new(StringComparer.Ordinal);

        // Found in document order; $refs are judged at the end, when the version (swagger: '2.0' or not) is known.
        private readonly List<(int Node, string Message, bool IsEmptySchema)> _schemaProblems = new();
        private readonly List<(int Node, ValueKind Kind, string? Value)> _references = new();
        private readonly List<int> _formDataWithoutType = new();
        private readonly List<(int List, string Name, int Node)> _formData = new();

        public Builder(int maxNesting) => _maxNesting = maxNesting;

        public Node[] Nodes { get; private set; } = new Node[64];

        public int Count { get; private set; }

        public int Depth => _frames.Count;

        /// <summary>Whether the root holds <c>swagger:</c> (Swagger 2.0), whose reader takes fewer kinds of <c>$ref</c>.</summary>
        public bool IsSwagger2 { get; private set; }

        /// <summary>Whether the next scalar is a key: inside a mapping, with no key pending.</summary>
        public bool ExpectsKey => _frames.Count > 0 && _frames[_frames.Count - 1].IsMapping && !_frames[_frames.Count - 1].HasKey;

        /// <summary>Whether the next value is checked (a <c>$ref</c>, or a place that must hold a schema), so its text is needed.</summary>
        public bool WantsValue
        {
            get
            {
                if (_frames.Count == 0)
                {
                    return false;
                }

                var parent = _frames[_frames.Count - 1];
                return IsReference(parent) || IsParameterField(parent) || IsCount(parent) || Classify(parent).IsSlot;
            }
        }

        public void SetKey(string key, int start, int end)
        {
            var frame = _frames[_frames.Count - 1];
            if (!_keys.TryGetValue(key, out var kept))
            {
                _keys[key] = kept = key;
            }

            // YAML and JSON keys are unique in a mapping; the OpenAPI reader fails on a repeated one without saying where.
            if (frame.Contains(Nodes, kept) is var first && first >= 0)
            {
                var second = Enter(start, end, ValueKind.Null, null, keyOnly: kept);
                throw new StopException(
                    second,
                    DiagnosticDescriptors.ContractSyntaxErrorId,
                    lineOf => "'" + kept + "' appears twice in one mapping (first on line " + lineOf(first).ToString(CultureInfo.InvariantCulture) + "); keys must be unique");
            }

            frame.Key = kept;
            frame.HasKey = true;
            frame.KeyStart = start;
            frame.KeyEnd = end;
            if (_frames.Count == 1 && kept == "swagger")
            {
                IsSwagger2 = true;
            }
        }

        // Records the value about to be read (at its key's span inside a mapping), checks it, and returns its node.
        public int Enter(int start, int end, ValueKind kind, string? value, string? keyOnly = null)
        {
            if (Count == Nodes.Length)
            {
                var grown = new Node[Nodes.Length * 2];
                Array.Copy(Nodes, grown, Count);
                Nodes = grown;
            }

            var node = Count++;
            ref var entry = ref Nodes[node];
            entry.FirstChild = -1;
            entry.NextSibling = -1;
            if (_frames.Count == 0)
            {
                entry.Parent = -1;
                entry.Start = start;
                entry.End = end;
                return node;
            }

            var parent = _frames[_frames.Count - 1];
            entry.Parent = parent.Node;
            if (keyOnly is not null)
            {
                // A repeated key, recorded only to be reported: not linked, so that lookups still find the first.
                entry.Key = keyOnly;
                entry.Start = start;
                entry.End = end;
                return node;
            }

            if (parent.IsMapping)
            {
                entry.Key = parent.Key ?? string.Empty;
                entry.Start = parent.KeyStart;
                entry.End = parent.KeyEnd;
            }
            else
            {
                entry.Index = parent.Index;
                entry.Start = start;
                entry.End = end;
            }

            parent.Add(Nodes, node);
            Check(parent, node, kind, value);
            return node;
        }

        public void Push(int node, bool isMapping, string? anchor)
        {
            if (_frames.Count == _maxNesting)
            {
                var levels = _maxNesting;
                throw new StopException(
                    node,
                    DiagnosticDescriptors.ContractReadErrorId,
                    _ => "'" + SegmentOf(Nodes, node) + "' is nested " + (levels + 1).ToString(CultureInfo.InvariantCulture)
                        + " levels deep; the OpenAPI reader reads at most " + levels.ToString(CultureInfo.InvariantCulture)
                        + " levels of YAML or JSON nesting. Move inner schemas into components/schemas and refer to them with $ref");
            }

            var parent = _frames.Count == 0 ? null : _frames[_frames.Count - 1];
            var context = parent is null ? Context.Document : Classify(parent).Context;
            if (!string.IsNullOrEmpty(anchor))
            {
                _anchors[anchor!] = false;
            }

            _frames.Add(new Frame(node, isMapping, context, string.IsNullOrEmpty(anchor) ? null : anchor, parent is { IsMapping: true } ? parent.Key : null));
        }

        public void Exit()
        {
            var frame = _frames[_frames.Count - 1];
            _frames.RemoveAt(_frames.Count - 1);
            if (frame is { IsMapping: true, Context: Context.Document, In: "formData" })
            {
                if (!frame.TypeIsString)
                {
                    _formDataWithoutType.Add(frame.Node);
                }

                if (frame.ParameterName is { } name)
                {
                    _formData.Add((Nodes[frame.Node].Parent, name, frame.Node));
                }
            }

            if (frame.Anchor is { } anchor)
            {
                _anchors[anchor] = true;
            }

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

        public void ComplexKey(int start, int end)
        {
            var node = Enter(start, end, ValueKind.Null, null, keyOnly: string.Empty);
            throw new StopException(node, DiagnosticDescriptors.ContractSyntaxErrorId, _ => "a key must be a single value, such as a name; a mapping, sequence or alias as a key has no JSON form", (start, end));
        }

        public void Anchor(string? anchor)
        {
            if (!string.IsNullOrEmpty(anchor))
            {
                _anchors[anchor!] = true;
            }
        }

        // An alias must name an anchor defined before it, on a node that does not contain it (YAML 1.2, 3.2.2.2).
        public void Alias(int node, string anchor, int start, int end)
        {
            if (!_anchors.TryGetValue(anchor, out var complete))
            {
                throw new StopException(node, DiagnosticDescriptors.ContractSyntaxErrorId, _ => "the alias '*" + anchor + "' names no anchor: '&" + anchor + "' must be defined before it", (start, end));
            }

            if (!complete)
            {
                throw new StopException(node, DiagnosticDescriptors.ContractSyntaxErrorId, _ => "the alias '*" + anchor + "' is inside the node '&" + anchor + "' it names, which would make that node infinite", (start, end));
            }
        }

        /// <summary>The problems found, in document order, with the <c>$ref</c>s judged for the document's version.</summary>
        public IReadOnlyList<Problem> Problems(bool isSwagger2)
        {
            var found = _schemaProblems.Select(p => (p.Node, p.Message, p.IsEmptySchema)).ToList();
            foreach (var (node, kind, value) in _references)
            {
                if (ReferenceProblem(kind, value, isSwagger2) is { } message)
                {
                    found.Add((node, message, false));
                }
            }

            if (isSwagger2)
            {
                // Microsoft.OpenApi's Swagger 2.0 reader throws a NullReferenceException on these.
                found.AddRange(_formDataWithoutType.Select(node => (node, "the formData parameter has no type, or one that is not a string; write one, such as type: string or type: file", false)));
                found.AddRange(_formData
                    .GroupBy(p => (p.List, p.Name))
                    .SelectMany(group => group.Skip(1))
                    .Select(p => (p.Node, "the formData parameter '" + p.Name + "' is declared twice in one list; each form field needs a name of its own", false)));
            }

            return found.OrderBy(p => p.Node).Select(p => new Problem(PointerOf(Nodes, p.Node), p.Message, p.IsEmptySchema)).ToList();
        }

        private void Check(Frame parent, int node, ValueKind kind, string? value)
        {
            if (IsReference(parent))
            {
                _references.Add((node, kind, value));
                return;
            }

            if (IsCount(parent) && kind is not (ValueKind.Mapping or ValueKind.Sequence or ValueKind.Alias) && CountProblem(parent.Key!, value) is { } problem)
            {
                _schemaProblems.Add((node, problem, false));
                return;
            }

            if (IsParameterField(parent))
            {
                switch (parent.Key)
                {
                    case "in":
                        parent.In = value;
                        break;
                    case "name":
                        parent.ParameterName = kind == ValueKind.String ? value : null;
                        break;
                    default:
                        parent.TypeIsString = kind == ValueKind.String;
                        break;
                }

                return;
            }

            var (isSlot, _) = Classify(parent);
            if (!isSlot || kind is ValueKind.Mapping or ValueKind.Alias)
            {
                return;
            }

            var name = SegmentOf(Nodes, node);
            if (kind == ValueKind.Null)
            {
                _schemaProblems.Add((node, "'" + name + "' has no schema (its value is empty); write {} to accept any JSON value", true));
            }
            else if (!(kind == ValueKind.Boolean && parent.IsMapping && s_booleanSchemaKeywords.Contains(name) && parent.Context == Context.Schema))
            {
                _schemaProblems.Add((node, "'" + name + "' is not a schema (its value is " + Describe(kind, value) + "); a schema is a mapping, such as { type: string }, or {} for any JSON value", false));
            }
        }

        // What the next value of parent is: whether it must hold a schema, and the context of its contents.
        private (bool IsSlot, Context Context) Classify(Frame parent)
        {
            var key = parent.IsMapping ? parent.Key ?? string.Empty : null;
            switch (parent.Context)
            {
                case Context.Opaque:
                    return (false, Context.Opaque);
                case Context.SchemaMap:
                    return (true, Context.Schema);
                case Context.SchemaList:
                    return parent.IsMapping ? (false, Context.Opaque) : (true, Context.Schema);
                case Context.Schema:
                    if (key is null)
                    {
                        return (false, Context.Opaque);
                    }

                    if (s_schemaKeywords.Contains(key))
                    {
                        return (true, Context.Schema);
                    }

                    return s_schemaMapKeywords.Contains(key) ? (false, Context.SchemaMap)
                        : s_schemaListKeywords.Contains(key) ? (false, Context.SchemaList)
                        : (false, Context.Opaque);
                default:
                    if (key is null)
                    {
                        return (false, Context.Document);
                    }

                    if (key.StartsWith("x-", StringComparison.Ordinal) || (s_dataKeys.Contains(key) && !(parent.Name is { } name && s_namedMaps.Contains(name))))
                    {
                        return (false, Context.Opaque);
                    }

                    if (key is "schema" or "items")
                    {
                        // A media type's, parameter's or header's schema; a Swagger 2.0 parameter's or header's items.
                        return (true, Context.Schema);
                    }

                    if ((parent.Context == Context.Components && key == "schemas") || (_frames.Count == 1 && key == "definitions"))
                    {
                        return (false, Context.SchemaMap);
                    }

                    return (false, _frames.Count == 1 && key == "components" ? Context.Components : Context.Document);
            }
        }

        // A $ref of a schema or of a document object; "$ref" as a property name (in a map of schemas) or in data is not one.
        private static bool IsReference(Frame parent)
            => parent.IsMapping && parent.Key == "$ref" && parent.Context is Context.Document or Context.Schema;

        // maxLength and the like, of a schema or (Swagger 2.0) of a parameter, header or items.
        private static bool IsCount(Frame parent)
            => parent.IsMapping && parent.Context is Context.Schema or Context.Document && parent.Key is { } key && s_countKeywords.Contains(key);

        private static string? CountProblem(string keyword, string? value)
        {
            var unsigned = keyword is "maxContains" or "minContains";
            if (unsigned ? uint.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                return null;
            }

            var largest = unsigned ? uint.MaxValue.ToString(CultureInfo.InvariantCulture) : int.MaxValue.ToString(CultureInfo.InvariantCulture);
            return value is not null && System.Numerics.BigInteger.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) && whole > 0
                ? "'" + keyword + "' must be at most " + largest + ", the most the OpenAPI reader holds; it is " + Shorten(value)
                : "'" + keyword + "' must be a whole number" + (unsigned ? " of 0 or more" : string.Empty) + "; it is " + (value is null ? "empty" : Shorten(value.Trim()));
        }

        // "in", "name" and "type" of a document object: a Swagger 2.0 parameter's, checked on its way out.
        private static bool IsParameterField(Frame parent)
            => parent.IsMapping && parent.Context == Context.Document && parent.Key is "in" or "name" or "type";

        private static string Describe(ValueKind kind, string? value) => kind switch
        {
            ValueKind.Sequence => "a sequence",
            ValueKind.Boolean => value ?? "a boolean",
            ValueKind.Number => "the number " + value,
            _ => "the string '" + Shorten(value ?? string.Empty) + "'",
        };

        private static string Shorten(string value) => value.Length <= 40 ? value : value.Substring(0, 40) + "…";

        // Microsoft.OpenApi throws (ArgumentNullException, IndexOutOfRangeException, UriFormatException) on these.
        private static string? ReferenceProblem(ValueKind kind, string? value, bool isSwagger2)
        {
            if (kind == ValueKind.Alias)
            {
                return null;
            }

            if (kind != ValueKind.String)
            {
                return "the $ref " + (kind == ValueKind.Sequence ? "[…]" : value) + " is not a string; write the reference in quotes, as in '#/components/schemas/Pet'";
            }

            var text = value ?? string.Empty;
            if (text.Trim().Length == 0 || text.TrimEnd().EndsWith("/", StringComparison.Ordinal))
            {
                return "the $ref '" + Shorten(text) + "' names nothing (it is empty or ends in '/'); write the name after the last '/', as in '#/components/schemas/Pet'";
            }

            if (isSwagger2 && text.IndexOf("://", StringComparison.Ordinal) >= 0)
            {
                return "the $ref '" + Shorten(text) + "' is a URL, which the OpenAPI reader cannot follow in a Swagger 2.0 document; copy the schema into definitions";
            }

            if (isSwagger2 && text.IndexOf('#') < 0)
            {
                return "the $ref '" + Shorten(text) + "' has no '#': a Swagger 2.0 reference names an element, as in '#/definitions/Pet' or 'pet.yaml#/Pet'";
            }

            return null;
        }
    }

    private sealed class Frame
    {
        // Past this many keys, a mapping's keys are also kept in a set, so that finding a repeated key stays cheap.
        private HashSet<string>? _keySet;

        public Frame(int node, bool isMapping, Context context, string? anchor, string? name)
        {
            Node = node;
            IsMapping = isMapping;
            Context = context;
            Anchor = anchor;
            Name = name;
        }

        /// <summary>The key this container is the value of; null in a sequence or at the root.</summary>
        public string? Name { get; }

        public int Node { get; }

        public bool IsMapping { get; }

        public Context Context { get; }

        public string? Anchor { get; }

        public int LastChild { get; private set; } = -1;

        public int Children { get; private set; }

        public string? Key { get; set; }

        public bool HasKey { get; set; }

        public int KeyStart { get; set; }

        public int KeyEnd { get; set; }

        public int Index { get; set; }

        /// <summary>The value of its <c>in:</c>, when it is a document object (a parameter).</summary>
        public string? In { get; set; }

        /// <summary>Whether its <c>type:</c> is a string, when it is a document object.</summary>
        public bool TypeIsString { get; set; }

        /// <summary>The value of its <c>name:</c>, when it is a document object (a parameter).</summary>
        public string? ParameterName { get; set; }

        public void Add(Node[] nodes, int node)
        {
            if (LastChild < 0)
            {
                nodes[Node].FirstChild = node;
            }
            else
            {
                nodes[LastChild].NextSibling = node;
            }

            LastChild = node;
            Children++;
            if (_keySet is not null)
            {
                _keySet.Add(nodes[node].Key ?? string.Empty);
            }
            else if (IsMapping && Children > ScanLimit)
            {
                _keySet = new HashSet<string>(StringComparer.Ordinal);
                for (var child = nodes[Node].FirstChild; child >= 0; child = nodes[child].NextSibling)
                {
                    _keySet.Add(nodes[child].Key ?? string.Empty);
                }
            }
        }

        // The first child keyed key, or -1.
        public int Contains(Node[] nodes, string key)
        {
            if (!IsMapping || (_keySet is not null && !_keySet.Contains(key)))
            {
                return -1;
            }

            for (var child = nodes[Node].FirstChild; child >= 0; child = nodes[child].NextSibling)
            {
                if (string.Equals(nodes[child].Key, key, StringComparison.Ordinal))
                {
                    return child;
                }
            }

            return -1;
        }
    }
}
