import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import { authSession } from '../auth/session';
import i18n from '../i18n';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});

afterEach(() => {
  cleanup();
});

afterEach(() => {
  vi.unstubAllGlobals();
  // The app's session is a module singleton: no test inherits the previous one's sign-in.
  authSession.end();
  localStorage.removeItem('simplecrm.refresh_token');
});

// jsdom has <dialog> but not its modal methods; enough of them for components that open one.
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.open = false;
  };
}
