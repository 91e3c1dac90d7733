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

    /// <summary>
    /// The deepest nesting of lists and maps in one C# type (<c>IList&lt;IList&lt;…&gt;&gt;</c>): 64. Text alone cannot
    /// nest them deeper (each level is a mapping, and <see cref="MaxNesting"/> bounds those), but aliases can: A, a
    /// list of B, a list of C, and so on, 10,000 times. The emitter, the model's equality and the compiler all work
    /// through a type level by level, so past this level the value is typed <c>JsonElement</c> (which keeps it whole)
    /// and FG0007 says where. Chains of plain references (A: { $ref: B }) and annotated ones (allOf: [$ref]) nest
    /// nothing and have no limit.
    /// </summary>
    public const int MaxTypeNesting = 64;
}
