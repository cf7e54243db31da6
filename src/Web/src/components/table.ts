/** Shared table look, so every list reads the same. */
export const tableFrame = 'overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200';
export const tableClasses = 'min-w-full divide-y divide-slate-200';
export const headerCell =
  'px-3 py-3 sm:px-4 whitespace-nowrap text-left text-xs font-semibold uppercase tracking-wide text-slate-600';
export const bodyCell = 'px-3 py-3 sm:px-4 align-middle text-sm text-slate-700';
export const numericHeaderCell = `${headerCell.replace('whitespace-nowrap', '')} text-right`;
export const numericCell = `${bodyCell} whitespace-nowrap text-right tabular-nums`;
export const rowLink = 'rounded font-medium text-slate-900 hover:text-indigo-700 hover:underline';
