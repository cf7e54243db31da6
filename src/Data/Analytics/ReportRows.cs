namespace SimpleCrm.Data.Analytics;

// One row of each report, as JSON (snake_case) and as a CSV line. Periods are the first day of the bucket
// (YYYY-MM-DD, the viewer's zone); USD figures are rounded to cents, other money to its currency's minor units.

public sealed record CustomerGrowthRow
{
    public string Period { get; init; } = "";
    public string CountryCode { get; init; } = "";
    public int NewCustomers { get; init; }
}

public sealed record RevenueByCountryRow
{
    /// <summary>The order's shipping country; null when the order names none.</summary>
    public string? CountryCode { get; init; }
    public string Currency { get; init; } = "";
    public int Orders { get; init; }
    public decimal Revenue { get; init; }

    /// <summary>Without the orders whose USD value is pending (counted in <see cref="UsdPendingOrders"/>).</summary>
    public decimal RevenueUsd { get; init; }
    public int UsdPendingOrders { get; init; }
}

public sealed record OrderTrendRow
{
    public string Period { get; init; } = "";
    public int Orders { get; init; }
    public decimal RevenueUsd { get; init; }
    public int UsdPendingOrders { get; init; }

    /// <summary>Average order value in USD over the orders with a USD value.</summary>
    public decimal? AverageOrderValueUsd { get; init; }
}

public sealed record TopCustomerRow
{
    public Guid CustomerId { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string CountryCode { get; init; } = "";

    /// <summary>Revenue orders in the window.</summary>
    public int Orders { get; init; }
    public decimal RevenueUsd { get; init; }

    /// <summary>All-time, from the customer's metrics.</summary>
    public decimal LifetimeValueUsd { get; init; }
}

public sealed record SegmentationRow
{
    /// <summary>status, country or tag.</summary>
    public string Dimension { get; init; } = "";
    public string Value { get; init; } = "";
    public int Customers { get; init; }

    /// <summary>Of them, how many ordered in the window.</summary>
    public int Buyers { get; init; }
    public decimal RevenueUsd { get; init; }
}

public sealed record ActivitySummaryRow
{
    public Guid UserId { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public int Activities { get; init; }
    public int Emails { get; init; }
    public int Calls { get; init; }
    public int Meetings { get; init; }
    public int Notes { get; init; }
    public int Tasks { get; init; }
    public int Responses { get; init; }
    public decimal? AverageResponseHours { get; init; }
    public int TasksCompleted { get; init; }
    public decimal? AverageResolutionHours { get; init; }
}

public sealed record ChurnRiskRow
{
    public Guid CustomerId { get; init; }
    public string FirstName { get; init; } = "";
    public string LastName { get; init; } = "";
    public string CountryCode { get; init; } = "";
    public int Orders { get; init; }
    public decimal RevenueUsd { get; init; }
    public DateTime LastOrderAt { get; init; }
    public int DaysSinceLastOrder { get; init; }

    /// <summary>The customer's average days between orders; null with one order.</summary>
    public decimal? UsualGapDays { get; init; }

    /// <summary>Days since the last order ÷ the usual gap: above 1, the customer is later than usual.</summary>
    public decimal? OverdueRatio { get; init; }
    public int RecencyScore { get; init; }
    public int FrequencyScore { get; init; }
    public int MonetaryScore { get; init; }
}

public sealed record AcquisitionRow
{
    public string Period { get; init; } = "";

    /// <summary>
    /// How the customer came: the platform of the connected shop whose id they carry (shopify, woocommerce), linked
    /// (ids of another system, given by an import or the API), or direct (entered in the CRM without external ids).
    /// </summary>
    public string Source { get; init; } = "";
    public int NewCustomers { get; init; }
}

public sealed record GeographyRow
{
    public string CountryCode { get; init; } = "";

    /// <summary>Null on the country's total row; the region's name on a row per region (customers without one are only in the total).</summary>
    public string? Region { get; init; }

    /// <summary>Customers living there who existed by the end of the range.</summary>
    public int Customers { get; init; }

    /// <summary>Revenue orders in the range by customers living there.</summary>
    public int Orders { get; init; }
    public decimal RevenueUsd { get; init; }
    public int UsdPendingOrders { get; init; }
    public decimal? AverageOrderValueUsd { get; init; }
}

public sealed record LtvBucketRow
{
    /// <summary>Lower edge in USD, included (the first bucket holds exactly 0).</summary>
    public decimal FromUsd { get; init; }

    /// <summary>Upper edge in USD, excluded; null for the open last bucket.</summary>
    public decimal? ToUsd { get; init; }
    public int Customers { get; init; }
    public decimal LifetimeValueUsd { get; init; }

    // The percentiles of every counted customer's lifetime value, the same on each row (so the CSV carries them too).
    public decimal? P50Usd { get; init; }
    public decimal? P90Usd { get; init; }
    public decimal? P99Usd { get; init; }
}

public sealed record CohortRetentionRow
{
    /// <summary>The cohort's month (first day, YYYY-MM-DD in tz): when its customers first ordered.</summary>
    public string Cohort { get; init; } = "";
    public int CohortSize { get; init; }

    /// <summary>Months after the cohort's month; 0 is the cohort's own month (every member, 100 %).</summary>
    public int MonthOffset { get; init; }
    public int Customers { get; init; }
    public decimal RetentionPercent { get; init; }
}

public sealed record ProductPerformanceRow
{
    public string ProductId { get; init; } = "";
    public string ProductName { get; init; } = "";
    public string? Sku { get; init; }
    public int Units { get; init; }
    public int Orders { get; init; }

    /// <summary>Item prices in USD (before order discounts, tax and shipping), net of this product's share of refunds.</summary>
    public decimal RevenueUsd { get; init; }

    /// <summary>The product's share of the orders' refunds in USD (all of it for a refunded order).</summary>
    public decimal RefundedUsd { get; init; }
    public int RefundedOrders { get; init; }
    public int UsdPendingOrders { get; init; }
}
