using System;
using System.Collections.Generic;
using System.Linq;

namespace FiniGen.Emit;

/// <summary>Writes contract prose as XML documentation comments.</summary>
internal static class DocComments
{
    /// <summary>Writes <c>&lt;tag&gt;text&lt;/tag&gt;</c> over as many lines as the text has.</summary>
    public static void Write(SourceWriter writer, string tag, string? text, string attributes = "")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var lines = Lines(text!);
        if (lines.Count == 1)
        {
            writer.WriteLine("/// <" + tag + attributes + ">" + lines[0] + "</" + tag + ">");
            return;
        }

        writer.WriteLine("/// <" + tag + attributes + ">");
        foreach (var line in lines)
        {
            writer.WriteLine(line.Length == 0 ? "///" : "/// " + line);
        }

        writer.WriteLine("/// </" + tag + ">");
    }

    /// <summary>Writes a summary from the first paragraph and remarks from the rest.</summary>
    public static void SummaryAndRemarks(SourceWriter writer, string? summary, string? description, string? fallback)
    {
        if (!string.IsNullOrWhiteSpace(summary))
        {
            Write(writer, "summary", summary);
            Write(writer, "remarks", description);
            return;
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            Write(writer, "summary", fallback);
            return;
        }

        var text = description!.Replace("\r\n", "\n").Trim();
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            Write(writer, "summary", text);
            return;
        }

        Write(writer, "summary", text.Substring(0, split));
        Write(writer, "remarks", text.Substring(split + 2));
    }

    /// <summary>Escapes XML and splits into trimmed lines, dropping leading and trailing blank ones.</summary>
    public static List<string> Lines(string text)
    {
        var escaped = Escape(text.Replace("\r\n", "\n").Trim());
        return escaped.Split('\n').Select(l => l.TrimEnd()).ToList();
    }

    /// <summary>Escapes the XML special characters.</summary>
    public static string Escape(string text)
        => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
