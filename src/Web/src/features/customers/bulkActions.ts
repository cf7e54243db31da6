import type { BulkInput, CustomerStatus } from '../../api/client';

/** What to do with the chosen customers. */
export type BulkCommand =
  | { action: 'add_tags'; tags: string[] }
  | { action: 'remove_tags'; tags: string[] }
  | { action: 'set_status'; status: CustomerStatus }
  | { action: 'delete' };

/** Which customers: the ticked rows, or every customer the list's filter matches. */
export type BulkTarget = { kind: 'ids'; ids: readonly string[] } | { kind: 'filter'; filter: string };

/**
 * The API insists on ids or a non-empty filter. "Every customer" (no filter at all) is written as a
 * filter that only restates the default order, which every customer matches.
 */
export const MATCH_EVERYONE_FILTER = 'sort=-created_at';

export function buildBulkInput(command: BulkCommand, target: BulkTarget): BulkInput {
  const selection =
    target.kind === 'ids' ? { ids: [...target.ids] } : { filter: target.filter.trim() || MATCH_EVERYONE_FILTER };
  switch (command.action) {
    case 'add_tags':
    case 'remove_tags':
      return { action: command.action, tags: command.tags, ...selection };
    case 'set_status':
      return { action: 'set_status', status: command.status, ...selection };
    case 'delete':
      return { action: 'delete', ...selection };
  }
}
