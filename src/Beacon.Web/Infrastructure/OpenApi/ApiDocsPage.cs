using System.Text;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace Beacon.Web.Infrastructure.OpenApi;

/// <summary>
/// The API documentation page (<c>/api/docs</c>, Swagger UI) made accessible (issue #17 §9; ADR 35): Beacon's own page
/// around Swagger UI (a language, Beacon's header in place of Swagger UI's top bar), Beacon's stylesheet
/// (<c>wwwroot/css/api-docs.css</c>: GOV.UK colours with AA contrast, a visible focus) and a script
/// (<c>wwwroot/js/api-docs.js</c>: names for its regions and server list, headings in order), under the docs CSP.
/// </summary>
public static class ApiDocsPage
{
    private const string Index = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="UTF-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>%(DocumentTitle)</title>
            <link rel="stylesheet" type="text/css" href="%(StylesPath)">
            <link rel="stylesheet" type="text/css" href="./index.css">
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            %(HeadContent)
        </head>
        <body>
            <a href="#operations" class="beacon-docs-skip">Skip to operations</a>
            <header class="beacon-docs-header"><a class="beacon-docs-header__name" href="/">Beacon</a> <span class="beacon-docs-header__service">API documentation</span></header>
            <div id="swagger-ui"></div>
            <script src="%(ScriptBundlePath)" charset="utf-8"></script>
            <script src="%(ScriptPresetsPath)" charset="utf-8"></script>
            <script src="index.js" charset="utf-8"></script>
            <script src="/js/api-docs.js" charset="utf-8"></script>
        </body>
        </html>
        """;

    /// <summary>Beacon's page and stylesheet for Swagger UI.</summary>
    public static void Configure(SwaggerUIOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.IndexStream = () => new MemoryStream(Encoding.UTF8.GetBytes(Index));
        options.InjectStylesheet("/css/api-docs.css");
    }
}
