using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace FiniGen.Emit;

/// <summary>Writes contract prose (CommonMark, as OpenAPI descriptions are) as XML documentation comments.</summary>
internal static class DocComments
{
    private static readonly Regex s_bold = new(@"\*\*([^*\n]+)\*\*", RegexOptions.CultureInvariant);

    /// <summary>Writes <c>&lt;tag&gt;text&lt;/tag&gt;</c>; paragraphs of the text become <c>&lt;para&gt;</c> elements.</summary>
    public static void Write(SourceWriter writer, string tag, string? text, string attributes = "")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var paragraphs = Paragraphs(text!);
        if (paragraphs.Count == 1 && paragraphs[0].Count == 1)
        {
            writer.WriteLine("/// <" + tag + attributes + ">" + paragraphs[0][0] + "</" + tag + ">");
            return;
        }

        writer.WriteLine("/// <" + tag + attributes + ">");
        foreach (var paragraph in paragraphs)
        {
            if (paragraphs.Count > 1)
            {
                writer.WriteLine("/// <para>");
            }

            foreach (var line in paragraph)
            {
                writer.WriteLine("/// " + line);
            }

            if (paragraphs.Count > 1)
            {
                writer.WriteLine("/// </para>");
            }
        }

        writer.WriteLine("/// </" + tag + ">");
    }

    /// <summary>
    /// Writes a summary and remarks. Without an explicit summary, the first paragraph of the description is the
    /// summary and the rest are remarks; <paramref name="appendix"/> is added to the remarks as a last paragraph.
    /// </summary>
    public static void SummaryAndRemarks(SourceWriter writer, string? summary, string? description, string? fallback, string? appendix = null)
    {
        string? remarks;
        if (!string.IsNullOrWhiteSpace(summary))
        {
            remarks = description;
        }
        else if (string.IsNullOrWhiteSpace(description))
        {
            summary = fallback;
            remarks = null;
        }
        else
        {
            var text = Normalize(description!).Trim();
            var split = text.IndexOf("\n\n", StringComparison.Ordinal);
            summary = split < 0 ? text : text.Substring(0, split);
            remarks = split < 0 ? null : text.Substring(split + 2);
        }

        Write(writer, "summary", summary);
        if (!string.IsNullOrWhiteSpace(appendix))
        {
            remarks = string.IsNullOrWhiteSpace(remarks) ? appendix : remarks!.TrimEnd() + "\n\n" + appendix;
        }

        Write(writer, "remarks", remarks);
    }

    /// <summary>Escapes XML, turns inline Markdown into XML doc tags and splits the text into paragraphs of lines.</summary>
    public static List<List<string>> Paragraphs(string text)
    {
        var paragraphs = new List<List<string>>();
        var current = new List<string>();
        foreach (var raw in Normalize(text).Trim().Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0)
            {
                if (current.Count > 0)
                {
                    paragraphs.Add(current);
                    current = new List<string>();
                }

                continue;
            }

            current.Add(Inline(line));
        }

        if (current.Count > 0)
        {
            paragraphs.Add(current);
        }

        return paragraphs;
    }

    /// <summary>Escapes the XML special characters.</summary>
    public static string Escape(string text)
        => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Contract text made safe for one line of a doc comment: escaped, with line breaks and control characters as spaces.</summary>
    public static string Text(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in Normalize(text))
        {
            builder.Append(c == '\n' || c == '\t' ? ' ' : c);
        }

        return Escape(builder.ToString());
    }

    // Every line break a reader might honour becomes \n (a lone CR, NEL, LS and PS end a /// comment line too), and
    // other control characters, which XML does not allow, are dropped.
    private static string Normalize(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else if (c is '\u0085' or '\u2028' or '\u2029')
            {
                builder.Append('\n');
            }
            else if (c == '\n' || c == '\t' || (c >= ' ' && c != '\u007f'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // Code spans first: what is inside backticks is code, so emphasis markers there stay literal.
    private static string Inline(string line)
    {
        var builder = new System.Text.StringBuilder(line.Length + 16);
        var parts = line.Split('`');
        for (var i = 0; i < parts.Length; i++)
        {
            var isCode = i % 2 == 1 && i < parts.Length - 1;
            if (isCode)
            {
                builder.Append("<c>").Append(Escape(parts[i])).Append("</c>");
            }
            else
            {
                var plain = Escape(parts[i]);
                builder.Append(s_bold.Replace(plain, "<b>$1</b>"));
                if (i % 2 == 1)
                {
                    // An unmatched backtick stays as it was.
                    builder.Insert(builder.Length - plain.Length, "`");
                }
            }
        }

        return builder.ToString();
    }
}
