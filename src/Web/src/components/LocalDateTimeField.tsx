import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { datePattern, formatDay, parseDay, parseTime, TIME_EXAMPLE } from '../i18n/localDate';
import { controlClasses, FieldLabel, ringFor } from './FormFields';

interface LocalDateTimeFieldProps {
  label: string;
  hint?: string;
  /** The form's own error (required, server); a part that cannot be read shows its own, more precise one first. */
  error?: string;
  required?: boolean;
  className?: string;
  name?: string;
  /**
   * The moment as the viewer's wall-clock time, "yyyy-MM-ddTHH:mm" (what a datetime-local input would give), '' when
   * both parts are empty. While a part is missing or cannot be read it is anything else, so validation can refuse it.
   */
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** Goes to the date part, so focusing the field on an error lands there. */
  ref?: Ref<HTMLInputElement>;
}

function splitValue(value: string, locale: string): { date: string; time: string } {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  return match ? { date: formatDay(match[1]!, locale), time: match[2]! } : { date: '', time: '' };
}

/** The typed parts → the field's value (see LocalDateTimeFieldProps.value). */
function combine(dateText: string, timeText: string, locale: string): string {
  const day = parseDay(dateText, locale);
  const time = parseTime(timeText);
  if (day && time) return `${day}T${time}`;
  return `${dateText.trim()} ${timeText.trim()}`.trim();
}

/**
 * A date and a 24-hour time, written the way the UI language writes them (31.12.2025 09:00 in German).
 * A native datetime-local input would follow the browser's language instead of the app's.
 */
export function LocalDateTimeField({ label, hint, error, required, className, name, value, onChange, onBlur, ref }: LocalDateTimeFieldProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const example = datePattern(locale).example;
  const id = useId();
  const [dateText, setDateText] = useState(() => splitValue(value, locale).date);
  const [timeText, setTimeText] = useState(() => splitValue(value, locale).time);
  const [dateInvalid, setDateInvalid] = useState(false);
  const [timeInvalid, setTimeInvalid] = useState(false);
  /** What this field last reported, to tell its own typing from a value set from outside (a form reset). */
  const reported = useRef(value);
  const shownLocale = useRef(locale);

  // Follow a value set from outside and the language; leave the parts alone while the user types them.
  useEffect(() => {
    if (value === reported.current && locale === shownLocale.current) return;
    shownLocale.current = locale;
    const parsed = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) || value === '';
    if (!parsed) return;
    reported.current = value;
    const parts = splitValue(value, locale);
    setDateText(parts.date);
    setTimeText(parts.time);
    setDateInvalid(false);
    setTimeInvalid(false);
  }, [value, locale]);

  const report = (date: string, time: string) => {
    const next = combine(date, time, locale);
    reported.current = next;
    if (next !== value) onChange(next);
  };

  const shownError = dateInvalid ? t('validation.date', { example }) : timeInvalid ? t('validation.time', { example: TIME_EXAMPLE }) : error;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = shownError ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const partProps = (invalid: boolean) => ({
    type: 'text',
    inputMode: 'numeric' as const,
    autoComplete: 'off',
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    'aria-required': required || undefined,
  });

  return (
    <div className={className}>
      <FieldLabel htmlFor={id} label={label} required={required} />
      <div className="mt-1.5 flex gap-2">
        <input
          {...partProps(dateInvalid || (Boolean(error) && !timeInvalid))}
          id={id}
          ref={ref}
          name={name}
          placeholder={example}
          value={dateText}
          className={`${controlClasses} ${ringFor(dateInvalid || (Boolean(error) && !timeInvalid))} min-w-0 flex-1`}
          onChange={(event) => {
            setDateText(event.target.value);
            setDateInvalid(false);
            report(event.target.value, timeText);
          }}
          onBlur={() => {
            const day = parseDay(dateText, locale);
            setDateInvalid(day === undefined);
            if (day) setDateText(formatDay(day, locale));
            onBlur?.();
          }}
        />
        <input
          {...partProps(timeInvalid || (Boolean(error) && !dateInvalid))}
          aria-label={t('common.time')}
          name={name ? `${name}-time` : undefined}
          placeholder={TIME_EXAMPLE}
          value={timeText}
          className={`${controlClasses} ${ringFor(timeInvalid || (Boolean(error) && !dateInvalid))} w-24 flex-none`}
          onChange={(event) => {
            setTimeText(event.target.value);
            setTimeInvalid(false);
            report(dateText, event.target.value);
          }}
          onBlur={() => {
            const time = parseTime(timeText);
            setTimeInvalid(time === undefined);
            if (time) setTimeText(time);
            onBlur?.();
          }}
        />
      </div>
      {hint && !shownError && (
        <p id={hintId} className="mt-1.5 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {shownError && (
        <p id={errorId} className="mt-1.5 text-sm text-red-700">
          {shownError}
        </p>
      )}
    </div>
  );
}
