import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** An email no earlier run has used, so tests can run again against the same database. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * Scans the page with axe-core for WCAG 2.0/2.1 A and AA rules and fails on any serious or
 * critical violation, listing the rule and the offending elements.
 */
export async function expectNoSeriousA11yViolations(page: Page, pageName: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  expect(serious, `accessibility violations on ${pageName}`).toEqual([]);
}

export interface TestCustomer {
  id: string;
  email: string;
}

export async function createCustomerThroughApi(
  request: APIRequestContext,
  fields: { first_name: string; last_name: string; email: string; country_code: string } & Record<string, unknown>,
): Promise<TestCustomer> {
  const response = await request.post('/api/v1/customers', { data: fields });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as TestCustomer;
}

/** Best-effort cleanup so runs against a shared database do not pile up test customers. */
export async function deleteCustomerThroughApi(request: APIRequestContext, id: string): Promise<void> {
  await request.delete(`/api/v1/customers/${id}`);
}

/** A token no earlier run has used, for order numbers, tags and names. */
export function uniqueToken(prefix = ''): string {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export interface TestOrder {
  id: string;
  order_number: string;
  status: string;
}

export async function createOrderThroughApi(
  request: APIRequestContext,
  fields: { customer_id: string; order_number: string; currency: string } & Record<string, unknown>,
): Promise<TestOrder> {
  const response = await request.post('/api/v1/orders', {
    data: {
      items: [{ product_id: 'tea-01', product_name: 'Sencha green tea', quantity: 2, unit_price: 12.5 }],
      ...fields,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as TestOrder;
}
