import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

function entry(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    occurred_at: '2025-03-01T10:00:00Z',
    actor_id: 'u-admin',
    actor: 'Ada Admin',
    action: 'update',
    entity_type: 'customer',
    entity_id: `c-${id}`,
    ip: '10.0.0.1',
    request_id: `req-${id}`,
    before: { first_name: 'Anna' },
    after: { first_name: '<img src=x onerror=alert(1)>' },
    ...overrides,
  };
}

describe('Audit log page', () => {
  it('sends the URL filters, loads more with the cursor, and shows before/after as text', async () => {
    const { requests } = mockApi({
      'GET /api/v1/users': () => jsonResponse({ items: [] }),
      'GET /api/v1/audit': (_request, url) =>
        url.searchParams.get('cursor') === 'next-1'
          ? jsonResponse({ items: [entry('2', { action: 'sign_in', before: null, after: null })], next_cursor: null })
          : jsonResponse({ items: [entry('1')], next_cursor: 'next-1' }),
    });
    const user = userEvent.setup();
    renderApp('/settings/audit?entity_type=customer&action=update&from=2025-03-01');

    const table = await screen.findByRole('table', { name: 'Audit log, newest first' });
    const first = new URL(requests.find((request) => request.url.includes('/audit'))!.url).searchParams;
    expect(first.get('entity_type')).toBe('customer');
    expect(first.get('action')).toBe('update');
    expect(first.get('limit')).toBe('50');
    expect(new Date(first.get('from')!).getTime()).toBe(new Date(2025, 2, 1).getTime());

    await user.click(within(table).getByRole('button', { name: 'Show' }));
    expect(within(table).getByRole('button', { name: 'Hide' })).toHaveAttribute('aria-expanded', 'true');
    // Markup in a snapshot stays text: no element is created from it.
    expect(within(table).getByText(/<img src=x onerror=alert\(1\)>/)).toBeInTheDocument();
    expect(table.querySelector('img')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(table).findByText('sign_in')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('keeps filter changes in the URL', async () => {
    mockApi({
      'GET /api/v1/users': () => jsonResponse({ items: [] }),
      'GET /api/v1/audit': () => jsonResponse({ items: [], next_cursor: null }),
    });
    const user = userEvent.setup();
    const { router } = renderApp('/settings/audit');

    expect(await screen.findByRole('heading', { name: 'No entries yet' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Entity ID'), 'c-42{Enter}');
    expect(router.state.location.search).toBe('?entity_id=c-42');
    expect(await screen.findByRole('heading', { name: 'No matching entries' })).toBeInTheDocument();
  });
});
