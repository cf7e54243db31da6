import type { ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { renderHook, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { customer, jsonResponse, mockApi, referenceData } from '../test/mockApi';
import { renderApp, testMe } from '../test/renderApp';
import type { Me } from './authApi';
import { authSession } from './session';
import { authKeys } from './useMe';
import { usePermission } from './usePermission';

function wrapperWith(me: Me | undefined) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  if (me) {
    authSession.signIn({ access_token: 'a', refresh_token: 'r', expires_in: 900, token_type: 'Bearer' });
    queryClient.setQueryData(authKeys.me, me);
  }
  return ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}

describe('usePermission', () => {
  it("answers from the signed-in user's permissions", () => {
    const wrapper = wrapperWith(testMe({ role: 'agent', permissions: ['customers.read', 'customers.write'] }));
    expect(renderHook(() => usePermission('customers.write'), { wrapper }).result.current).toBe(true);
    expect(renderHook(() => usePermission('customers.bulk'), { wrapper }).result.current).toBe(false);
  });

  it('denies everything while nobody is signed in', () => {
    const wrapper = wrapperWith(undefined);
    expect(renderHook(() => usePermission('customers.read'), { wrapper }).result.current).toBe(false);
  });
});

const READONLY = ['customers.read', 'orders.read', 'users.read'];
const AGENT = ['customers.read', 'customers.write', 'customers.export', 'orders.read', 'orders.write', 'users.read'];

const anna = customer({ id: 'a', first_name: 'Anna', tags: ['vip'] });
const listRoutes = {
  'GET /api/v1/reference': () => jsonResponse(referenceData),
  'GET /api/v1/tags': () => jsonResponse([]),
  'GET /api/v1/customers': () => jsonResponse({ items: [anna], next_cursor: null, total: 1 }),
};

describe('Role-aware customer pages', () => {
  it('shows an admin every action', async () => {
    mockApi(listRoutes);
    renderApp('/customers');
    await screen.findByRole('row', { name: /Anna Schmidt/ });
    expect(screen.getAllByRole('link', { name: 'New customer' }).length).toBeGreaterThan(0);
    expect(screen.getByRole('link', { name: 'Import' })).toBeInTheDocument();
    expect(screen.getByText('Export')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Select all customers on this page' })).toBeInTheDocument();
  });

  it('gives a read-only user no way to create, import, export or select', async () => {
    mockApi(listRoutes);
    renderApp('/customers', { me: { role: 'readonly', permissions: READONLY } });
    await screen.findByRole('row', { name: /Anna Schmidt/ });
    expect(screen.queryByRole('link', { name: 'New customer' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Import' })).not.toBeInTheDocument();
    expect(screen.queryByText('Export')).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });

  it('lets an agent create and export, but not import or use bulk actions', async () => {
    mockApi(listRoutes);
    renderApp('/customers', { me: { role: 'agent', permissions: AGENT } });
    await screen.findByRole('row', { name: /Anna Schmidt/ });
    expect(screen.getByRole('link', { name: 'New customer' })).toBeInTheDocument();
    expect(screen.getByText('Export')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Import' })).not.toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });

  it('shows a read-only user the customer without Edit, Delete or tag editing', async () => {
    mockApi({ 'GET /api/v1/customers/a': () => jsonResponse(anna) });
    renderApp('/customers/a', { me: { role: 'readonly', permissions: READONLY } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Anna Schmidt' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete customer' })).not.toBeInTheDocument();
    const profile = screen.getByRole('complementary', { name: 'Profile' });
    expect(within(profile).getByText('vip')).toBeInTheDocument();
    expect(within(profile).queryByRole('button', { name: 'Remove tag vip' })).not.toBeInTheDocument();
  });

  it('tells a read-only user who opens /customers/new that they have no access', async () => {
    mockApi({});
    renderApp('/customers/new', { me: { role: 'readonly', permissions: READONLY } });
    expect(await screen.findByRole('heading', { level: 1, name: 'No access' })).toBeInTheDocument();
  });

  it('lists only the settings sections the user may open', async () => {
    mockApi({});
    renderApp('/settings', { me: { role: 'readonly', permissions: READONLY } });
    const sections = await screen.findByRole('navigation', { name: 'Settings sections' });
    expect(within(sections).getAllByRole('link').map((link) => link.textContent)).toEqual(['Profile', 'Team']);
  });
});
