using System;

namespace Fini.Emulator.Http;

/// <summary>An error answered with the contract's <c>Error</c> body: <c>{statusCode, message, error}</c>.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }

    public static ApiException BadRequest(string message) => new(400, message);

    public static ApiException NotFound(string message) => new(404, message);
}

/// <summary>The client went away while its request was read (it closed the connection before the body was complete): there is nobody to answer.</summary>
internal sealed class ClientGoneException(string message, Exception inner) : Exception(message, inner);
