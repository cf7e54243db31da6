import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldShellProps {
  label: string;
  required?: boolean;
  hint?: string;
  error?: string;
  className?: string;
  children: (control: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}

/**
 * Label, hint and error around one control, wired together with id, aria-describedby and
 * aria-invalid so assistive technology reads the error together with the field.
 */
function FieldShell({ label, required, hint, error, className = '', children }: FieldShellProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={className}>
      <FieldLabel htmlFor={id} label={label} required={required} />
      <div className="mt-1.5">{children({ id, describedBy, invalid: Boolean(error) })}</div>
      {hint && !error && (
        <p id={hintId} className="mt-1.5 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1.5 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

export const controlClasses =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset placeholder:text-slate-500 focus-visible:ring-2 focus-visible:ring-indigo-600 focus-visible:outline-none disabled:bg-slate-100';

export function ringFor(invalid: boolean): string {
  return invalid ? 'ring-red-500' : 'ring-slate-300';
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'className'> & {
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  ref?: Ref<HTMLInputElement>;
};

export function TextField({ label, hint, error, required, className, ...inputProps }: TextFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} required={required} className={className}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          className={`${controlClasses} ${ringFor(invalid)}`}
          {...inputProps}
        />
      )}
    </FieldShell>
  );
}

/**
 * A credential another system issued (an access token, an API secret): masked, never autofilled or spell-checked
 * (browsers would offer the user's own passwords), required unless told otherwise.
 */
export function SecretField({ required = true, ...props }: Omit<TextFieldProps, 'type' | 'autoComplete' | 'spellCheck'>) {
  return <TextField {...props} type="password" autoComplete="off" spellCheck={false} required={required} />;
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'className'> & {
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  ref?: Ref<HTMLTextAreaElement>;
};

/** A multi-line TextField, resizable vertically. */
export function TextAreaField({ label, hint, error, required, className, ...textareaProps }: TextAreaFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} required={required} className={className}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          className={`${controlClasses} ${ringFor(invalid)} resize-y`}
          {...textareaProps}
        />
      )}
    </FieldShell>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'className'> & {
  label: string;
  options: readonly SelectOption[];
  /** Shown first with an empty value, for selects that start without a choice. */
  placeholder?: string;
  hint?: string;
  error?: string;
  className?: string;
  ref?: Ref<HTMLSelectElement>;
};

export function SelectField({
  label,
  options,
  placeholder,
  hint,
  error,
  required,
  className,
  ...selectProps
}: SelectFieldProps) {
  return (
    <FieldShell label={label} hint={hint} error={error} required={required} className={className}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          aria-required={required || undefined}
          className={`${controlClasses} ${ringFor(invalid)} pr-8`}
          {...selectProps}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** A field's label, with the required mark that screen readers skip (the input says aria-required). */
export function FieldLabel({ htmlFor, label, required }: { htmlFor: string; label: ReactNode; required?: boolean }) {
  return (
    <label htmlFor={htmlFor} className="block text-sm font-medium text-slate-800">
      {label}
      {required && (
        <span aria-hidden="true" className="ml-0.5 text-red-700">
          *
        </span>
      )}
    </label>
  );
}
