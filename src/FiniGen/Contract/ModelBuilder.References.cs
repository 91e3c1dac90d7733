using System;
using System.Collections.Generic;
using FiniGen.Common;
using Microsoft.OpenApi;

namespace FiniGen.Contract;

internal sealed partial class ModelBuilder
{
    /// <summary>
    /// What a parameter, request body, response, path item or security scheme stands for when it is a
    /// <c>$ref</c>, followed to the end; null when it names nothing. Microsoft.OpenApi resolves a reference again for
    /// each member read through it, and throws doing so on names it cannot make a <c>Uri</c> of (a security scheme
    /// named <c>a/b</c>: <c>UriFormatException</c>) or that loop (<c>InvalidOperationException</c>): the model
    /// builder reads members of what this returns, never through the reference.
    /// </summary>
    private static T? Concrete<T>(T? element)
        where T : class
    {
        var seen = new HashSet<object>(IdentityComparer<object>.Instance);
        while (element is IOpenApiReferenceHolder)
        {
            if (!seen.Add(element))
            {
                return null;
            }

            try
            {
                element = element switch
                {
                    OpenApiParameterReference parameter => parameter.Target as T,
                    OpenApiRequestBodyReference body => body.Target as T,
                    OpenApiResponseReference response => response.Target as T,
                    OpenApiPathItemReference pathItem => pathItem.Target as T,
                    OpenApiSecuritySchemeReference scheme => scheme.Target as T,
                    OpenApiHeaderReference header => header.Target as T,
                    _ => null,
                };
            }
            catch (Exception exception) when (exception is UriFormatException or InvalidOperationException or ArgumentException)
            {
                return null;
            }
        }

        return element;
    }
}
