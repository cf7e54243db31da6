-- Euro foreign exchange reference rates (ECB), used to normalise order totals to USD at the rate of the
-- order's date. Global reference data: the same for every workspace, so no workspace_id and no row-level
-- security. One row per currency and publication day; days the ECB does not publish (weekends, TARGET
-- holidays) have no row, and readers take the newest rate on or before the date they need.

create table fx_rates (
    rate_date     date not null,
    currency      char(3) not null check (currency ~ '^[A-Z]{3}$' and currency <> 'EUR'),
    -- How many units of the currency one euro buys; EUR itself is the base and never stored.
    units_per_eur numeric(20, 10) not null check (units_per_eur > 0),
    -- Where the row came from: 'ecb' (downloaded) or 'ecb-snapshot' (the approximate copy shipped with the app).
    source        text not null,
    loaded_at     timestamptz not null default now(),
    -- Currency first: "newest rate_date <= d for one currency" is a backward scan of this index.
    primary key (currency, rate_date)
);
