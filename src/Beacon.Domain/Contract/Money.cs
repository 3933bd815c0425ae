using System.Globalization;

namespace Beacon.Domain.Contract;

/// <summary>
/// Money as integer pence (issue #18 §3, ADR 20): "money is stored as integer pence, never floating point; totals are
/// exact". Amounts are entered in pounds and pence and shown as £1,234.56.
/// </summary>
public static class Money
{
    /// <summary>Pence from "1234", "1,234.5", "£1,234.56"; null for anything else (negative, more than two decimal places,
    /// or more than £10,000,000).</summary>
    public static long? ParsePence(string? text)
    {
        var cleaned = (text ?? string.Empty).Trim().TrimStart('£').Replace(",", string.Empty, StringComparison.Ordinal).Trim();
        if (!decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pounds) || pounds <= 0 || pounds > 10_000_000m)
        {
            return null;
        }

        var pence = pounds * 100m;
        return pence == decimal.Truncate(pence) ? (long)pence : null;
    }

    /// <summary>£1,234.56 (or −£1,234.56).</summary>
    public static string Format(long pence) =>
        (pence < 0 ? "−£" : "£") + (Math.Abs(pence) / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
}

/// <summary>A council's budget for a year against its spend (issue #18 §3).</summary>
public sealed record BudgetPosition(long BudgetPence, long SpentPence, long ForecastPence)
{
    public long RemainingPence => BudgetPence - SpentPence;

    public long ForecastRemainingPence => BudgetPence - ForecastPence;

    /// <summary>
    /// Spend to date and the forecast for the whole year at the current rate: spend so far ÷ days elapsed × days in the
    /// year, in whole pence (halves away from zero). Before the year starts the forecast is the spend; after it ends, too.
    /// </summary>
    public static BudgetPosition Of(long budgetPence, long spentPence, int daysElapsed, int daysInYear)
    {
        if (daysElapsed <= 0 || daysElapsed >= daysInYear)
        {
            return new(budgetPence, spentPence, spentPence);
        }

        var forecast = decimal.Round((decimal)spentPence * daysInYear / daysElapsed, 0, MidpointRounding.AwayFromZero);
        return new(budgetPence, spentPence, (long)forecast);
    }
}

/// <summary>The hardship fund's rules (issue #18 §4).</summary>
public static class HardshipRules
{
    /// <summary>Why a payment may not be made, or null: it must be positive and leave the pot at or above zero, counting
    /// every payment already requested or approved this year.</summary>
    public static string? Refusal(long potPence, long committedPence, long amountPence) =>
        amountPence <= 0 ? "Enter an amount of more than £0"
        : committedPence + amountPence > potPence ? $"This would overdraw the hardship fund: {Money.Format(potPence - committedPence)} is left this year"
        : null;

    /// <summary>Nobody approves their own request.</summary>
    public static bool MayApprove(Guid requestedBy, Guid approver) => requestedBy != approver;
}
