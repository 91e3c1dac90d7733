namespace FiniGen.Common;

/// <summary>Hash combining for netstandard2.0, which has no System.HashCode.</summary>
internal static class HashHelper
{
    internal const int Seed = 17;

    internal static int Combine(int hash, int value)
    {
        unchecked
        {
            return (hash * 31) + value;
        }
    }
}
