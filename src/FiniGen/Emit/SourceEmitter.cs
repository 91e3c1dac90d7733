using System;
using System.Collections.Generic;
using System.Linq;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Turns model values into source text. Output depends only on the model: same contract, same bytes.</summary>
public static class SourceEmitter
{
    /// <summary>The version written into <c>[GeneratedCode]</c>.</summary>
    public static string ToolVersion { get; } = typeof(SourceEmitter).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <summary>Splits a contract model into its generated files.</summary>
    public static IEnumerable<EmitPart> Split(ContractModel model, string contractPath)
    {
        yield return new ClientPart(model.Header, model.Operations) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.Options) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.Exception) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.Json) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.Transport) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.Safety) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.Settings) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.Rules) { ContractPath = contractPath };
        yield return new SupportPart(model.Header, SupportKind.RuleEngine) { ContractPath = contractPath };
        if (model.Operations.Any(o => o.Body?.Encoding is BodyEncoding.Form or BodyEncoding.Multipart or BodyEncoding.Binary
            || o.Parameters.Any(p => p.Location == ParameterLocationKind.Query && p.Type.Kind is TypeKind.Object or TypeKind.Map)))
        {
            yield return new SupportPart(model.Header, SupportKind.Bodies) { ContractPath = contractPath };
        }

        if (model.Operations.Any(o => o.AsyncJob is not null))
        {
            yield return new SupportPart(model.Header, SupportKind.Jobs) { ContractPath = contractPath };
        }
        foreach (var obj in model.Objects)
        {
            yield return new ObjectPart(model.Header, obj) { ContractPath = contractPath };
        }

        foreach (var en in model.Enums)
        {
            yield return new EnumPart(model.Header, en) { ContractPath = contractPath };
        }
    }

    /// <summary>The hint name of a part.</summary>
    public static string HintName(EmitPart part) => part.Header.Namespace + "." + part.Header.ClientName + "." + part.HintPart + ".g.cs";

    /// <summary>The source text of a part.</summary>
    public static string Emit(EmitPart part)
    {
        var context = new EmitContext(part.Header, ToolVersion);
        var writer = new SourceWriter();
        switch (part)
        {
            case ClientPart client:
                ClientEmitter.Emit(context, client.Operations, writer);
                break;
            case ObjectPart obj:
                ModelEmitter.Emit(context, obj.Object, writer);
                break;
            case EnumPart en:
                EnumEmitter.Emit(context, en.Enum, writer);
                break;
            case SupportPart { Kind: SupportKind.Options }:
                SupportEmitter.EmitOptions(context, writer);
                break;
            case SupportPart { Kind: SupportKind.Exception }:
                SupportEmitter.EmitException(context, writer);
                break;
            case SupportPart { Kind: SupportKind.Json }:
                RuntimeEmitter.Emit(context, "Json.cs", writer);
                break;
            case SupportPart { Kind: SupportKind.Transport }:
                RuntimeEmitter.Emit(context, "Client.Transport.cs", writer);
                break;
            case SupportPart { Kind: SupportKind.Safety }:
                RuntimeEmitter.Emit(context, "Client.Safety.cs", writer);
                break;
            case SupportPart { Kind: SupportKind.Settings }:
                RuntimeEmitter.Emit(context, "Options.cs", writer);
                break;
            case SupportPart { Kind: SupportKind.Bodies }:
                RuntimeEmitter.Emit(context, "Client.Bodies.cs", writer);
                break;
            case SupportPart { Kind: SupportKind.Rules }:
                ValidationEmitter.Emit(context, writer);
                break;
            case SupportPart { Kind: SupportKind.RuleEngine }:
                RuntimeEmitter.EmitRules(context, writer);
                break;
            case SupportPart { Kind: SupportKind.Jobs }:
                JobEmitter.EmitTypes(context, writer);
                break;
            case HostingPart hosting:
                HostingEmitter.Emit(context, hosting.Configuration, writer);
                break;
            default:
                throw new ArgumentException("Unknown part " + part.GetType().Name, nameof(part));
        }

        return writer.ToSourceText().ToString();
    }
}
