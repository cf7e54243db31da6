import { useEffect, useState } from 'react';
import { ApiError } from '../../api/problemDetails';
import { useSegmentPreview } from './segmentsApi';

/** How long the rules must stay still before they are counted. */
export const PREVIEW_DEBOUNCE_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * The live member count of rules being edited: counted once the rules have not changed for a moment.
 * `counting` covers both the wait and the request; `errors` are the server's, keyed by path (rules/all/1/op).
 */
export function useLiveCount(rulesJson: string | undefined) {
  const settled = useDebounced(rulesJson, PREVIEW_DEBOUNCE_MS);
  const preview = useSegmentPreview(settled);
  const waiting = settled !== rulesJson;
  const failure = preview.isError && !waiting ? preview.error : undefined;
  const problem = failure instanceof ApiError && failure.status === 400 ? failure.problem : undefined;
  return {
    count: preview.isError || preview.isPlaceholderData ? undefined : preview.data?.member_count,
    counting: rulesJson !== undefined && (waiting || preview.isFetching),
    errors: (problem?.errors ?? {}) as Record<string, string[]>,
    /** A failure that is not about the rules (network, server). */
    failure: failure && !problem ? failure : undefined,
  };
}
