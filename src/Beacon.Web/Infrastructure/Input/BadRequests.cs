using System.Text.Json;
using System.Text.RegularExpressions;

namespace Beacon.Web.Infrastructure.Input;

/// <summary>
/// A request the API could not bind (malformed or mistyped JSON, a refused value, an unreadable query parameter) as a
/// 400 problem naming the field, in every environment: minimal APIs throw <see cref="BadHttpRequestException"/> for these
/// (<c>RouteHandlerOptions.ThrowOnBadRequest</c>, set always) and the exception handler answers with this.
/// </summary>
public static partial class BadRequests
{
    public static (string Field, string Message) Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is null or "$" ? string.Empty : json.Path.StartsWith("$.", StringComparison.Ordinal) ? json.Path[2..] : json.Path.TrimStart('$');
            if (json is SafeJson.RefusedValue refused)
            {
                return (path.Length == 0 ? refused.Property : $"{path}.{refused.Property}", refused.Message);
            }

            // A value of the wrong type, out of range or null names its field; broken syntax names the body, and where.
            var at = path.Length == 0 ? string.Empty : $" at {path}";
            var (field, why) = !json.Message.Contains("LineNumber:", StringComparison.Ordinal) ? (Or(path), json.Message.TrimEnd('.')) // our converters' own words (NodaJson)
                : json.Message.Contains("could not be converted", StringComparison.Ordinal) ? (Or(path), "has the wrong type or is out of range")
                : json.Message.Contains("null", StringComparison.OrdinalIgnoreCase) ? (Or(path), "must not be null")
                : ("body", $"is not valid JSON{at}");
            return (field, $"{(field == "body" ? "The body" : field)} {why} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}). Nothing was changed.");
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return ("Content-Type", "Send the body as JSON (Content-Type: application/json). Nothing was changed.");
        }

        if (bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return ("body", "The request needs a JSON body. Nothing was changed.");
        }

        var parameter = ParameterName().Match(bad.Message);
        var name = parameter.Success ? parameter.Groups[1].Value : "request";
        return (name, $"{name} could not be read: check it against /openapi/v1.json. Nothing was changed.");
    }

    private static string Or(string path) => path.Length == 0 ? "body" : path;

    public static Task WriteAsync(HttpContext context, BadHttpRequestException bad)
    {
        var (field, message) = Describe(bad);
        context.Response.StatusCode = bad.StatusCode;
        return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request was refused", detail: message, statusCode: bad.StatusCode)
            .ExecuteAsync(context);
    }

    /// <summary>The name in 'Failed to bind parameter "int? page" from "abc".' or 'Required parameter "string q" was not provided'.</summary>
    [GeneratedRegex("parameter \"[^\"]*?(\\w+)\"")]
    private static partial Regex ParameterName();
}
