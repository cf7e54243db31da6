/** Lines of a shipping address, which the API stores as free-form JSON (an object or a text). */
export function addressLines(address: unknown): string[] {
  if (typeof address === 'string') return address.split('\n').map((line) => line.trim()).filter(Boolean);
  if (typeof address !== 'object' || address === null || Array.isArray(address)) return [];
  const record = address as Record<string, unknown>;
  const text = (key: string) => (typeof record[key] === 'string' ? (record[key] as string).trim() : '');
  const used = new Set<string>();
  const take = (...keys: string[]) =>
    keys
      .map((key) => {
        const value = text(key);
        if (value) used.add(key);
        return value;
      })
      .filter(Boolean);

  const lines = [
    take('name', 'recipient').join(' '),
    take('company').join(' '),
    ...take('line1', 'address1', 'street', 'line2', 'address2'),
    take('postal_code', 'zip', 'postcode', 'city').join(' '),
    take('region', 'state', 'province').join(' '),
  ];
  // Anything else the shop sent, so nothing is silently dropped.
  for (const [key, value] of Object.entries(record)) {
    if (!used.has(key) && key !== 'country' && key !== 'country_code' && (typeof value === 'string' || typeof value === 'number')) {
      lines.push(String(value));
    }
  }
  return lines.filter(Boolean);
}

/** Only web links may open from a tracking URL (never javascript: or data:). */
export function safeWebUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
