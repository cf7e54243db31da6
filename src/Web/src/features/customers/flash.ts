import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/** A one-time confirmation handed to the list page through router state after a save or delete. */
export type CustomerFlash = 'created' | 'saved' | 'deleted';

export function flashState(flash: CustomerFlash) {
  return { state: { flash } };
}

function readFlash(state: unknown): CustomerFlash | undefined {
  if (typeof state !== 'object' || state === null || !('flash' in state)) return undefined;
  const { flash } = state;
  return flash === 'created' || flash === 'saved' || flash === 'deleted' ? flash : undefined;
}

/** Reads the flash once and clears it from history, so a reload or Back does not show it again. */
export function useCustomerFlash(): CustomerFlash | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const [flash] = useState(() => readFlash(location.state));

  useEffect(() => {
    if (readFlash(location.state)) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
    }
  }, [location, navigate]);

  return flash;
}
