import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ListStates } from './ListStates';

function renderStates(list: Partial<Parameters<typeof ListStates>[0]['list']>, count: number, filtered = false) {
  const refetch = vi.fn();
  render(
    <ListStates
      list={{ isPending: false, isError: false, error: null, refetch, ...list }}
      count={count}
      texts="orders"
      filtered={filtered}
      emptyIcon={null}
      emptyAction={<a href="/orders/new">Add an order</a>}
    >
      <p>the rows</p>
    </ListStates>,
  );
  return refetch;
}

describe('ListStates', () => {
  it('shows a loading status while the first page loads', () => {
    renderStates({ isPending: true }, 0);
    expect(screen.getByRole('status')).toBeInTheDocument();
    expect(screen.queryByText('the rows')).not.toBeInTheDocument();
  });

  it('shows a failed first load with a retry that refetches', async () => {
    const refetch = renderStates({ isError: true, error: new TypeError('offline') }, 0);
    expect(screen.getByText('The orders could not be loaded.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button'));
    expect(refetch).toHaveBeenCalledOnce();
  });

  it('keeps the rows when a later page fails, leaving the error to the footer', () => {
    renderStates({ isError: true, error: new TypeError('offline') }, 3);
    expect(screen.getByText('the rows')).toBeInTheDocument();
    expect(screen.queryByText('The orders could not be loaded.')).not.toBeInTheDocument();
  });

  it('tells an empty list, with its action, from a search without matches', () => {
    renderStates({}, 0, false);
    expect(screen.getByRole('heading', { name: 'No orders yet' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Add an order' })).toBeInTheDocument();
  });

  it('says no matches when a filter narrows the list to nothing', () => {
    renderStates({}, 0, true);
    expect(screen.getByRole('heading', { name: 'No matching orders' })).toBeInTheDocument();
    expect(screen.queryByText('No orders yet')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Add an order' })).not.toBeInTheDocument();
  });
});
