using FiniGen.Common;
using FiniGen.Diagnostics;

namespace FiniGen.Contract;

/// <summary>Creates diagnostics that point at a JSON pointer of the contract being read.</summary>
internal sealed class Locator
{
    private readonly ContractFile _entry;
    private readonly PositionIndex _index;

    public Locator(ContractFile entry, PositionIndex index)
    {
        _entry = entry;
        _index = index;
        FileName = Naming.FileName(entry.Path);
    }

    /// <summary>The contract's file name, for messages.</summary>
    public string FileName { get; }

    /// <summary>A diagnostic with <paramref name="id"/> at <paramref name="pointer"/> (or its closest existing ancestor).</summary>
    public DiagnosticInfo Create(string id, string pointer, params string[] args)
        => new(id, _index.Locate(pointer, _entry.Text), EquatableArray.From(args));

    /// <summary>
    /// A diagnostic about a reader error or exception: at <paramref name="pointer"/> when it names a place in the file,
    /// else where <paramref name="message"/> says (a line and column, a key or value it quotes).
    /// </summary>
    public DiagnosticInfo CreateForReader(string id, string pointer, string? message, params string[] args)
        => new(id, _index.LocateReaderError(pointer, message, _entry.Text), EquatableArray.From(args));
}
