using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace FiniGen.Common;

/// <summary>Compares objects by identity (netstandard2.0 has no <c>ReferenceEqualityComparer</c>).</summary>
/// <typeparam name="T">The type compared.</typeparam>
internal sealed class IdentityComparer<T> : IEqualityComparer<T>
    where T : class
{
    /// <summary>The one instance.</summary>
    public static readonly IdentityComparer<T> Instance = new();

    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);

    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
