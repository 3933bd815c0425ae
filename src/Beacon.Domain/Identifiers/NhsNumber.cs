namespace Beacon.Domain.Identifiers;

/// <summary>
/// NHS number check digit. Source: shared/reference/statutory-formats.md (NHS Data Dictionary): 10 digits; digits 1–9
/// weighted 10..2 and summed; check = 11 − (sum mod 11); 11 becomes 0; 10 means the number is invalid.
/// </summary>
public static class NhsNumber
{
    /// <summary>The number without spaces if it is a valid NHS number, otherwise null.</summary>
    public static string? Normalise(string? text)
    {
        var digits = (text ?? string.Empty).Replace(" ", string.Empty).Replace("-", string.Empty);
        return IsValid(digits) ? digits : null;
    }

    public static bool IsValid(string digits)
    {
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }

        var check = 11 - (sum % 11);
        if (check == 11)
        {
            check = 0;
        }

        return check != 10 && check == digits[9] - '0';
    }
}
