import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { TimelineItem } from '../timeline/TimelineItem';
import type { TimelineEntry } from '../timeline/timelineApi';

function entry(kind: string): TimelineEntry {
  return {
    id: 1,
    customer_id: '00000000-0000-0000-0000-000000000001',
    occurred_at: new Date().toISOString(),
    kind,
    entity_id: null,
    data: { segment_id: '00000000-0000-0000-0000-0000000000aa', segment_name: 'Germany VIPs' } as never,
  };
}

function show(kind: string) {
  render(
    <MemoryRouter>
      <ul>
        <TimelineItem entry={entry(kind)} people={{ meId: undefined, names: new Map() }} now={Date.now()} fresh={false} />
      </ul>
    </MemoryRouter>,
  );
}

describe('segment entries on the timeline', () => {
  it('names the segment a customer entered, linking to it', () => {
    show('segment.entered');
    const link = screen.getByRole('link', { name: 'Entered the segment “Germany VIPs”' });
    expect(link).toHaveAttribute('href', '/segments/00000000-0000-0000-0000-0000000000aa');
  });

  it('names the segment a customer left, in the UI language', async () => {
    await i18n.changeLanguage('de');
    show('segment.left');
    expect(screen.getByRole('link', { name: 'Segment „Germany VIPs“ verlassen' })).toBeInTheDocument();
  });
});
