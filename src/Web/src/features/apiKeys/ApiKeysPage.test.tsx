import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockApi } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

const existing = {
  id: 'k1',
  name: 'Shopify sync',
  prefix: 'sck_ab12',
  scopes: ['customers:read'],
  created_at: '2025-03-01T09:00:00Z',
  created_by: 'u-admin',
  last_used_at: null,
  revoked_at: null,
};

describe('API keys page', () => {
  it('creates a key with the chosen scopes and shows it once', async () => {
    let keys = [existing];
    const { requests } = mockApi({
      'GET /api/v1/api-keys': () => jsonResponse({ items: keys }),
      'POST /api/v1/api-keys': async (request) => {
        const body = (await request.json()) as { name: string; scopes: string[] };
        const created = { ...existing, id: 'k2', prefix: 'sck_cd34', ...body };
        keys = [...keys, created];
        return jsonResponse({ ...created, key: 'sck_cd34_the-whole-secret' }, 201);
      },
    });
    const user = userEvent.setup();
    renderApp('/settings/api-keys');

    await screen.findByRole('table', { name: 'API keys' });
    await user.click(screen.getByRole('button', { name: 'New API key' }));
    const dialog = screen.getByRole('dialog', { name: 'New API key' });
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Choose at least one scope.')).toBeInTheDocument();

    await user.type(within(dialog).getByLabelText(/^Name/), 'ERP');
    await user.click(within(dialog).getByRole('checkbox', { name: /orders:read/ }));
    await user.click(within(dialog).getByRole('checkbox', { name: /orders:write/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const shown = await screen.findByRole('dialog', { name: 'API key “ERP” created' });
    expect(within(shown).getByLabelText('API key')).toHaveValue('sck_cd34_the-whole-secret');
    expect(shown).toHaveTextContent('You will not see it again.');
    expect(await requests.find((request) => request.method === 'POST')!.json()).toEqual({
      name: 'ERP',
      scopes: ['orders:read', 'orders:write'],
    });

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.getByRole('row', { name: /ERP/ })).toBeInTheDocument());
    expect(screen.queryByText('sck_cd34_the-whole-secret')).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue('sck_cd34_the-whole-secret')).not.toBeInTheDocument();
  });

  it('revokes a key after confirming', async () => {
    const { requests } = mockApi({
      'GET /api/v1/api-keys': () => jsonResponse({ items: [existing] }),
      'DELETE /api/v1/api-keys/k1': () => new Response(null, { status: 204 }),
    });
    const user = userEvent.setup();
    renderApp('/settings/api-keys');

    await user.click(await screen.findByRole('button', { name: 'Revoke Shopify sync' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Revoke this API key?' })).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(requests.some((request) => request.method === 'DELETE')).toBe(true));
  });
});
