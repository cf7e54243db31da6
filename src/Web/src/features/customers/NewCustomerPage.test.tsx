import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { customer, jsonResponse, mockApi, problemResponse, referenceData } from '../../test/mockApi';
import { renderApp } from '../../test/renderApp';

async function fillRequiredFields(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByLabelText(/First name/), 'Anna');
  await user.type(screen.getByLabelText(/Last name/), 'Schmidt');
  await user.type(screen.getByLabelText(/^Email/), 'anna@example.de');
  await user.selectOptions(screen.getByLabelText(/^Country/), 'DE');
}

describe('New customer form', () => {
  it('shows a duplicate-email conflict from the server on the email field', async () => {
    const message = 'Another customer in this workspace already has this email.';
    const { requests } = mockApi({
      'GET /api/v1/reference': () => jsonResponse(referenceData),
      'POST /api/v1/customers': () =>
        problemResponse({ type: 'about:blank', title: 'Conflict', status: 409, detail: message, errors: { email: [message] } }),
    });
    const user = userEvent.setup();
    const { router } = renderApp('/customers/new');

    await fillRequiredFields(user);
    await user.type(screen.getByLabelText(/^Tags/), 'vip, b2b');
    await user.click(screen.getByRole('button', { name: 'Create customer' }));

    const email = screen.getByLabelText(/^Email/);
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(email).toHaveAccessibleDescription(message);
    expect(email).toHaveFocus();
    // The form stays open with the typed values; nothing else is flagged.
    expect(router.state.location.pathname).toBe('/customers/new');
    expect(screen.getByLabelText(/First name/)).not.toHaveAttribute('aria-invalid');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    const post = requests.find((request) => request.method === 'POST');
    expect(await post?.json()).toEqual({
      first_name: 'Anna',
      last_name: 'Schmidt',
      email: 'anna@example.de',
      phone: null,
      company_name: null,
      country_code: 'DE',
      region: null,
      city: null,
      postal_code: null,
      timezone: 'UTC',
      language: 'en',
      currency: 'USD',
      status: 'active',
      tags: ['vip', 'b2b'],
    });
  });

  it('maps 400 field errors and shows messages for unknown fields in an alert', async () => {
    mockApi({
      'GET /api/v1/reference': () => jsonResponse(referenceData),
      'POST /api/v1/customers': () =>
        problemResponse({
          title: 'One or more validation errors occurred.',
          status: 400,
          errors: { Phone: ['The phone number is not valid.'], legacy_id: ['This field is not part of the resource.'] },
        }),
    });
    const user = userEvent.setup();
    renderApp('/customers/new');

    await fillRequiredFields(user);
    await user.type(screen.getByLabelText(/^Phone/), '12');
    await user.click(screen.getByRole('button', { name: 'Create customer' }));

    const phone = screen.getByLabelText(/^Phone/);
    await waitFor(() => expect(phone).toHaveAccessibleDescription('The phone number is not valid.'));
    expect(phone).toHaveFocus();
    expect(screen.getByRole('alert')).toHaveTextContent('This field is not part of the resource.');
  });

  it('validates on the client first and focuses the first invalid field', async () => {
    const { fetchMock } = mockApi({ 'GET /api/v1/reference': () => jsonResponse(referenceData) });
    const user = userEvent.setup();
    renderApp('/customers/new');

    await user.type(await screen.findByLabelText(/^Email/), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Create customer' }));

    const firstName = screen.getByLabelText(/First name/);
    await waitFor(() => expect(firstName).toHaveFocus());
    expect(firstName).toHaveAccessibleDescription('This field is required.');
    expect(screen.getByLabelText(/^Email/)).toHaveAccessibleDescription('Enter a valid email address.');
    expect(screen.getByLabelText(/^Country/)).toHaveAttribute('aria-invalid', 'true');
    expect(fetchMock.mock.calls.some(([request]) => (request as Request).method === 'POST')).toBe(false);
  });

  it('opens the new customer with a confirmation after creating', async () => {
    mockApi({
      'GET /api/v1/reference': () => jsonResponse(referenceData),
      'POST /api/v1/customers': () => jsonResponse(customer({ id: 'new-1' }), 201),
      'GET /api/v1/customers/new-1': () => jsonResponse(customer({ id: 'new-1' })),
      'GET /api/v1/customers/new-1/timeline': () => jsonResponse({ items: [], next_cursor: null }),
    });
    const user = userEvent.setup();
    const { router } = renderApp('/customers/new');

    await fillRequiredFields(user);
    await user.click(screen.getByRole('button', { name: 'Create customer' }));

    const confirmation = await screen.findByText('Customer created.');
    expect(confirmation.closest('[role="status"]')).not.toBeNull();
    expect(router.state.location.pathname).toBe('/customers/new-1');
  });
});
