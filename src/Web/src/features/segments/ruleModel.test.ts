import { describe, expect, it } from 'vitest';
import {
  blankConditionIds,
  errorsByNode,
  fromRulesJson,
  newCondition,
  newGroup,
  operatorsFor,
  toRulesJson,
  updateNode,
  withField,
  withOperator,
  type ConditionRow,
  type RuleGroup,
} from './ruleModel';

const nested = {
  all: [
    { field: 'country_code', op: 'in', value: ['DE', 'AT'] },
    { any: [{ field: 'tags', op: 'contains', value: 'vip' }, { field: 'lifetime_value', op: 'between', value: [100, 500.5] }] },
    { field: 'last_order_at', op: 'within_days', value: 30 },
    { field: 'status', op: 'eq', value: 'vip' },
  ],
};

describe('rules JSON ↔ builder', () => {
  it('reads stored rules and writes back the same JSON', () => {
    expect(toRulesJson(fromRulesJson(nested))).toEqual(nested);
  });

  it('reads lists, ranges and numbers into the row fields the inputs edit', () => {
    const tree = fromRulesJson(nested);
    const [country, group, days] = tree.items as [ConditionRow, RuleGroup, ConditionRow];
    expect(country.values).toEqual(['DE', 'AT']);
    expect(group.join).toBe('any');
    expect(group.items[1]).toMatchObject({ value: '100', upper: '500.5' });
    expect(days.value).toBe('30');
  });

  it('wraps a lone condition in an "all" group', () => {
    const tree = fromRulesJson({ field: 'region', op: 'eq', value: 'Bavaria' });
    expect(tree.join).toBe('all');
    expect(toRulesJson(tree)).toEqual({ all: [{ field: 'region', op: 'eq', value: 'Bavaria' }] });
  });

  it('sends numbers as numbers, empty numbers as null and non-numbers as typed (for the server to name)', () => {
    const row = (value: string): ConditionRow => ({ ...newCondition('order_count'), op: 'gte', value });
    expect(toRulesJson(row('3'))).toEqual({ field: 'order_count', op: 'gte', value: 3 });
    expect(toRulesJson(row(''))).toEqual({ field: 'order_count', op: 'gte', value: null });
    expect(toRulesJson(row('lots'))).toEqual({ field: 'order_count', op: 'gte', value: 'lots' });
  });

  it('keeps incomplete rows in place so indices match the tree', () => {
    const tree = newGroup('all', [newCondition('country_code'), newCondition('region')]);
    expect((toRulesJson(tree).all as unknown[]).length).toBe(2);
  });

  it('starts a country condition as "is one of" with no countries', () => {
    expect(toRulesJson(newCondition('country_code'))).toEqual({ field: 'country_code', op: 'in', value: [] });
  });
});

describe('editing a condition', () => {
  it('offers each field only the operators the server takes', () => {
    expect(operatorsFor('tags')).toEqual(['contains', 'not_contains', 'contains_any']);
    expect(operatorsFor('last_order_at')).toEqual(['within_days', 'not_within_days']);
    expect(operatorsFor('bought_sku')).toEqual(['eq', 'in']);
    expect(operatorsFor('custom.tier')).toEqual(['eq', 'neq', 'in', 'not_in']);
  });

  it('picks an allowed operator and clears a value of another kind when the field changes', () => {
    const country: ConditionRow = { ...newCondition('country_code'), values: ['DE'] };
    const orders = withField(country, 'order_count');
    expect(orders.op).toBe('eq');
    expect(orders.values).toEqual([]);
  });

  it('carries a single value into a list and back when the operator changes', () => {
    const region: ConditionRow = { ...newCondition('region'), op: 'eq', value: 'Bavaria' };
    const list = withOperator(region, 'in');
    expect(list.values).toEqual(['Bavaria']);
    expect(withOperator(list, 'neq').value).toBe('Bavaria');
  });

  it('removes a row or group by id, leaving the rest', () => {
    const tree = fromRulesJson(nested);
    const group = tree.items[1] as RuleGroup;
    const without = updateNode(tree, group.items[0]!.id, () => null);
    expect(toRulesJson(without)).toEqual({
      all: [nested.all[0], { any: [nested.all[1]!.any![1]] }, nested.all[2], nested.all[3]],
    });
  });
});

describe('error paths → rows', () => {
  const tree = fromRulesJson(nested);
  const [country, group, days] = tree.items as [ConditionRow, RuleGroup, ConditionRow];

  it('puts each message next to the row its path names', () => {
    const { byNode, general } = errorsByNode(
      {
        'rules/all/0/value': ['Unknown country.'],
        'rules/all/1/any/1/value/1': ['Must be a number.'],
        'rules/all/2/op': ['Unknown operator.'],
      },
      tree,
    );
    expect(byNode.get(country.id)).toEqual(['Unknown country.']);
    expect(byNode.get(group.items[1]!.id)).toEqual(['Must be a number.']);
    expect(byNode.get(days.id)).toEqual(['Unknown operator.']);
    expect(byNode.get(group.items[0]!.id)).toBeUndefined();
    expect(general).toEqual([]);
  });

  it('puts group-level messages on the group and unknown paths aside', () => {
    const { byNode, general } = errorsByNode({ 'rules/all/1/any': ['Must be a list of rules.'], 'rules/all': ['Too many.'], name: ['Taken.'] }, tree);
    expect(byNode.get(group.id)).toEqual(['Must be a list of rules.']);
    expect(byNode.get(tree.id)).toEqual(['Too many.']);
    expect(general).toEqual(['Taken.']);
  });

  it('falls back to the nearest group when an index is beyond the tree', () => {
    const { byNode } = errorsByNode({ 'rules/all/9/op': ['Gone.'] }, tree);
    expect(byNode.get(tree.id)).toEqual(['Gone.']);
  });
});

describe('rows still blank', () => {
  it('are the conditions with no value typed or chosen yet', () => {
    const blank = newCondition('country_code');
    const chosen: ConditionRow = { ...newCondition('country_code'), values: ['DE'] };
    const typed: ConditionRow = { ...newCondition('order_count'), op: 'gte', value: '0' };
    const tree = newGroup('all', [chosen, newGroup('any', [blank, typed])]);
    expect([...blankConditionIds(tree)]).toEqual([blank.id]);
  });
});
