import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '../i18n/languages';
import { renderApp } from '../test/renderApp';

describe('Language switcher', () => {
  it('translates the navigation, sets <html lang> and remembers the choice', async () => {
    const user = userEvent.setup();
    renderApp('/dashboard');
    const navigation = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(navigation).toHaveTextContent('Customers');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Display language' }), 'de');

    expect(screen.getByRole('navigation', { name: 'Hauptnavigation' })).toHaveTextContent('Kunden');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Übersicht');
    expect(document.documentElement.lang).toBe('de');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('de');
    expect(document.title).toBe('Übersicht · SimpleCrm');
  });

  it('lists every language by its own name', () => {
    renderApp('/');
    const options = screen.getAllByRole('option').map((option) => option.textContent);
    expect(options).toEqual(['English', 'Español', 'Français', 'Deutsch', '中文']);
  });
});
