/** "Jane Doe" → "JD"; falls back to the email's first letter. */
export function initialsOf(firstName: string, lastName: string, email = ''): string {
  const initials = `${firstName.trim().charAt(0)}${lastName.trim().charAt(0)}`;
  return (initials || email.charAt(0) || '?').toUpperCase();
}

interface InitialsAvatarProps {
  firstName: string;
  lastName: string;
  email?: string;
  className?: string;
}

/** A round badge with a person's initials; decorative, so the name must be written next to it. */
export function InitialsAvatar({ firstName, lastName, email, className = 'size-8 text-xs' }: InitialsAvatarProps) {
  return (
    <span
      aria-hidden="true"
      className={`flex shrink-0 items-center justify-center rounded-full bg-indigo-100 font-semibold text-indigo-800 ${className}`}
    >
      {initialsOf(firstName, lastName, email)}
    </span>
  );
}
