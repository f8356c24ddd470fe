using Conversations.Api.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Conversations.Server.OpenApi;

/// <summary>
/// One OpenAPI 3.1 document per dialect, generated from the endpoints' own metadata (their typed
/// results, parameter descriptions, bodies, the dialect's error envelopes): served at
/// <c>/openapi/{dialect}.json</c>, and written at build time for the Functions app to ship.
/// </summary>
internal static class ApiDocuments
{
    public const string RoutePattern = "/openapi/{documentName}.json";
    private const string BearerScheme = "bearer";

    public static IServiceCollection AddApiDocuments(this IServiceCollection services)
    {
        foreach (var dialect in Dialects.All)
        {
            services.AddOpenApi(dialect.DocumentName, options =>
            {
                options.ShouldInclude = description => description.GroupName == dialect.DocumentName;
                options.AddDocumentTransformer((document, _, _) =>
                {
                    document.Info = new OpenApiInfo
                    {
                        Title = $"Conversations API: {dialect.Name}",
                        Version = "v1",
                        Description = $"The {dialect.Name} dialect of the Conversations API. Every call needs an API key as `Authorization: Bearer <key>`; errors use the {dialect.Name} error envelope.",
                    };
                    document.Components ??= new OpenApiComponents();
                    document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                    {
                        [BearerScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = BearerScheme, Description = "An API key of the tenant." },
                    };
                    document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                    foreach (var schema in document.Components.Schemas?.Values ?? [])
                    {
                        NullableAsAnyOf(schema);
                    }

                    return Task.CompletedTask;
                });
            });
        }

        return services;
    }

    /// <summary>
    /// A nullable reference is generated as oneOf [null, T]. When T accepts any JSON (a JsonElement),
    /// null matches both branches and oneOf rejects it; anyOf says what is meant, for every T.
    /// </summary>
    private static void NullableAsAnyOf(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema concrete)
        {
            return;
        }

        if (concrete.OneOf is [var first, var second] && (first.Type == JsonSchemaType.Null || second.Type == JsonSchemaType.Null))
        {
            concrete.AnyOf = concrete.OneOf;
            concrete.OneOf = null;
        }

        foreach (var property in concrete.Properties?.Values ?? [])
        {
            NullableAsAnyOf(property);
        }

        if (concrete.Items is { } items)
        {
            NullableAsAnyOf(items);
        }
    }
}
