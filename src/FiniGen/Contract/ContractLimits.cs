namespace FiniGen.Contract;

/// <summary>
/// How far FiniGen follows a contract. The generator runs inside the user's compiler host (the IDE, <c>dotnet build</c>),
/// so its time, memory and stack belong to the user: past these limits it reports a located diagnostic instead of
/// going on.
/// </summary>
internal static class ContractLimits
{
    /// <summary>
    /// The deepest nesting of YAML or JSON mappings and sequences, the document itself included: 64, the limit of both
    /// readers FiniGen hands the text to. Microsoft.OpenApi's JSON reader parses with System.Text.Json's default
    /// <c>MaxDepth</c> of 64 (not configurable there) and its YAML reader stops at
    /// <c>YamlConverter.DefaultMaxDepth</c>, 64, as SharpYaml's parser does. The position index checks it first, so
    /// the report names the key where nesting passes the limit, and a 10,000-deep contract costs one pass up to that
    /// key. Real contracts stay far below it: the deepest of the corpus (tests/FiniGen.CorpusTests) nests 23 levels, GitHub's description 21.
    /// </summary>
    public const int MaxNesting = 64;
}
