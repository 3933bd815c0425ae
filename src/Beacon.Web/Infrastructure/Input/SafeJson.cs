using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Beacon.Web.Infrastructure.Input;

/// <summary>
/// The API's JSON rules for request bodies (docs/decisions/0015), in the one place every endpoint reads JSON through:
/// <c>null</c> is refused where the type says a value is required (a non-nullable property), inside arrays and as a map
/// value; strings with control characters or broken Unicode are refused (<see cref="InputRules.IsAcceptable"/>). A refusal
/// is a <see cref="RefusedValue"/>, which the bad-request answer names by its JSON path. Writing is unchanged.
/// </summary>
public static class SafeJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.RespectNullableAnnotations = true;
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(Guard);
    }

    /// <summary>A value refused after it was read; <see cref="Property"/> is its JSON name within the object at the
    /// exception's path.</summary>
    public sealed class RefusedValue(string property, string message) : JsonException(message)
    {
        public string Property { get; } = property;
    }

    private static void Guard(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var checks = new List<(string Name, Func<object, object?> Get)>();
        foreach (var property in info.Properties)
        {
            if (!property.PropertyType.IsValueType)
            {
                property.IsGetNullable = true; // nullability is enforced when reading only: a response is written as before
            }

            if (property.Get is { } get && (property.PropertyType == typeof(string) || (property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType))))
            {
                checks.Add((property.Name, get));
            }
        }

        if (checks.Count == 0)
        {
            return;
        }

        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            foreach (var (name, get) in checks)
            {
                Check(name, get(value));
            }

            previous?.Invoke(value);
        };
    }

    private static void Check(string name, object? value)
    {
        switch (value)
        {
            case string text when !InputRules.IsAcceptable(text):
                throw new RefusedValue(name, InputRules.Unacceptable(name));
            case IDictionary map:
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Key is string key && !InputRules.IsAcceptable(key))
                    {
                        throw new RefusedValue(name, InputRules.Unacceptable($"A key of {name}"));
                    }

                    CheckItem(name, entry.Value);
                }

                break;
            case IEnumerable items and not string:
                foreach (var item in items)
                {
                    CheckItem(name, item);
                }

                break;
        }
    }

    private static void CheckItem(string name, object? item)
    {
        if (item is null)
        {
            throw new RefusedValue(name, $"{name} must not contain null. Nothing was changed.");
        }

        if (item is string text && !InputRules.IsAcceptable(text))
        {
            throw new RefusedValue(name, InputRules.Unacceptable($"A value in {name}"));
        }
    }
}
