// The segment builder's editable tree and its conversion to and from the API's rules JSON
// ({"all": [...]} / {"any": [...]} groups, {"field", "op", "value"} conditions; see docs/api.md "Segments").

/** How a field's value is entered. */
export type FieldKind = 'country' | 'language' | 'currency' | 'status' | 'tags' | 'number' | 'days' | 'text';

export const SEGMENT_FIELDS = {
  country_code: 'country',
  region: 'text',
  language: 'language',
  currency: 'currency',
  status: 'status',
  owner: 'text',
  tags: 'tags',
  order_count: 'number',
  lifetime_value: 'number',
  average_order_value: 'number',
  last_order_at: 'days',
  bought_product: 'text',
  bought_sku: 'text',
} as const satisfies Record<string, FieldKind>;

export type SegmentFieldName = keyof typeof SEGMENT_FIELDS;
export const FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as SegmentFieldName[];

const TEXT_OPS = ['eq', 'neq', 'in', 'not_in'] as const;
const NUMBER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const;

export type SegmentOp =
  | (typeof TEXT_OPS)[number]
  | (typeof NUMBER_OPS)[number]
  | 'contains'
  | 'not_contains'
  | 'contains_any'
  | 'within_days'
  | 'not_within_days';

export const ALL_OPS: readonly SegmentOp[] = [
  'eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'contains_any', 'gt', 'gte', 'lt', 'lte', 'between', 'within_days', 'not_within_days',
];

/** The kind of a field name; unknown names (custom.<key>, fields newer than this app) are text. */
export function fieldKind(field: string): FieldKind {
  return (SEGMENT_FIELDS as Record<string, FieldKind>)[field] ?? 'text';
}

/** The operators a field takes, as the server's rule parser allows them. */
export function operatorsFor(field: string): readonly SegmentOp[] {
  if (field === 'bought_product' || field === 'bought_sku') return ['eq', 'in'];
  switch (fieldKind(field)) {
    case 'tags':
      return ['contains', 'not_contains', 'contains_any'];
    case 'number':
      return NUMBER_OPS;
    case 'days':
      return ['within_days', 'not_within_days'];
    default:
      return TEXT_OPS;
  }
}

/** How an operator's value is shaped: one value, a list, or a [min, max] pair. */
export function valueShape(op: string): 'single' | 'list' | 'range' {
  if (op === 'in' || op === 'not_in' || op === 'contains_any') return 'list';
  if (op === 'between') return 'range';
  return 'single';
}

export interface ConditionRow {
  type: 'condition';
  id: string;
  field: string;
  op: string;
  /** The single value, or a range's minimum, as typed. */
  value: string;
  /** A list operator's values. */
  values: string[];
  /** A range's maximum, as typed. */
  upper: string;
}

export interface RuleGroup {
  type: 'group';
  id: string;
  join: 'all' | 'any';
  items: Array<ConditionRow | RuleGroup>;
}

export type RuleNode = ConditionRow | RuleGroup;

let nextId = 0;
export function newId(): string {
  nextId += 1;
  return `r${nextId}`;
}

export function newCondition(field: string = 'country_code'): ConditionRow {
  // Choice lists start with "is one of", the most common question ("country in DE, AT").
  const ops = operatorsFor(field);
  const op = ops.includes('in') && fieldKind(field) !== 'text' ? 'in' : ops[0]!;
  return { type: 'condition', id: newId(), field, op, value: '', values: [], upper: '' };
}

export function newGroup(join: 'all' | 'any' = 'all', items: RuleNode[] = [newCondition()]): RuleGroup {
  return { type: 'group', id: newId(), join, items };
}

/** A number as typed: a number when it reads as one, null when empty, else the text (so the server names the bad value). */
function numberValue(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

function conditionJson(row: ConditionRow): Record<string, unknown> {
  const numeric = fieldKind(row.field) === 'number' || fieldKind(row.field) === 'days';
  const shape = valueShape(row.op);
  const value =
    shape === 'list'
      ? row.values
      : shape === 'range'
        ? [numberValue(row.value), numberValue(row.upper)]
        : numeric
          ? numberValue(row.value)
          : row.value;
  return { field: row.field, op: row.op, value };
}

/** The builder's tree as rules JSON. Every row is kept, in order, so an error path points back at its row. */
export function toRulesJson(node: RuleNode): Record<string, unknown> {
  if (node.type === 'condition') return conditionJson(node);
  return { [node.join]: node.items.map(toRulesJson) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function fromNode(json: unknown): RuleNode {
  if (isRecord(json) && (Array.isArray(json.all) || Array.isArray(json.any))) {
    const join = Array.isArray(json.all) ? 'all' : 'any';
    return { type: 'group', id: newId(), join, items: (json[join] as unknown[]).map(fromNode) };
  }
  const leaf = isRecord(json) ? json : {};
  const op = text(leaf.op);
  const value = leaf.value;
  const row: ConditionRow = { type: 'condition', id: newId(), field: text(leaf.field), op, value: '', values: [], upper: '' };
  if (Array.isArray(value)) {
    if (valueShape(op) === 'range') {
      row.value = text(value[0]);
      row.upper = text(value[1]);
    } else {
      row.values = value.map(text);
    }
  } else {
    row.value = text(value);
  }
  return row;
}

/** Stored rules as the builder's tree; the root is always a group (a lone condition becomes an "all" of one). */
export function fromRulesJson(json: unknown): RuleGroup {
  const node = fromNode(json);
  return node.type === 'group' ? node : { type: 'group', id: newId(), join: 'all', items: [node] };
}

export interface NodeErrors {
  /** Messages by the id of the row or group they belong to. */
  byNode: Map<string, string[]>;
  /** Messages that point at no node of the tree. */
  general: string[];
}

/**
 * Maps the server's error paths ("rules/all/1/any/0/op") onto the builder's nodes: the path is walked down the tree
 * by group key and index; what is left after the node (op, value, value/0) only says which part is wrong.
 */
export function errorsByNode(errors: Record<string, readonly string[]>, root: RuleGroup): NodeErrors {
  const byNode = new Map<string, string[]>();
  const general: string[] = [];
  for (const [path, messages] of Object.entries(errors)) {
    const id = nodeAt(path, root);
    if (id === undefined) {
      general.push(...messages);
    } else {
      byNode.set(id, [...(byNode.get(id) ?? []), ...messages]);
    }
  }
  return { byNode, general };
}

function nodeAt(path: string, root: RuleGroup): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'rules') return undefined;
  let node: RuleNode = root;
  let index = 1;
  while (node.type === 'group' && index < parts.length && parts[index] === node.join) {
    const position = Number(parts[index + 1]);
    const child: RuleNode | undefined = Number.isInteger(position) ? node.items[position] : undefined;
    if (!child) return node.id;
    node = child;
    index += 2;
  }
  return node.id;
}

/** Immutable edits of the tree by node id. */
export function updateNode(root: RuleGroup, id: string, change: (node: RuleNode) => RuleNode | null): RuleGroup {
  const visit = (node: RuleNode): RuleNode | null => {
    if (node.id === id) return change(node);
    if (node.type === 'condition') return node;
    return { ...node, items: node.items.map(visit).filter((item): item is RuleNode => item !== null) };
  };
  return (visit(root) as RuleGroup | null) ?? newGroup();
}

/** A condition switched to another field: an operator it takes, and a value of the new field's kind. */
export function withField(row: ConditionRow, field: string): ConditionRow {
  const ops = operatorsFor(field);
  const keepsValue = fieldKind(field) === fieldKind(row.field);
  return {
    ...row,
    field,
    op: ops.includes(row.op as SegmentOp) ? row.op : ops[0]!,
    value: keepsValue ? row.value : '',
    values: keepsValue ? row.values : [],
    upper: keepsValue ? row.upper : '',
  };
}

/** A condition switched to another operator: the value carried over where its shape allows. */
export function withOperator(row: ConditionRow, op: string): ConditionRow {
  const from = valueShape(row.op);
  const to = valueShape(op);
  if (from === to) return { ...row, op };
  if (from === 'single' && to === 'list') return { ...row, op, values: row.value.trim() ? [row.value.trim()] : [], value: '' };
  if (from === 'list' && to === 'single') return { ...row, op, value: row.values[0] ?? '', values: [] };
  return { ...row, op };
}

/** Whether nothing has been entered in a condition's value yet (a row just added). */
export function isBlank(row: ConditionRow): boolean {
  return row.value.trim() === '' && row.values.length === 0 && row.upper.trim() === '';
}

/** The ids of conditions with no value yet: the live count does not scold them before anything was typed. */
export function blankConditionIds(node: RuleNode): Set<string> {
  if (node.type === 'condition') return isBlank(node) ? new Set([node.id]) : new Set();
  return new Set(node.items.flatMap((item) => [...blankConditionIds(item)]));
}
