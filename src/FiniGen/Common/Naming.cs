using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace FiniGen.Common;

/// <summary>Turns contract names (wire names, schema keys, operation IDs) into C# identifiers.</summary>
internal static class Naming
{
    /// <summary>PascalCase identifier from any contract name: <c>source-type</c>, <c>IN_PROGRESS</c>, <c>listSources</c>.</summary>
    public static string ToPascal(string name)
    {
        var words = SplitWords(name);
        var builder = new StringBuilder(name.Length);
        foreach (var word in words)
        {
            builder.Append(char.ToUpperInvariant(word[0]));
            var rest = word.Substring(1);
            // An all-caps word (IN_PROGRESS, HTTP) reads better as Pascal: InProgress, Http.
            builder.Append(IsAllUpper(word) ? rest.ToLowerInvariant() : rest);
        }

        return MakeIdentifier(builder.ToString());
    }

    /// <summary>camelCase identifier, for parameters and locals.</summary>
    public static string ToCamel(string name)
    {
        var pascal = ToPascal(name);
        if (pascal.StartsWith("_", StringComparison.Ordinal))
        {
            return pascal;
        }

        var index = 0;
        while (index < pascal.Length && char.IsUpper(pascal[index]) && (index == 0 || index + 1 >= pascal.Length || char.IsUpper(pascal[index + 1])))
        {
            index++;
        }

        index = Math.Max(index, 1);
        return pascal.Substring(0, index).ToLowerInvariant() + pascal.Substring(index);
    }

    /// <summary>Prefixes a C# keyword with <c>@</c>.</summary>
    public static string EscapeKeyword(string identifier)
        => SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) is SyntaxKind.VarKeyword
            ? "@" + identifier
            : identifier;

    /// <summary>Whether <paramref name="text"/> is a valid, dotted C# namespace name.</summary>
    public static bool IsValidNamespace(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var part in text.Split('.'))
        {
            if (!SyntaxFacts.IsValidIdentifier(part) || SyntaxFacts.GetKeywordKind(part) != SyntaxKind.None)
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> SplitWords(string name)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsIdentifierPart(c))
            {
                Flush();
                continue;
            }

            // Split camelCase boundaries (listSources -> list, Sources) but keep acronyms together (HTTPServer -> HTTP, Server).
            if (current.Length > 0 && char.IsUpper(c))
            {
                var previous = current[current.Length - 1];
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower))
                {
                    Flush();
                }
            }

            current.Append(c);
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }

    private static bool IsIdentifierPart(char c)
        => char.IsLetterOrDigit(c) && c < 128 || (c >= 128 && SyntaxFacts.IsIdentifierPartCharacter(c) && c != '_');

    private static bool IsAllUpper(string word)
    {
        var hasLetter = false;
        foreach (var c in word)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            hasLetter |= char.IsLetter(c);
        }

        return hasLetter && word.Length > 1;
    }

    private static string MakeIdentifier(string candidate)
    {
        if (candidate.Length == 0)
        {
            return "_";
        }

        var identifier = SyntaxFacts.IsIdentifierStartCharacter(candidate[0]) ? candidate : "_" + candidate;
        if (SyntaxFacts.IsValidIdentifier(identifier))
        {
            return identifier;
        }

        var builder = new StringBuilder(identifier.Length);
        foreach (var c in identifier)
        {
            if (SyntaxFacts.IsIdentifierPartCharacter(c))
            {
                builder.Append(c);
            }
        }

        return builder.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(builder[0]) ? "_" + builder : builder.ToString();
    }

    /// <summary>The file name of a path with either kind of separator (no file-system access).</summary>
    public static string FileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash < 0 ? path : path.Substring(slash + 1);
    }

    /// <summary>Renders <paramref name="value"/> as a C# string literal.</summary>
    public static string StringLiteral(string value)
        => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>Formats an integer the same way on every machine.</summary>
    public static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Hands out unique identifiers within one scope, in the order asked.</summary>
internal sealed class UniqueNameScope
{
    private readonly HashSet<string> _taken;

    // The next suffix to try for a name: suffixes below it are taken, and names are never given back, so the first
    // free one is found from here. Trying every suffix from 2 made n names that become the same identifier cost n².
    private readonly Dictionary<string, int> _nextSuffix;

    public UniqueNameScope(params string[] reserved)
        : this(StringComparer.Ordinal, reserved)
    {
    }

    public UniqueNameScope(StringComparer comparer, params string[] reserved)
    {
        _taken = new HashSet<string>(comparer);
        _nextSuffix = new Dictionary<string, int>(comparer);
        foreach (var name in reserved)
        {
            _taken.Add(name);
        }
    }

    /// <summary>Reserves <paramref name="name"/>, or the first free <c>name2</c>, <c>name3</c>, ….</summary>
    /// <returns>The name reserved, and whether it had to change.</returns>
    public (string Name, bool Renamed) Reserve(string name)
    {
        if (_taken.Add(name))
        {
            return (name, false);
        }

        for (var i = _nextSuffix.TryGetValue(name, out var next) ? next : 2; ; i++)
        {
            var candidate = name + Naming.Invariant(i);
            if (_taken.Add(candidate))
            {
                _nextSuffix[name] = i + 1;
                return (candidate, true);
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is already taken.</summary>
    public bool Contains(string name) => _taken.Contains(name);
}
