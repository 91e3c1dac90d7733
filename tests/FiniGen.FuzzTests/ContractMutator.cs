using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FiniGen.FuzzTests;

/// <summary>
/// Seeded, structure-aware mutations of a contract's text: byte flips, truncation, deleted, duplicated and swapped
/// lines, indentation shifts, type swaps, broken <c>$ref</c>s and YAML oddities; and the shapes that cost a generator
/// more than their size: deep nesting (JSON and YAML), chains and cycles of <c>$ref</c>s, odd names, catastrophic
/// regular expressions and huge numbers. The same seed gives the same text.
/// </summary>
public static class ContractMutator
{
    private static readonly string[] s_types = ["string", "integer", "number", "boolean", "array", "object", "null", "[string, 'null']", "{}", "''", "7"];

    private static readonly string[] s_refs =
    [
        "'#/components/schemas/Missing'", "'#/components/schemas/'", "'#'", "''", "'other.yaml#/components/schemas/Pet'",
        "'#/definitions/Missing'", "'#/paths/~1pets'", "'#/components/schemas/Pet/properties/x'", "'http://example.com/x.json'",
        "'#/components/schemas/Pet'", "'#/components/schemas/Person'", "\"#/definitions/Item\"", "7",
    ];

    private static readonly string[] s_junk =
    [
        "\0", "\t", "{", "}", "[", "]", ":", "-", "\"", "'", "#", "&a", "*a", "!!binary", "? ", "|", ">", "%", "@", "`", "\\", "\u2028", "\uFEFF", "é", "😀", "\r", "\n",
    ];

    private static readonly string[] s_snippets =
    [
        "  x-finigen-pagination: { cursorParameter: nope, forward: 1 }", "  x-finigen-async-job: []", "  x-finigen-retry-safe: maybe",
        "  x-finigen-scopes: { a: 1 }", "  nullable: true", "  enum: []", "  required: [ghost]", "  allOf: []", "  oneOf: [{}]",
        "  discriminator: { propertyName: '' }", "  additionalProperties: false", "  items: { $ref: '#/components/schemas/Missing' }",
        "  format: binary", "  style: matrix", "  in: cookie", "  explode: 12", "<<: *a", "a: &a { b: *a }", "%YAML 1.2", "---", "...",
        "  minimum: 1e400", "  maxLength: -1", "  pattern: '['", "  default: { deep: [1, 2, { x: null }] }", "  type: [string, integer]",
    ];

    // Patterns that backtrack for ever on the wrong input, and ones .NET cannot parse.
    private static readonly string[] s_patterns = ["'^(a|aa)+$'", "'(x+x+)+y'", "'^(a+)+$'", "'((a*)*b)*c'", "'(.*a){20}'", "'[z-a]'", "'(?<'", "'\\'", "'a{99999999999}'"];

    // Numbers beyond what the reader (Int32 counts) or the client (decimal bounds) holds, and nonsense ones.
    private static readonly string[] s_numbers =
    [
        "minimum: 1e400", "maximum: -1e999999", "minimum: 79228162514264337593543950336", "exclusiveMinimum: 1e309", "multipleOf: 0",
        "maxLength: 99999999999999999999", "minLength: -1", "maxItems: 2147483648", "minItems: 1.5", "minProperties: '3 or so'",
        "maxContains: -1", "maxLength: ", "minimum: NaN", "maximum: .inf",
    ];

    // Names that are legal identifiers but mean something else to C# or to the generated code, or none at all.
    private static readonly string[] s_names =
    [
        "class", "namespace", "System", "Task", "ReadJson", "Equals", "_", "__", "1a", "a-b", "ä", "日本語", "Options", "Dispose", "",
        "value", "Value", "global", "Object", "String", "string", "Int32", "Guid", "JsonElement", "CancellationToken", "var", "nameof",
        "FiniSourcesClient", "Fini", "Client", "Consumer", "Api", "ApiClient", "PET", "pet", "@type", "$ref", "a/b", "~0", " ",
    ];

    /// <summary>Applies one to three mutations to <paramref name="text"/>; <paramref name="description"/> says which.</summary>
    public static string Mutate(string text, Random random, out string description)
    {
        var applied = new List<string>();
        var count = 1 + random.Next(3);
        for (var i = 0; i < count && text.Length > 0; i++)
        {
            text = MutateOnce(text, random, out var what);
            applied.Add(what);
        }

        description = string.Join("; ", applied);
        return text;
    }

    private static string MutateOnce(string text, Random random, out string description)
    {
        var lines = text.Split('\n').ToList();
        switch (random.Next(15))
        {
            case 0:
                {
                    var at = random.Next(text.Length);
                    var junk = s_junk[random.Next(s_junk.Length)];
                    description = $"byte flip at {at} to {Escape(junk)}";
                    return text.Substring(0, at) + junk + text.Substring(Math.Min(text.Length, at + 1));
                }

            case 1:
                {
                    var at = random.Next(text.Length);
                    description = $"truncated at {at}";
                    return text.Substring(0, at);
                }

            case 2:
                {
                    var at = random.Next(lines.Count);
                    var length = Math.Min(1 + random.Next(3), lines.Count - at);
                    lines.RemoveRange(at, length);
                    description = $"deleted lines {at + 1}-{at + length}";
                    return string.Join("\n", lines);
                }

            case 3:
                {
                    var at = random.Next(lines.Count);
                    var length = Math.Min(1 + random.Next(4), lines.Count - at);
                    lines.InsertRange(at, lines.GetRange(at, length));
                    description = $"duplicated lines {at + 1}-{at + length}";
                    return string.Join("\n", lines);
                }

            case 4:
                {
                    var a = random.Next(lines.Count);
                    var b = random.Next(lines.Count);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    description = $"swapped lines {a + 1} and {b + 1}";
                    return string.Join("\n", lines);
                }

            case 5:
                {
                    var at = random.Next(lines.Count);
                    var indent = random.Next(2) == 0;
                    lines[at] = indent ? "  " + lines[at] : lines[at].StartsWith("  ", StringComparison.Ordinal) ? lines[at].Substring(2) : lines[at].TrimStart();
                    description = $"{(indent ? "indented" : "outdented")} line {at + 1}";
                    return string.Join("\n", lines);
                }

            case 6:
                return Replace(text, random, new Regex("(\"type\"\\s*:\\s*)(\"[a-z]+\")|(type:\\s*)([a-z]+|\\[[^\\]]*\\])"), s_types, "type", out description);

            case 7:
                return Replace(text, random, new Regex("(\"\\$ref\"\\s*:\\s*)(\"[^\"]*\")|(\\$ref:\\s*)('[^']*'|\"[^\"]*\")"), s_refs, "$ref", out description);

            case 8:
                {
                    var at = random.Next(lines.Count);
                    var snippet = s_snippets[random.Next(s_snippets.Length)];
                    var indent = new string(' ', lines[at].Length - lines[at].TrimStart().Length);
                    lines.Insert(at, indent + snippet);
                    description = $"inserted {Escape(snippet)} at line {at + 1}";
                    return string.Join("\n", lines);
                }

            case 9:
                {
                    // Words the generator turns into identifiers: names, operation IDs, enum values.
                    var words = Regex.Matches(text, "[A-Za-z_][A-Za-z0-9_]{2,}").Select(m => m).ToList();
                    if (words.Count == 0)
                    {
                        description = "no word to rename";
                        return text;
                    }

                    var word = words[random.Next(words.Count)];
                    var replacement = s_names[random.Next(s_names.Length)];
                    description = $"renamed {word.Value} at {word.Index} to {Escape(replacement)}";
                    return text.Substring(0, word.Index) + replacement + text.Substring(word.Index + word.Length);
                }

            case 10:
                return Nest(text, random, out description);

            case 11:
                return Chain(text, random, out description);

            case 12:
                {
                    // A component or property renamed to another one's name in a different case, or to a C#-meaningful name.
                    var keys = Regex.Matches(text, IsJson(text) ? "\"([A-Za-z][A-Za-z0-9]*)\"\\s*:\\s*\\{" : "(?m)^ +([A-Za-z][A-Za-z0-9]*):").Select(m => m.Groups[1]).ToList();
                    if (keys.Count == 0)
                    {
                        description = "no key to rename";
                        return text;
                    }

                    var key = keys[random.Next(keys.Count)];
                    var other = keys[random.Next(keys.Count)].Value;
                    var replacement = random.Next(3) switch
                    {
                        0 => other.ToUpperInvariant(),
                        1 => char.IsUpper(other[0]) ? char.ToLowerInvariant(other[0]) + other.Substring(1) : char.ToUpperInvariant(other[0]) + other.Substring(1),
                        _ => s_names[random.Next(s_names.Length)],
                    };
                    description = $"renamed key {key.Value} at {key.Index} to {Escape(replacement)}";
                    return text.Substring(0, key.Index) + replacement + text.Substring(key.Index + key.Length);
                }

            case 13:
                {
                    var at = random.Next(lines.Count);
                    var indent = new string(' ', lines[at].Length - lines[at].TrimStart().Length);
                    var snippet = random.Next(2) == 0 ? "pattern: " + s_patterns[random.Next(s_patterns.Length)] : s_numbers[random.Next(s_numbers.Length)];
                    lines.Insert(at, indent + (IsJson(text) ? "\"" + snippet.Substring(0, snippet.IndexOf(':')) + "\":" + JsonValue(snippet.Substring(snippet.IndexOf(':') + 1).Trim()) + "," : snippet));
                    description = $"inserted {Escape(snippet)} at line {at + 1}";
                    return string.Join("\n", lines);
                }

            default:
                {
                    // What YAML allows and JSON (so the OpenAPI reader) does not: repeated keys, complex keys, stray aliases.
                    var at = random.Next(lines.Count);
                    var indent = new string(' ', lines[at].Length - lines[at].TrimStart().Length);
                    var colon = lines[at].IndexOf(':');
                    var oddities = new[]
                    {
                        colon > 0 ? lines[at] : indent + "type: string",
                        indent + "? [a, b]\n" + indent + ": c",
                        indent + "{}: string",
                        indent + "x: *nowhere",
                        indent + "self: &self { again: *self }",
                        indent + "<<: { type: string }",
                    };
                    var oddity = oddities[random.Next(oddities.Length)];
                    lines.Insert(at, oddity);
                    description = $"inserted {Escape(oddity)} at line {at + 1}";
                    return string.Join("\n", lines);
                }
        }
    }

    // A schema nested far deeper than anything real (and than the readers' 64 levels), where a schema belongs.
    private static string Nest(string text, Random random, out string description)
    {
        var depth = new[] { 5, 20, 30, 31, 32, 62, 63, 64, 65, 200, 3_000 }[random.Next(11)];
        var list = random.Next(3) == 0;
        var builder = new StringBuilder();
        var json = IsJson(text);
        for (var i = 0; i < depth; i++)
        {
            builder.Append(list
                ? (json ? "{\"type\":\"array\",\"items\":" : "{ type: array, items: ")
                : (json ? "{\"type\":\"object\",\"properties\":{\"a\":" : "{ type: object, properties: { a: "));
        }

        builder.Append(json ? "{\"type\":\"string\"}" : "{ type: string }");
        for (var i = 0; i < depth; i++)
        {
            builder.Append(list ? "}" : json ? "}}" : " } }");
        }

        var properties = Regex.Matches(text, json ? "\"properties\"\\s*:\\s*\\{" : "(?m)^( +)properties:\\s*$").ToList();
        if (properties.Count == 0)
        {
            description = "no properties to nest in";
            return text;
        }

        var match = properties[random.Next(properties.Count)];
        var insertion = json ? "\"deep\":" + builder + "," : "\n" + match.Groups[1].Value + "  deep: " + builder;
        description = $"nested a schema {depth} deep ({(list ? "lists" : "objects")}) at {match.Index}";
        return text.Substring(0, match.Index + match.Length) + insertion + text.Substring(match.Index + match.Length);
    }

    // A chain of component schemas, each a $ref to the next (or wrapping one), that ends in a type or turns back on
    // itself, with an existing $ref sent into it.
    private static string Chain(string text, Random random, out string description)
    {
        var json = IsJson(text);
        var length = new[] { 1, 2, 3, 5, 20, 200 }[random.Next(6)];
        var style = random.Next(5);
        var closes = random.Next(2) == 0;
        var back = random.Next(length);
        var prefix = json ? "#/definitions/" : "#/components/schemas/";
        string Ref(int i) => json ? "{\"$ref\":\"" + prefix + "Z" + i + "\"}" : "{ $ref: '" + prefix + "Z" + i + "' }";
        string Step(int next) => style switch
        {
            0 => Ref(next),
            1 => json ? "{\"description\":\"d\",\"allOf\":[" + Ref(next) + "]}" : "{ description: d, allOf: [ " + Ref(next) + " ] }",
            2 => json ? "{\"type\":\"array\",\"items\":" + Ref(next) + "}" : "{ type: array, items: " + Ref(next) + " }",
            3 => json ? "{\"type\":\"object\",\"additionalProperties\":" + Ref(next) + "}" : "{ type: object, additionalProperties: " + Ref(next) + " }",
            _ => json ? "{\"type\":\"object\",\"properties\":{\"next\":" + Ref(next) + "}}" : "{ type: object, properties: { next: " + Ref(next) + " } }",
        };

        var entries = new List<string>();
        for (var i = 0; i < length; i++)
        {
            entries.Add((json ? "\"Z" + i + "\":" : "Z" + i + ": ") + Step(i + 1));
        }

        entries.Add((json ? "\"Z" + length + "\":" : "Z" + length + ": ") + (closes ? Step(back) : json ? "{\"type\":\"string\"}" : "{ type: string }"));
        var schemas = Regex.Match(text, json ? "\"definitions\"\\s*:\\s*\\{" : "(?m)^( +)schemas:\\s*$");
        if (!schemas.Success)
        {
            description = "no schemas to chain in";
            return text;
        }

        var indent = json ? string.Empty : schemas.Groups[1].Value + "  ";
        var block = json ? string.Join(",", entries) + "," : string.Concat(entries.Select(e => "\n" + indent + e));
        text = text.Substring(0, schemas.Index + schemas.Length) + block + text.Substring(schemas.Index + schemas.Length);

        // Send an existing reference into the chain.
        var refs = Regex.Matches(text, json ? "\"\\$ref\"\\s*:\\s*\"[^\"]*\"" : "\\$ref:\\s*'[^']*'").ToList();
        var sent = refs.Count > length + 1 ? refs[random.Next(refs.Count)] : null;
        if (sent is not null)
        {
            text = text.Substring(0, sent.Index) + (json ? "\"$ref\":\"" + prefix + "Z0\"" : "$ref: '" + prefix + "Z0'") + text.Substring(sent.Index + sent.Length);
        }

        description = $"chained {length} schemas (style {style}) {(closes ? "back to Z" + back : "to a string")}{(sent is null ? string.Empty : ", entered at " + sent.Index)}";
        return text;
    }

    private static bool IsJson(string text) => text.TrimStart('\uFEFF', ' ', '\n', '\r', '\t').StartsWith('{');

    private static string JsonValue(string value)
        => value.Length == 0 ? "null" : value.StartsWith('\'') ? "\"" + value.Trim('\'').Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"" : value;

    private static string Replace(string text, Random random, Regex pattern, string[] values, string what, out string description)
    {
        var matches = pattern.Matches(text);
        if (matches.Count == 0)
        {
            description = "no " + what + " to change";
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        var prefix = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[3].Value;
        var value = values[random.Next(values.Length)];
        if (match.Groups[1].Success && !value.StartsWith('"'))
        {
            value = "\"" + value.Trim('\'') + "\"";
        }

        description = $"{what} at {match.Index} changed to {Escape(value)}";
        return text.Substring(0, match.Index) + prefix + value + text.Substring(match.Index + match.Length);
    }

    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value)
        {
            builder.Append(c < ' ' || c == '\u2028' || c == '\uFEFF' ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString());
        }

        return builder.ToString();
    }
}
