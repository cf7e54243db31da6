import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

/** Calls `close` when a click or keyboard focus lands outside `root` while `open`. */
export function useCloseOnOutside(root: RefObject<HTMLElement | null>, open: boolean, close: () => void): void {
  const latestClose = useRef(close);
  latestClose.current = close;
  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: MouseEvent | FocusEvent) => {
      if (root.current && event.target instanceof Node && !root.current.contains(event.target)) latestClose.current();
    };
    document.addEventListener('mousedown', closeOutside);
    document.addEventListener('focusin', closeOutside);
    return () => {
      document.removeEventListener('mousedown', closeOutside);
      document.removeEventListener('focusin', closeOutside);
    };
  }, [open, root]);
}

/**
 * A button that opens a panel (menus, the notifications bell): a click or focus elsewhere closes it,
 * and Escape closes it and gives focus back to the button. Spread `onKeyDown` on the element that
 * holds both, and give it `rootRef`.
 */
export function usePopover() {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useCloseOnOutside(rootRef, open, () => setOpen(false));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
      buttonRef.current?.focus();
    }
  };
  return { open, setOpen, rootRef, buttonRef, onKeyDown };
}
