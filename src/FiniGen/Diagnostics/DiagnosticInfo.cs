using FiniGen.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace FiniGen.Diagnostics;

/// <summary>A diagnostic as a cacheable value: the descriptor's ID, where it points and its message arguments.</summary>
/// <param name="Id">The descriptor ID, for example <c>FG0001</c>.</param>
/// <param name="Location">Where in a contract file it points; null for the project as a whole.</param>
/// <param name="MessageArgs">The arguments of the descriptor's message format.</param>
public sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    /// <summary>Creates the Roslyn diagnostic.</summary>
    public Diagnostic ToDiagnostic()
        => Diagnostic.Create(
            DiagnosticDescriptors.ById(Id),
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            System.Linq.Enumerable.ToArray<object>(MessageArgs));
}

/// <summary>A place in a contract file, kept as plain values (a <see cref="Microsoft.CodeAnalysis.Location"/> is not cacheable).</summary>
/// <param name="FilePath">The file's path as the compiler knows it.</param>
/// <param name="Start">The character offset of the start.</param>
/// <param name="Length">The length in characters.</param>
/// <param name="StartLine">The zero-based start line.</param>
/// <param name="StartColumn">The zero-based start column.</param>
/// <param name="EndLine">The zero-based end line.</param>
/// <param name="EndColumn">The zero-based end column.</param>
public sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>Creates the Roslyn location.</summary>
    public Location ToLocation()
        => Location.Create(
            FilePath,
            new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}
