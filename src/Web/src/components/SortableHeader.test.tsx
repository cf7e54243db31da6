import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { nextSort, parseSort, SortableHeader } from './SortableHeader';

describe('nextSort', () => {
  it('sorts a new column in its first direction', () => {
    expect(nextSort('-created_at', 'last_name', 'ascending')).toBe('last_name');
    expect(nextSort('last_name', 'lifetime_value_usd', 'descending')).toBe('-lifetime_value_usd');
  });

  it('flips the direction of the sorted column', () => {
    expect(nextSort('last_name', 'last_name', 'ascending')).toBe('-last_name');
    expect(nextSort('-last_name', 'last_name', 'ascending')).toBe('last_name');
    expect(nextSort('-created_at', 'created_at', 'descending')).toBe('created_at');
  });

  it('reads the first term of a sort', () => {
    expect(parseSort('-created_at,last_name')).toEqual({ field: 'created_at', direction: 'descending' });
  });
});

function renderHeader(sort: string, onSortChange = vi.fn()) {
  render(
    <table>
      <thead>
        <tr>
          <SortableHeader label="Name" field="last_name" sort={sort} onSortChange={onSortChange} />
          <SortableHeader label="Created" field="created_at" firstDirection="descending" sort={sort} onSortChange={onSortChange} />
        </tr>
      </thead>
    </table>,
  );
  return onSortChange;
}

describe('SortableHeader', () => {
  it('puts aria-sort only on the sorted column', () => {
    renderHeader('-created_at');
    expect(screen.getByRole('columnheader', { name: 'Created' })).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: 'Name' })).not.toHaveAttribute('aria-sort');
  });

  it('toggles through its button', async () => {
    const user = userEvent.setup();
    const onSortChange = renderHeader('last_name');
    expect(screen.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByRole('button', { name: 'Name' }));
    expect(onSortChange).toHaveBeenLastCalledWith('-last_name');
    await user.click(screen.getByRole('button', { name: 'Created' }));
    expect(onSortChange).toHaveBeenLastCalledWith('-created_at');
  });
});
