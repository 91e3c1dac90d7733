using FiniGen.Common;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Emits the contract-wide types that depend on the contract: the options' contract part and the API exceptions.</summary>
internal static class SupportEmitter
{
    /// <summary>
    /// The contract's part of the client options: its default address and its credential. The settings every client
    /// has (timeouts, retries, limits, each checked when set) are the runtime's <c>Options.cs</c>.
    /// </summary>
    public static void EmitOptions(EmitContext context, SourceWriter writer)
    {
        var header = context.Header;
        context.WriteFileHeader(writer);
        writer.WriteLine("/// <summary>Settings for <see cref=\"" + context.Client + "\"/>.</summary>");
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("public sealed partial class " + context.OptionsName);
        writer.OpenBlock();
        writer.WriteLine("/// <summary>The first server the contract lists" + (header.DefaultBaseAddress is null ? "; the contract names none with an absolute URL." : ": <c>" + DocComments.Text(header.DefaultBaseAddress) + "</c>.") + "</summary>");
        writer.WriteLine("public static " + EmitContext.Uri + "? DefaultBaseAddress { get; } = " + (header.DefaultBaseAddress is null ? "null;" : "new " + EmitContext.Uri + "(" + Naming.StringLiteral(header.DefaultBaseAddress) + ");"));
        var credential = string.Empty;
        if (header.Auth is { } auth)
        {
            var field = "_" + char.ToLowerInvariant(auth.PropertyName[0]) + auth.PropertyName.Substring(1);
            writer.WriteLine();
            writer.WriteLine("private string? " + field + ";");
            writer.WriteLine();
            var where = auth.Kind switch
            {
                AuthKind.Bearer => "the <c>Authorization: Bearer</c> header",
                AuthKind.ApiKeyHeader => "the <c>" + DocComments.Text(auth.ParameterName ?? string.Empty) + "</c> header",
                _ => "the <c>" + DocComments.Text(auth.ParameterName ?? string.Empty) + "</c> query parameter",
            };
            writer.WriteLine("/// <summary>");
            writer.WriteLine("/// The credential sent in " + where + " of every secured operation, to the base address's origin only (never");
            writer.WriteLine("/// along a redirect to another). Keep it out of source code and logs; the client keeps it out of its exceptions.");
            writer.WriteLine("/// </summary>");
            DocComments.Write(writer, "remarks", auth.Description);
            writer.WriteLine("/// <exception cref=\"global::System.ArgumentException\">The value holds a character HTTP cannot carry in a header (a line break, a control character, non-ASCII) or starts or ends with whitespace.</exception>");
            writer.WriteLine(RuleCode.Secret(context, auth.SecretPattern, auth.SecretVariable));

            writer.WriteLine("public string? " + auth.PropertyName);
            writer.OpenBlock();
            writer.WriteLine("get => " + field + ";");
            writer.WriteLine("set => " + field + " = CheckCredential(value, nameof(" + auth.PropertyName + "));");
            writer.CloseBlock();
            credential = " + \", " + auth.PropertyName + " = \" + (" + auth.PropertyName + " is null ? \"(not set)\" : \"(set)\")";
        }

        writer.WriteLine();
        writer.WriteLine("/// <summary>Describes the options without revealing the credential.</summary>");
        writer.WriteLine("public override string ToString() => \"BaseAddress = \" + (BaseAddress?.ToString() ?? \"(default)\")" + credential + ";");
        writer.CloseBlock();
    }

    public static void EmitException(EmitContext context, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        var name = context.ApiExceptionName;
        writer.WriteLines($$"""
            /// <summary>
            /// A call to {{DocComments.Text(context.Header.Title)}} did not succeed: the server answered with an error status, or with a body
            /// that does not match the contract.
            /// </summary>
            {{context.GeneratedCodeAttribute}}
            public partial class {{name}} : {{EmitContext.Exception}}
            {
                /// <summary>Creates the exception.</summary>
                /// <param name="operationId">The contract's operationId of the call.</param>
                /// <param name="statusCode">The HTTP status code of the response.</param>
                /// <param name="reasonPhrase">The response's reason phrase, if any.</param>
                /// <param name="rawBody">The response body as text (empty if there was none).</param>
                /// <param name="message">The message.</param>
                /// <param name="innerException">The exception that caused this one, if any.</param>
                public {{name}}(string operationId, int statusCode, string? reasonPhrase, string rawBody, string message, {{EmitContext.Exception}}? innerException = null)
                    : base(message, innerException)
                {
                    OperationId = operationId;
                    StatusCode = statusCode;
                    ReasonPhrase = reasonPhrase;
                    RawBody = rawBody;
                }

                /// <summary>The contract's operationId of the call, for example <c>listSources</c>.</summary>
                public string OperationId { get; }

                /// <summary>The HTTP status code of the response.</summary>
                public int StatusCode { get; }

                /// <summary>The response's reason phrase, if any.</summary>
                public string? ReasonPhrase { get; }

                /// <summary>The response body as text, exactly as received (empty if there was none).</summary>
                public string RawBody { get; }

                /// <summary>The error body read as the type the contract gives for this status, or null.</summary>
                public virtual object? ErrorBody => null;
            }

            /// <summary>An error response whose body matched the type the contract documents for its status.</summary>
            /// <typeparam name="TError">The documented error body type.</typeparam>
            {{context.GeneratedCodeAttribute}}
            public sealed partial class {{name}}<TError> : {{name}}
                where TError : class
            {
                /// <summary>Creates the exception.</summary>
                /// <param name="operationId">The contract's operationId of the call.</param>
                /// <param name="statusCode">The HTTP status code of the response.</param>
                /// <param name="reasonPhrase">The response's reason phrase, if any.</param>
                /// <param name="rawBody">The response body as text.</param>
                /// <param name="error">The body, read as <typeparamref name="TError"/>.</param>
                /// <param name="message">The message.</param>
                public {{name}}(string operationId, int statusCode, string? reasonPhrase, string rawBody, TError error, string message)
                    : base(operationId, statusCode, reasonPhrase, rawBody, message)
                {
                    Error = error;
                }

                /// <summary>The error body, with the fields the contract documents.</summary>
                public TError Error { get; }

                /// <inheritdoc />
                public override object? ErrorBody => Error;
            }
            """);
    }
}
