import { useEffect, useMemo, useRef } from 'react';
import { useHubConnection } from '../../realtime/RealtimeProvider';
import { callHub } from './hubCalls';

/** The hub forgets "typing" after 10 s; repeating it every 3 s while keys are pressed keeps it on. */
export const TYPING_REPEAT_MS = 3_000;

/**
 * Turns keystrokes into SetTyping calls: true at most every TYPING_REPEAT_MS while keys are pressed, false once
 * when the typing ends (saved, cancelled, closed) — and only if true was sent.
 */
export class TypingSignal {
  private lastSentAt: number | undefined;

  constructor(
    private readonly send: (typing: boolean) => void,
    private readonly now: () => number = () => Date.now(),
  ) {}

  keystroke(): void {
    const now = this.now();
    if (this.lastSentAt !== undefined && now - this.lastSentAt < TYPING_REPEAT_MS) return;
    this.lastSentAt = now;
    this.send(true);
  }

  stop(): void {
    if (this.lastSentAt === undefined) return;
    this.lastSentAt = undefined;
    this.send(false);
  }
}

/**
 * Tells the customer's other viewers that this person is typing a note. Fire and forget: a hub that is down (or
 * does not know SetTyping yet) changes nothing for the form. Typing stops by itself when the component unmounts.
 */
export function useTypingSignal(customerId: string): TypingSignal {
  const { connection } = useHubConnection();
  const connectionRef = useRef(connection);
  connectionRef.current = connection;
  const signal = useMemo(
    () => new TypingSignal((typing) => void callHub(connectionRef.current, 'SetTyping', customerId, typing)),
    [customerId],
  );
  useEffect(() => () => signal.stop(), [signal]);
  return signal;
}
