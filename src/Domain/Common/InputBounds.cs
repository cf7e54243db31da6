namespace SimpleCrm.Domain.Common;

/// <summary>
/// The largest numbers and the date range the API accepts. Amounts are stored as numeric(20,4) (below 10^16), and
/// sums and currency conversions (a customer's lifetime value in their own currency) must fit as well, so one
/// amount stays far below the column's limit. Anything outside is a 400 naming the field.
/// </summary>
public static class InputBounds
{
    /// <summary>Any one amount — unit price, line total, tax, shipping, discount, order total, refund, product price — in its own currency.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>An order's total converted to USD on its date (a KWD order in an IDR customer's lifetime value must still fit).</summary>
    public const decimal MaxOrderTotalUsd = 1_000_000_000m;

    /// <summary>Custom fields of type number, in absolute value.</summary>
    public const decimal MaxCustomNumber = 1_000_000_000_000_000m;

    /// <summary>Number filters of lists (ltv_gte, total_usd_lte, …), in absolute value: above any stored amount.</summary>
    public const decimal MaxFilterNumber = 10_000_000_000_000_000m;

    /// <summary>Dates in bodies, custom fields and list filters: from 1900-01-01 (inclusive) to 2100-01-01 (exclusive).</summary>
    public static readonly DateTimeOffset EarliestDate = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset LatestDate = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Orders are placed from 1970-01-01 on (and not in the future).</summary>
    public static readonly DateTimeOffset EarliestOrderDate = new(1970, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string DateRangeMessage = "Must be on or after 1900-01-01 and before 2100-01-01.";

    public static bool IsInDateRange(DateTimeOffset value) => value >= EarliestDate && value < LatestDate;

    public static bool IsInDateRange(DateOnly value) => value >= DateOnly.FromDateTime(EarliestDate.UtcDateTime) && value < DateOnly.FromDateTime(LatestDate.UtcDateTime);
}
