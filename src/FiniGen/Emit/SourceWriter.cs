using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace FiniGen.Emit;

/// <summary>
/// An indenting text writer for generated source, after System.Text.Json's <c>SourceWriter</c>: it writes
/// <c>\n</c> line ends and four-space indentation whatever the machine, so the same model gives the same bytes.
/// </summary>
internal sealed class SourceWriter
{
    private const int IndentSize = 4;
    private readonly StringBuilder _builder = new();
    private int _indentation;

    /// <summary>The current indentation level.</summary>
    public int Indentation
    {
        get => _indentation;
        set
        {
            if (value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value));
            }

            _indentation = value;
        }
    }

    /// <summary>Writes one line at the current indentation.</summary>
    public void WriteLine(string text)
    {
        if (text.Length == 0)
        {
            _builder.Append('\n');
            return;
        }

        _builder.Append(' ', _indentation * IndentSize).Append(text).Append('\n');
    }

    /// <summary>Writes an empty line.</summary>
    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes every line of <paramref name="text"/> at the current indentation (for raw string blocks).</summary>
    public void WriteLines(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        foreach (var line in lines)
        {
            WriteLine(line.TrimEnd());
        }
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public void OpenBlock()
    {
        WriteLine("{");
        Indentation++;
    }

    /// <summary>Unindents and writes <c>}</c> followed by <paramref name="suffix"/>.</summary>
    public void CloseBlock(string suffix = "")
    {
        Indentation--;
        WriteLine("}" + suffix);
    }

    /// <summary>The text written, as UTF-8 source. Fails if a block was left open.</summary>
    public SourceText ToSourceText()
    {
        if (_indentation != 0)
        {
            throw new InvalidOperationException("Generated source ends inside an open block.");
        }

        return SourceText.From(_builder.ToString(), Encoding.UTF8);
    }

    /// <inheritdoc />
    public override string ToString() => _builder.ToString();
}
