import type { ReactNode } from 'react';
import { tableFrame } from './table';

interface ScrollFrameProps {
  /** Names the frame for keyboard and screen-reader users (usually the table's caption). */
  label: string;
  className?: string;
  children: ReactNode;
}

/**
 * A table's frame that scrolls sideways on narrow screens. It takes keyboard focus, so rows without
 * links or buttons can still be scrolled with the arrow keys. It is positioned, so visually hidden
 * (absolutely positioned) labels inside scroll with it instead of widening the page.
 */
export function ScrollFrame({ label, className = tableFrame, children }: ScrollFrameProps) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`relative ${className} focus-visible:outline-offset-2`}>
      {children}
    </div>
  );
}
