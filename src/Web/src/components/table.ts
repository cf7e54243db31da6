/** Shared table look, so every list reads the same. */
export const tableFrame = 'overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200';
export const tableClasses = 'min-w-full divide-y divide-slate-200';
export const headerCell =
  'px-3 py-3 sm:px-4 whitespace-nowrap text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
export const bodyCell = 'px-3 py-3 sm:px-4 align-middle text-sm text-slate-700';
export const numericHeaderCell = `${headerCell.replace('whitespace-nowrap', '')} text-right`;
export const numericCell = `${bodyCell} whitespace-nowrap text-right tabular-nums`;
export const rowLink = 'rounded font-medium text-slate-900 hover:text-indigo-700 hover:underline';

/**
 * The look of lists that become cards on phones (below md): each row a card, each cell one "label  value"
 * line, the label taken from the cell's data-label (so nothing is cut off or scrolled sideways). The header
 * row keeps only what acts — sort buttons, select all — as a wrapping bar above the cards; passive headers
 * are for wider screens only. One set of classes for the customer, order and activity lists.
 */
export const cardList = {
  frame: 'relative md:overflow-x-auto md:rounded-lg md:bg-white md:shadow-sm md:ring-1 md:ring-slate-200',
  table: 'block w-full md:table md:min-w-full md:divide-y md:divide-slate-200',
  head: 'block md:table-header-group md:bg-slate-50',
  headRow: 'mb-2 flex flex-wrap items-center gap-1 md:mb-0 md:table-row',
  /** A header with nothing to press. */
  passiveHeader: 'hidden md:table-cell',
  body: 'block space-y-3 md:table-row-group md:space-y-0 md:divide-y md:divide-slate-100',
  row: 'block rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200 md:table-row md:rounded-none md:p-0 md:shadow-none md:ring-0',
  /** With data-label={column header}. Empty cells leave no empty line on a card. */
  cell:
    'flex min-w-0 items-baseline justify-between gap-3 py-1 text-right text-sm text-slate-700 empty:hidden before:shrink-0 before:text-left before:text-xs before:font-semibold before:uppercase before:tracking-wide before:text-slate-600 before:content-[attr(data-label)] md:table-cell md:px-4 md:py-3 md:text-left md:align-middle md:empty:table-cell md:before:content-none',
  /** The card's title (name, order number, subject): no label, the whole width. */
  titleCell: 'block py-1 text-sm text-slate-700 md:table-cell md:px-4 md:py-3 md:align-middle',
} as const;

/** The card cell with numbers aligned right in the table as well. */
export const cardNumericCell = `${cardList.cell} whitespace-nowrap tabular-nums md:text-right`;
