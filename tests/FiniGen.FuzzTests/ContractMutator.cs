using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace FiniGen.FuzzTests;

/// <summary>
/// Seeded, structure-aware mutations of a contract's text: byte flips, truncation, deleted, duplicated and swapped
/// lines, indentation shifts, type swaps, broken <c>$ref</c>s and YAML oddities. The same seed gives the same text.
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
        switch (random.Next(10))
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

            default:
                {
                    // Words the generator turns into identifiers: names, operation IDs, enum values.
                    var words = Regex.Matches(text, "[A-Za-z_][A-Za-z0-9_]{2,}").Select(m => m).ToList();
                    if (words.Count == 0)
                    {
                        description = "no word to rename";
                        return text;
                    }

                    var word = words[random.Next(words.Count)];
                    var replacement = new[] { "class", "namespace", "System", "Task", "ReadJson", "Equals", "_", "1a", "a-b", "ä", "Options", "Dispose", string.Empty }[random.Next(13)];
                    description = $"renamed {word.Value} at {word.Index} to {Escape(replacement)}";
                    return text.Substring(0, word.Index) + replacement + text.Substring(word.Index + word.Length);
                }
        }
    }

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
