namespace FiniGen;

/// <summary>The names of the tracked pipeline steps, for incremental-generation tests.</summary>
public static class TrackingNames
{
    /// <summary>Additional files projected to <see cref="Contract.ContractFile"/> values with their options.</summary>
    public const string ContractFiles = nameof(ContractFiles);

    /// <summary>All contract files of the project, collected.</summary>
    public const string AllContractFiles = nameof(AllContractFiles);

    /// <summary>Each entry contract paired with every file it may reference.</summary>
    public const string ContractInputs = nameof(ContractInputs);

    /// <summary>Contract text read into a model and diagnostics.</summary>
    public const string ReadContract = nameof(ReadContract);

    /// <summary>The model fanned out into one value per generated file.</summary>
    public const string EmitParts = nameof(EmitParts);

    /// <summary>The contracts whose client clashes with an earlier one's and is not generated.</summary>
    public const string ShadowedContracts = nameof(ShadowedContracts);

    /// <summary>Whether the compilation references Microsoft.Extensions.Http and Configuration.</summary>
    public const string HostingFacts = nameof(HostingFacts);

    /// <summary>The client identities of all contracts, to find duplicates.</summary>
    public const string ClientIdentities = nameof(ClientIdentities);
}
