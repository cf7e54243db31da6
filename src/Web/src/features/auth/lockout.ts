import { useEffect, useState } from 'react';
import { ApiError } from '../../api/problemDetails';

/** "45 seconds", "2 minutes", "1 hour" in the UI language (rounded up, so it is never too short). */
export function formatWait(seconds: number, locale: string): string {
  const [value, unit] =
    seconds < 60 ? [Math.max(1, Math.ceil(seconds)), 'second'] : seconds < 3600 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** When a 429 says to try again, as a timestamp (60 seconds when the server sent no Retry-After). */
export function lockedUntil(error: ApiError, now = Date.now()): number {
  return now + (error.retryAfterSeconds ?? 60) * 1000;
}

/** Seconds left until `until` (0 once it has passed), ticking every second. */
function secondsUntil(until: number | undefined): number {
  return until === undefined ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000));
}

export function useSecondsLeft(until: number | undefined): number {
  const [seconds, setSeconds] = useState(() => secondsUntil(until));

  useEffect(() => {
    setSeconds(secondsUntil(until));
    if (until === undefined) return;
    const timer = setInterval(() => {
      const next = secondsUntil(until);
      setSeconds(next);
      if (next === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);

  return seconds;
}
