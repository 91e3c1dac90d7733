using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace FiniGen.Emit;

/// <summary>Writes contract prose (CommonMark, as OpenAPI descriptions are) as XML documentation comments.</summary>
internal static class DocComments
{
    private static readonly Regex s_code = new("`([^`\n]+)`", RegexOptions.CultureInvariant);
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
            var text = description!.Replace("\r\n", "\n").Trim();
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
        foreach (var raw in text.Replace("\r\n", "\n").Trim().Split('\n'))
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

    private static string Inline(string line)
        => s_bold.Replace(s_code.Replace(Escape(line), "<c>$1</c>"), "<b>$1</b>");
}
