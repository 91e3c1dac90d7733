using System.Linq;
using FiniGen.Tests.Infrastructure;
using Xunit;

namespace FiniGen.Tests;

/// <summary>
/// Header and cookie parameters whose names HTTP cannot carry, or that HttpClient sets itself, are reported (FG0007)
/// instead of being dropped by HttpClient at run time without a word.
/// </summary>
public class UnsendableParameterTests
{
    private const string Header = "openapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\n";

    [Fact]
    public void OptionalHeadersAndCookiesThatCannotBeSentAreReportedAndLeftOut()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - { name: 'X Trace', in: header, schema: { type: string } }
                    - { name: 'X-Trace:', in: header, schema: { type: string } }
                    - { name: Content-Length, in: header, schema: { type: integer } }
                    - { name: Host, in: header, schema: { type: string } }
                    - { name: 'séance', in: cookie, schema: { type: string } }
                    - { name: X-Request-Id, in: header, schema: { type: string } }
                    - { name: session, in: cookie, schema: { type: string } }
                  responses:
                    '204': { description: ok }
            """;

        var (_, output, diagnostics) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, new[] { "FG0007" });

        var messages = diagnostics.Where(d => d.Id == "FG0007").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, messages.Count);
        Assert.Contains(messages, m => m.Contains("'X Trace'") && m.Contains("its name holds ' '"));
        Assert.Contains(messages, m => m.Contains("'X-Trace:'") && m.Contains("its name holds ':'"));
        Assert.Contains(messages, m => m.Contains("'Content-Length'") && m.Contains("HttpClient sets the Content-Length header itself"));
        Assert.Contains(messages, m => m.Contains("'Host'"));
        Assert.Contains(messages, m => m.Contains("'séance'") && m.Contains("U+00E9"));
        var client = ContractCompiler.Source(output, "Client");
        Assert.Contains("string? xRequestId = null", client);
        Assert.Contains("string? session = null", client);
        Assert.DoesNotContain("contentLength", client);
        Assert.DoesNotContain("xTrace", client);
    }

    [Fact]
    public void ARequiredHeaderThatCannotBeSentSkipsItsOperation()
    {
        var yaml = Header + """
            paths:
              /a:
                get:
                  operationId: a
                  parameters:
                    - { name: 'X-Tenant Id', in: header, required: true, schema: { type: string } }
                  responses:
                    '204': { description: ok }
              /b:
                get:
                  operationId: b
                  responses:
                    '204': { description: ok }
            """;

        var (_, output, diagnostics) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, new[] { "FG0007" });

        var warning = Assert.Single(diagnostics, d => d.Id == "FG0007");
        Assert.Contains("the required header parameter 'X-Tenant Id'", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6, warning.Location.GetLineSpan().StartLinePosition.Line);
        var client = ContractCompiler.Source(output, "Client");
        Assert.DoesNotContain(" AAsync(", client);
        Assert.Contains(" BAsync(", client);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("X Api Key")]
    [InlineData("Content-Length")]
    public void AnApiKeySchemeWhoseHeaderCannotBeSentIsReportedAndNotSent(string name)
    {
        var yaml = Header + "security:\n  - key: []\n" + """
            paths:
              /a:
                get:
                  operationId: a
                  responses:
                    '204': { description: ok }
            components:
              securitySchemes:
                key: { type: apiKey, in: header, name: 'NAME' }
            """.Replace("NAME", name);

        var (_, output, diagnostics) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, new[] { "FG0007" });

        var warning = Assert.Single(diagnostics, d => d.Id == "FG0007");
        Assert.Contains("an API key in the header '" + name + "'", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("the client does not send this credential", warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("public string? Key", ContractCompiler.Source(output, "Options"));
    }

    [Theory]
    [InlineData("timeout")]
    [InlineData("maxRetries")]
    [InlineData("maxResponseSize")]
    [InlineData("clone")]
    public void ASecuritySchemeNamedLikeAClientSettingGetsAPropertyOfItsOwn(string scheme)
    {
        var yaml = Header + "security:\n  - " + scheme + ": []\n" + """
            paths:
              /a:
                get:
                  operationId: a
                  responses:
                    '204': { description: ok }
            components:
              securitySchemes:
                SCHEME: { type: apiKey, in: header, name: X-Api-Key }
            """.Replace("SCHEME", scheme);

        var (_, output, _) = ContractCompiler.Generate(new[] { new TestContract("/c/api.openapi.yaml", yaml) }, null);

        Assert.Contains("public string? Credential", ContractCompiler.Source(output, "Options"));
    }
}
