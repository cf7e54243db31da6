import { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import i18n from '../i18n';
import { LocalDateTimeField } from './LocalDateTimeField';

function Harness({ onChange, initial = '' }: { onChange: (value: string) => void; initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <LocalDateTimeField
      label="Fällig am"
      hint="In Ihrer Zeitzone."
      required
      value={value}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

describe('LocalDateTimeField', () => {
  beforeEach(async () => {
    await i18n.changeLanguage('de');
  });

  it('reads the date the German way and the time on 24 hours', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<Harness onChange={onChange} />);
    const date = screen.getByRole('textbox', { name: 'Fällig am' });
    expect(date).toHaveAttribute('placeholder', '31.12.2025');

    await user.type(date, '31.01.2030');
    await user.type(screen.getByRole('textbox', { name: 'Uhrzeit' }), '09:00');

    expect(onChange).toHaveBeenLastCalledWith('2030-01-31T09:00');
    expect(date).toHaveAccessibleDescription('In Ihrer Zeitzone.');
  });

  it('shows a value set from outside in German', () => {
    render(<Harness onChange={vi.fn()} initial="2030-03-01T14:05" />);
    expect(screen.getByRole('textbox', { name: 'Fällig am' })).toHaveValue('01.03.2030');
    expect(screen.getByRole('textbox', { name: 'Uhrzeit' })).toHaveValue('14:05');
  });

  it('says in German how to write a date it cannot read, and reports no date', async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    render(<Harness onChange={onChange} />);
    const date = screen.getByRole('textbox', { name: 'Fällig am' });

    await user.type(date, '31.02.2030');
    await user.type(screen.getByRole('textbox', { name: 'Uhrzeit' }), '09:00');

    expect(date).toHaveAccessibleDescription('Geben Sie ein Datum wie 31.12.2025 ein.');
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(onChange).toHaveBeenLastCalledWith('31.02.2030 09:00');
  });

  it('says how to write a time it cannot read', async () => {
    const user = userEvent.setup();
    render(<Harness onChange={vi.fn()} />);
    const time = screen.getByRole('textbox', { name: 'Uhrzeit' });

    await user.type(time, '25:00');
    await user.tab();

    expect(time).toHaveAccessibleDescription('Geben Sie eine Uhrzeit wie 09:00 ein.');
  });
});
