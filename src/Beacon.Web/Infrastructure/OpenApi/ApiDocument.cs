using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Beacon.Web.Infrastructure.OpenApi;

/// <summary>Configuration section <c>Beacon:Api</c>: who partners contact about the API, and the licence of its
/// description (docs/decisions/0018).</summary>
public sealed class ApiDocumentOptions
{
    public const string Section = "Beacon:Api";

    public string ContactName { get; set; } = "Beacon service desk";

    public string ContactEmail { get; set; } = "beacon.support@provider.beacon.example";

    public string LicenseName { get; set; } = "Open Government Licence v3.0";

    public string LicenseUrl { get; set; } = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
}

/// <summary>
/// <c>/openapi/v1.json</c>, the document partners generate clients from (issue #21 §3; docs/decisions/0018): the bearer
/// scheme every operation needs, a tag with a description for each area, contact and licence. Each endpoint declares
/// the problems it really answers with (<c>ProducesProblem</c>); the group adds 401 and 429, which every one can give.
/// </summary>
public static class ApiDocument
{
    public const string BearerScheme = "bearer";

    public const string Account = "Account";
    public const string ReferenceData = "Reference data";
    public const string Children = "Children";
    public const string Notifications = "Notifications";
    public const string ReturnInterviews = "Return interviews";
    public const string Referrals = "Exploitation referrals";
    public const string Mace = "MACE";
    public const string Outcomes = "Outcomes";
    public const string Mentoring = "Mentoring";
    public const string SupportPlans = "Support plans";

    private static readonly (string Name, string Description)[] Tags =
    [
        (Account, "Who the token belongs to."),
        (ReferenceData, "The partnership's organisations and areas, for codes used elsewhere."),
        (Children, "The children the token's user may see; reading a record is audited."),
        (Notifications, "The police feed of missing episodes: idempotent on the notifying force's police reference; a contradicting resend is a 409 listing the differences."),
        (ReturnInterviews, "Return Home Interviews: summaries for partners, and the provider's RHI work (work list, attempts, outcomes, the interview form)."),
        (Referrals, "Exploitation referrals with their Risk Factor Matrix answers (provider caseworkers)."),
        (Mace, "The MACE association map (panel roles)."),
        (Mentoring, "A mentor's matched children and the contacts they record (the Mentor role only)."),
        (Outcomes, "Children's outcome readings in the eight life areas (those who may see the child)."),
        (SupportPlans, "Children's safety and support plans, versioned (read by those who may see the child; written by provider caseworkers)."),
    ];

    public static IServiceCollection AddBeaconApiDocument(this IServiceCollection services)
    {
        services.AddOptions<ApiDocumentOptions>().BindConfiguration(ApiDocumentOptions.Section);
        return services.AddOpenApi("v1", o => o.AddDocumentTransformer(DescribeAsync));
    }

    private static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var options = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiDocumentOptions>>().Value;
        document.Info.Title = "Beacon API";
        document.Info.Version = "1";
        document.Info.Description = "Beacon's partner API for police, council and provider systems. Every operation needs `Authorization: Bearer <token>` "
            + "(a user creates a token on Beacon's API tokens page; it acts with that user's role and organisation). Times are ISO 8601 with offset; "
            + "JSON names are snake_case. Refusals are problem details (RFC 9457): 400 with the fields at fault, 401 without a valid token, "
            + "403 when the user's role does not allow the operation, 404 for a record that does not exist or is not available to the user "
            + "(the two are not told apart), 409 when the change contradicts or overtakes what is stored, 429 over the rate limit.";
        document.Info.Contact = new OpenApiContact { Name = options.ContactName, Email = options.ContactEmail };
        document.Info.License = new OpenApiLicense { Name = options.LicenseName, Url = new Uri(options.LicenseUrl) };
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token from Beacon's API tokens page, sent as `Authorization: Bearer <token>`.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        return Task.CompletedTask;
    }
}
