import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  open: boolean;
  title: string;
  description?: string;
  onClose: () => void;
  children: ReactNode;
  /** Wider dialogs for tables (the import report). */
  size?: 'md' | 'lg';
}

/**
 * A modal built on <dialog>, like ConfirmDialog: the browser traps focus, closes it on Escape and
 * returns focus to the element that opened it. The content decides its own buttons.
 */
export function Dialog({ open, title, description, onClose, children, size = 'md' }: DialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const width = size === 'lg' ? 'w-[min(48rem,calc(100%-2rem))]' : 'w-[min(28rem,calc(100%-2rem))]';
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={`m-auto max-h-[calc(100dvh-2rem)] ${width} rounded-lg bg-white p-6 shadow-xl`}
    >
      <h2 id={titleId} className="text-lg font-semibold text-slate-900">
        {title}
      </h2>
      {description && (
        <p id={descriptionId} className="mt-2 text-sm text-slate-600">
          {description}
        </p>
      )}
      {open && <div className="mt-4">{children}</div>}
    </dialog>
  );
}
