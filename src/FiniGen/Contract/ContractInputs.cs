using FiniGen.Common;
using FiniGen.Diagnostics;
using FiniGen.Model;

namespace FiniGen.Contract;

/// <summary>A contract file handed to the compiler, with its per-file FiniGen options.</summary>
/// <param name="Path">The file's path as the compiler knows it.</param>
/// <param name="Text">The file's text.</param>
/// <param name="IsEntry">True for a contract to generate a client from; false for a file that only holds <c>$ref</c> targets.</param>
/// <param name="Namespace">The <c>FiniGenNamespace</c> item metadata, if set.</param>
/// <param name="ClientName">The <c>FiniGenClientName</c> item metadata, if set.</param>
/// <param name="RootNamespace">The project's root namespace, the fallback for <paramref name="Namespace"/>.</param>
public sealed record ContractFile(string Path, string Text, bool IsEntry, string? Namespace, string? ClientName, string? RootNamespace);

/// <summary>One contract to read, with every FiniGen file of the project (the targets of cross-file <c>$ref</c>s).</summary>
/// <param name="Entry">The contract.</param>
/// <param name="Files">All FiniGen files of the project, the entry included.</param>
public sealed record ContractInput(ContractFile Entry, EquatableArray<ContractFile> Files);

/// <summary>What reading a contract produced.</summary>
/// <param name="Model">The model to generate from; null when nothing can be generated.</param>
/// <param name="Diagnostics">Problems found in the contract, each pointing into it.</param>
/// <param name="EntryPath">The contract's path, to report duplicate clients.</param>
public sealed record ContractResult(ContractModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, string EntryPath);
