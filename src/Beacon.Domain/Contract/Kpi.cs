namespace Beacon.Domain.Contract;

/// <summary>Red, amber or green against a KPI's thresholds (issue #18 §2).</summary>
public static class Rag
{
    public const string Red = "RED";
    public const string Amber = "AMBER";
    public const string Green = "GREEN";

    /// <summary>
    /// GREEN when the value is at or beyond the green threshold in the better direction, AMBER at or beyond the amber
    /// one, RED otherwise; null without a value. Values and thresholds are thousandths (72.5% is 72500), so the
    /// comparison is exact.
    /// </summary>
    public static string? Of(long? valueMilli, long greenMilli, long amberMilli, bool higherIsBetter)
    {
        if (valueMilli is not { } v)
        {
            return null;
        }

        bool AtOrBeyond(long threshold) => higherIsBetter ? v >= threshold : v <= threshold;
        return AtOrBeyond(greenMilli) ? Green : AtOrBeyond(amberMilli) ? Amber : Red;
    }

    /// <summary>The words shown beside the colour, so the rating is never told by colour alone.</summary>
    public static string Label(string? rag) => rag switch
    {
        Green => "Green: on target",
        Amber => "Amber: near target",
        Red => "Red: off target",
        _ => "No rating",
    };
}
