using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Beacon.Web.Infrastructure.Time;

/// <summary>JSON for NodaTime types (the NodaTime.Serialization package is not in our mirror): instants as ISO 8601 UTC
/// (<c>2026-11-20T21:15:00Z</c>), dates as <c>yyyy-mm-dd</c>.</summary>
public static class NodaJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new InstantConverter());
        options.Converters.Add(new LocalDateConverter());
    }

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            OffsetDateTimePattern.ExtendedIso.Parse(reader.GetString() ?? string.Empty) is { Success: true } r ? r.Value.ToInstant() : throw new JsonException("Expected an ISO 8601 date and time with offset.");

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) => writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            LocalDatePattern.Iso.Parse(reader.GetString() ?? string.Empty) is { Success: true } r ? r.Value : throw new JsonException("Expected a date yyyy-mm-dd.");

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) => writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }
}
