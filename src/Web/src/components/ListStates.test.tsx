import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ListStates } from './ListStates';

const noMatches = { icon: null, title: 'No matches', description: 'Try another search' };
const empty = { icon: null, title: 'Nothing yet', description: 'Add the first one' };

function renderStates(list: Partial<Parameters<typeof ListStates>[0]['list']>, count: number, filtered = false) {
  const refetch = vi.fn();
  render(
    <ListStates
      list={{ isPending: false, isError: false, error: null, refetch, ...list }}
      count={count}
      loadErrorMessage="Could not load the list"
      filtered={filtered}
      noMatches={noMatches}
      empty={empty}
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
    expect(screen.getByText('Could not load the list')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button'));
    expect(refetch).toHaveBeenCalledOnce();
  });

  it('keeps the rows when a later page fails, leaving the error to the footer', () => {
    renderStates({ isError: true, error: new TypeError('offline') }, 3);
    expect(screen.getByText('the rows')).toBeInTheDocument();
    expect(screen.queryByText('Could not load the list')).not.toBeInTheDocument();
  });

  it('tells an empty list from a search without matches', () => {
    renderStates({}, 0, false);
    expect(screen.getByRole('heading', { name: 'Nothing yet' })).toBeInTheDocument();
  });

  it('says no matches when a filter narrows the list to nothing', () => {
    renderStates({}, 0, true);
    expect(screen.getByRole('heading', { name: 'No matches' })).toBeInTheDocument();
    expect(screen.queryByText('Nothing yet')).not.toBeInTheDocument();
  });
});
