using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>
/// Emits <c>AddXxxClient</c> for <c>IServiceCollection</c>: a typed client through <c>IHttpClientFactory</c>, with options
/// set in code or read from configuration by name (no reflection binding, so it stays trimming- and AOT-safe).
/// </summary>
internal static class HostingEmitter
{
    private const string Services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
    private const string Builder = "global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder";
    private const string Factory = "global::Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions";
    private const string Configuration = "global::Microsoft.Extensions.Configuration.IConfiguration";

    public static void Emit(EmitContext context, bool configuration, SourceWriter writer)
    {
        var header = context.Header;
        var method = "Add" + header.ClientName;
        context.WriteFileHeader(writer);
        writer.WriteLine("/// <summary>Registers <see cref=\"" + context.Client + "\"/> with dependency injection.</summary>");
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("public static partial class " + header.BaseName + "ServiceCollectionExtensions");
        writer.OpenBlock();
        writer.WriteLines($$"""
            /// <summary>
            /// Adds <see cref="{{context.Client}}"/> as a typed client whose <see cref="global::System.Net.Http.HttpClient"/> comes from
            /// <c>IHttpClientFactory</c>. Its primary handler follows no redirect on its own (the client does, and keeps its
            /// credential to its origin); a primary handler configured later replaces it, and should do the same.
            /// </summary>
            /// <param name="services">The services.</param>
            /// <param name="configure">Sets the options (base address, credential, request checks).</param>
            /// <returns>The HTTP client builder, to add handlers such as resilience policies.</returns>
            public static {{Builder}} {{method}}(this {{Services}} services, global::System.Action<{{context.Options}}>? configure = null)
            {
                if (services is null)
                {
                    throw new {{EmitContext.ArgumentNullException}}(nameof(services));
                }

                var options = new {{context.Options}}();
                configure?.Invoke(options);
                var builder = {{Factory}}.AddHttpClient(services, "{{header.Namespace}}.{{header.ClientName}}");

                // The client follows redirects itself, so that its credential never goes to another origin; its own
                // Timeout covers each attempt whole, so the HttpClient's (100 s, up to the headers) must not cut it short.
                global::Microsoft.Extensions.DependencyInjection.HttpClientBuilderExtensions.ConfigurePrimaryHttpMessageHandler(builder, static () => {{context.Client}}.CreatePrimaryHandler());
                global::Microsoft.Extensions.DependencyInjection.HttpClientBuilderExtensions.ConfigureHttpClient(builder, static httpClient => httpClient.Timeout = global::System.Threading.Timeout.InfiniteTimeSpan);
                return global::Microsoft.Extensions.DependencyInjection.HttpClientBuilderExtensions.AddTypedClient<{{context.Client}}>(
                    builder,
                    (global::System.Net.Http.HttpClient httpClient, global::System.IServiceProvider _) => new {{context.Client}}(httpClient, options));
            }
            """);
        if (configuration)
        {
            var credential = header.Auth is { } auth
                ? "\n        if (configuration[\"" + auth.PropertyName + "\"] is { Length: > 0 } credential)\n        {\n            options." + auth.PropertyName + " = credential;\n        }\n"
                : string.Empty;
            writer.WriteLine();
            writer.WriteLines($$"""
                /// <summary>Adds <see cref="{{context.Client}}"/> with options read from <paramref name="configuration"/>: <c>BaseAddress</c>{{(header.Auth is { } a ? ", <c>" + a.PropertyName + "</c>" : string.Empty)}}, <c>ValidateRequests</c>, <c>Timeout</c>, <c>MaxRetries</c>, <c>RetryDelay</c>, <c>MaxRetryAfter</c> and <c>MaxResponseSize</c> (time spans as <c>hh:mm:ss</c>).</summary>
                /// <param name="services">The services.</param>
                /// <param name="configuration">The configuration section, for example <c>configuration.GetSection("Fini")</c>.</param>
                /// <param name="configure">Adjusts the options after they are read.</param>
                /// <returns>The HTTP client builder.</returns>
                public static {{Builder}} {{method}}(this {{Services}} services, {{Configuration}} configuration, global::System.Action<{{context.Options}}>? configure = null)
                {
                    if (configuration is null)
                    {
                        throw new {{EmitContext.ArgumentNullException}}(nameof(configuration));
                    }

                    return {{method}}(services, options =>
                    {
                        if (configuration["BaseAddress"] is { Length: > 0 } baseAddress)
                        {
                            options.BaseAddress = new {{EmitContext.Uri}}(baseAddress, global::System.UriKind.Absolute);
                        }
                {{credential}}
                        if (bool.TryParse(configuration["ValidateRequests"], out var validate))
                        {
                            options.ValidateRequests = validate;
                        }

                        // A value out of range throws when it is set, naming the setting, at startup rather than in a call.
                        if (configuration["Timeout"] is { Length: > 0 } timeout)
                        {
                            options.Timeout = global::System.TimeSpan.Parse(timeout, global::System.Globalization.CultureInfo.InvariantCulture);
                        }

                        if (configuration["MaxRetries"] is { Length: > 0 } maxRetries)
                        {
                            options.MaxRetries = int.Parse(maxRetries, global::System.Globalization.CultureInfo.InvariantCulture);
                        }

                        if (configuration["RetryDelay"] is { Length: > 0 } retryDelay)
                        {
                            options.RetryDelay = global::System.TimeSpan.Parse(retryDelay, global::System.Globalization.CultureInfo.InvariantCulture);
                        }

                        if (configuration["MaxRetryAfter"] is { Length: > 0 } maxRetryAfter)
                        {
                            options.MaxRetryAfter = global::System.TimeSpan.Parse(maxRetryAfter, global::System.Globalization.CultureInfo.InvariantCulture);
                        }

                        if (configuration["MaxResponseSize"] is { Length: > 0 } maxResponseSize)
                        {
                            options.MaxResponseSize = int.Parse(maxResponseSize, global::System.Globalization.CultureInfo.InvariantCulture);
                        }

                        configure?.Invoke(options);
                    });
                }
                """);
        }

        writer.CloseBlock();
    }
}
