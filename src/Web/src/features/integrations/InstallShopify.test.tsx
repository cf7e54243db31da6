import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, mockApi, problemResponse } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';
import { consentScreen } from './InstallShopifyDialog';

const firstRender = { timeout: 5000 };
const consent = 'https://my-shop.myshopify.com/admin/oauth/authorize?client_id=app-key&state=s1';

function noShops(install?: (url: URL) => Response) {
  return mockApi({
    'GET /api/v1/integrations': () => jsonResponse({ items: [] }),
    'GET /api/v1/integrations/dead-letters': () => jsonResponse({ items: [] }),
    ...(install ? { 'GET /api/v1/integrations/shopify/install': (_request: Request, url: URL) => install(url) } : {}),
  });
}

// Typing into a dialog over the whole app is slow on a busy machine.
/** Opens the install dialog from the page, enters the domain and continues; returns the dialog. */
async function installFor(domain: string) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Install Shopify app' }, firstRender));
  const dialog = screen.getByRole('dialog', { name: 'Install the Shopify app' });
  await user.click(within(dialog).getByLabelText(/Shop domain/));
  await user.paste(domain);
  await user.click(within(dialog).getByRole('button', { name: 'Continue to Shopify' }));
  return dialog;
}

describe('Installing the Shopify app', { timeout: 40_000 }, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('asks the API for the consent screen of the shop entered and sends the browser there', async () => {
    const open = vi.spyOn(consentScreen, 'open').mockImplementation(() => {});
    const asked: string[] = [];
    noShops((url) => {
      asked.push(url.searchParams.get('shop') ?? '');
      return jsonResponse({ authorize_url: consent });
    });
    renderApp('/settings/integrations');

    const dialog = await installFor('  My-Shop.myshopify.com ');

    await waitFor(() => expect(open).toHaveBeenCalledWith(consent));
    expect(asked).toEqual(['my-shop.myshopify.com']);
    expect(within(dialog).getByRole('button', { name: 'Opening Shopify…' })).toBeDisabled();
  });

  it('puts the API’s refusal of the domain on the field and stays', async () => {
    const open = vi.spyOn(consentScreen, 'open').mockImplementation(() => {});
    noShops(() =>
      problemResponse({
        title: 'Invalid query',
        status: 400,
        errors: { shop: ["Give the shop's myshopify.com domain, e.g. jsmith.myshopify.com."] },
      }),
    );
    renderApp('/settings/integrations');

    const dialog = await installFor('shop.example.com');

    const field = within(dialog).getByLabelText(/Shop domain/);
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    expect(field).toHaveAccessibleDescription(/myshopify\.com domain/);
    expect(open).not.toHaveBeenCalled();
  });

  it('says in words why Shopify’s return was refused, and offers to install again', async () => {
    noShops();
    const { router } = renderApp('/settings/integrations?install_error=state');

    const user = userEvent.setup();
    const alert = await screen.findByRole('alert', {}, firstRender);
    expect(alert).toHaveTextContent('The Shopify app was not installed.');
    expect(alert).toHaveTextContent('The install link had expired or was meant for another shop.');
    await user.click(within(alert).getByRole('button', { name: 'Install again' }));
    expect(screen.getByRole('dialog', { name: 'Install the Shopify app' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(screen.queryByText('The Shopify app was not installed.')).not.toBeInTheDocument());
    expect(router.state.location.search).toBe('');
  });

  it('names the shop just installed and points at its first sync', async () => {
    noShops();
    renderApp('/settings/integrations?installed=my-shop.myshopify.com');

    const status = await screen.findByText('The Shopify app is installed on my-shop.myshopify.com.', {}, firstRender);
    expect(status.closest('[role="status"]')).toHaveTextContent('Its first sync has started');
  });

  it('has a readable message for a reason it does not know', async () => {
    noShops();
    renderApp('/settings/integrations?install_error=something-new');
    expect(await screen.findByRole('alert', {}, firstRender)).toHaveTextContent('Something went wrong on the way back from Shopify.');
  });
});
