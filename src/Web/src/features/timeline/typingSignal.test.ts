import { describe, expect, it, vi } from 'vitest';
import { callHub } from './hubCalls';
import { TYPING_REPEAT_MS, TypingSignal } from './typingSignal';

describe('TypingSignal', () => {
  it('sends true at most every 3 s while keys are pressed, and false once at the end', () => {
    let now = 0;
    const send = vi.fn();
    const signal = new TypingSignal(send, () => now);

    signal.keystroke();
    now = 1_000;
    signal.keystroke();
    now = TYPING_REPEAT_MS - 1;
    signal.keystroke();
    expect(send.mock.calls).toEqual([[true]]);

    now = TYPING_REPEAT_MS;
    signal.keystroke();
    expect(send.mock.calls).toEqual([[true], [true]]);

    signal.stop();
    signal.stop();
    expect(send.mock.calls).toEqual([[true], [true], [false]]);

    // Typing again after a stop is news at once.
    now += 1;
    signal.keystroke();
    expect(send.mock.calls.at(-1)).toEqual([true]);
  });

  it('sends no false when no true was sent', () => {
    const send = vi.fn();
    new TypingSignal(send).stop();
    expect(send).not.toHaveBeenCalled();
  });
});

describe('callHub', () => {
  it('invokes only on a connected hub and swallows failures', async () => {
    const invoke = vi.fn().mockRejectedValueOnce(new Error("Method does not exist")).mockResolvedValue(undefined);
    expect(await callHub({ state: 'Connected', invoke }, 'SetTyping', 'c1', true)).toBe(false);
    expect(await callHub({ state: 'Connected', invoke }, 'SetTyping', 'c1', false)).toBe(true);
    expect(invoke).toHaveBeenLastCalledWith('SetTyping', 'c1', false);
    expect(await callHub({ state: 'Reconnecting', invoke }, 'SetTyping', 'c1', true)).toBe(false);
    expect(await callHub(undefined, 'SetTyping', 'c1', true)).toBe(false);
    expect(invoke).toHaveBeenCalledTimes(2);
  });
});
