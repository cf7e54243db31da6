import { describe, expect, it } from 'vitest';
import { bulkEmailPercent, bulkEmailRunning, type BulkEmailView } from './bulkEmailApi';

const job = (overrides: Partial<BulkEmailView>): BulkEmailView => ({
  id: 'j',
  template_id: 't',
  purpose: 'marketing',
  filter: 'country=DE',
  segment_id: null,
  status: 'queueing',
  matched: 10,
  recipients: 10,
  pending: 10,
  queued: 0,
  sent: 0,
  failed: 0,
  skipped_total: 0,
  skipped: [],
  created_at: '2026-12-07T01:00:00Z',
  finished_at: null,
  ...overrides,
});

describe('bulk email progress', () => {
  it('counts sent, failed and skipped recipients as handled', () => {
    expect(bulkEmailPercent(job({ pending: 4, queued: 4, sent: 2, failed: 1, skipped_total: 2 }))).toBe(50);
    expect(bulkEmailPercent(job({ status: 'done', pending: 0, recipients: 0, matched: 0 }))).toBe(100);
  });

  it('keeps running after queueing until the queued mail is sent or failed', () => {
    expect(bulkEmailRunning(job({}))).toBe(true);
    expect(bulkEmailRunning(job({ status: 'done', pending: 0, queued: 10, sent: 8, failed: 1 }))).toBe(true);
    expect(bulkEmailRunning(job({ status: 'done', pending: 0, queued: 10, sent: 9, failed: 1 }))).toBe(false);
  });
});
