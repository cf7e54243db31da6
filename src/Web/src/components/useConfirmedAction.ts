import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemText } from '../api/problemDetails';

/**
 * A destructive action on one item that a confirm dialog guards: `ask(item)` opens the dialog, `confirm()` runs the
 * action and closes it, and a refusal from the server stays on the page as `failure` (the dialog is gone by then).
 */
export function useConfirmedAction<T>(act: (item: T) => Promise<unknown>) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<T>();
  const [failure, setFailure] = useState<string>();

  const confirm = async () => {
    if (pending === undefined) return;
    setFailure(undefined);
    try {
      await act(pending);
    } catch (error) {
      setFailure(problemText(t, error));
    }
    setPending(undefined);
  };

  return { pending, failure, ask: (item: T) => setPending(item), cancel: () => setPending(undefined), confirm };
}
