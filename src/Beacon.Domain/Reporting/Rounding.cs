using System.Globalization;

namespace Beacon.Domain.Reporting;

/// <summary>
/// How every figure Beacon publishes is rounded. Source: issue #23 §2 — halves away from zero, as a commissioner's
/// spreadsheet (Excel's and LibreOffice's ROUND) does, so 51 ÷ 24 = 2.125 is 2.13 (not 2.12, halves to even). A figure is
/// computed from its whole numerator and denominator, never through binary floating point, so an exact half stays exact.
/// </summary>
public static class Rounding
{
    /// <summary><paramref name="part"/> ÷ <paramref name="whole"/> to <paramref name="places"/> decimal places, halves
    /// away from zero, exactly (integer arithmetic).</summary>
    public static decimal Ratio(long part, long whole, int places)
    {
        ArgumentOutOfRangeException.ThrowIfZero(whole);
        ArgumentOutOfRangeException.ThrowIfNegative(places);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(places, 9);
        var scale = (Int128)Pow10(places);
        var (n, d) = ((Int128)part * scale, (Int128)whole);
        var negative = (n < 0) != (d < 0);
        (n, d) = (Int128.Abs(n), Int128.Abs(d));
        var units = ((2 * n) + d) / (2 * d); // n/d rounded, halves up (away from zero, as the sign is put back below)
        var value = (negative ? -(decimal)units : (decimal)units) / Pow10(places);
        return value + new decimal(0, 0, 0, false, (byte)places); // carries its places, so 25.0 stays 25.0 in JSON and the workbook
    }

    /// <summary>A percentage, <c>100 × part ÷ whole</c>, to one decimal place (by default), halves away from zero.</summary>
    public static decimal Percent(long part, long whole, int places = 1) => Ratio(100 * part, whole, places);

    /// <summary>A decimal figure rounded, halves away from zero.</summary>
    public static decimal Round(decimal value, int places) => Math.Round(value, places, MidpointRounding.AwayFromZero);

    /// <summary>A whole number of <paramref name="part"/> ÷ <paramref name="whole"/>, halves away from zero (for a
    /// chart's bar heights, so a drawing agrees with the figures).</summary>
    public static int Whole(long part, long whole) => (int)Ratio(part, whole, 0);

    /// <summary>A figure as published: exactly <paramref name="places"/> decimals, invariant culture (a point, no
    /// thousands separator).</summary>
    public static string Format(decimal value, int places) =>
        Round(value, places).ToString("F" + places.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static long Pow10(int places)
    {
        var result = 1L;
        for (var i = 0; i < places; i++)
        {
            result *= 10;
        }

        return result;
    }
}
