-- Sources that push through the ingestion API (Amazon, eBay, a custom shop) are kept as commerce_shops rows of
-- platform 'api' (domain = source_key = the source's name), so their events share the inbox, the drain and the links.
-- They receive no webhooks, so they have no route and no webhook secret ('' stored).
alter table commerce_shops drop constraint commerce_shops_platform_check;
alter table commerce_shops add constraint commerce_shops_platform_check check (platform in ('shopify', 'woocommerce', 'api'));
