import { describe, expect, it } from 'vitest';
import { resources } from '.';
import { SUPPORTED_LANGUAGES } from './languages';

type Tree = { [key: string]: string | Tree };

/** Every leaf key as a dotted path, with its text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') entries.set(path, value);
    else for (const [nested, text] of flatten(value, path)) entries.set(nested, text);
  }
  return entries;
}

const english = flatten(resources.en.translation);
const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((match) => match[1]).sort();

describe.each(SUPPORTED_LANGUAGES)('locale %s', (language) => {
  const translation = flatten(resources[language].translation);

  it('has exactly the same keys as English', () => {
    expect([...translation.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('has no empty texts', () => {
    const empty = [...translation].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('keeps the same {{placeholders}} as English', () => {
    for (const [key, text] of english) {
      expect(placeholders(translation.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });
});

it('supports exactly en, es, fr, de and zh', () => {
  expect(Object.keys(resources).sort()).toEqual(['de', 'en', 'es', 'fr', 'zh']);
  expect([...SUPPORTED_LANGUAGES].sort()).toEqual(['de', 'en', 'es', 'fr', 'zh']);
});
