import { useEffect, useState, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import { datePattern, formatDay, parseDay } from '../i18n/localDate';
import { TextField } from './FormFields';

type LocalDateFieldProps = Omit<ComponentProps<typeof TextField>, 'value' | 'onChange' | 'defaultValue' | 'type' | 'min' | 'max'> & {
  /** The day as yyyy-mm-dd, '' when empty. */
  value: string;
  /** Called with yyyy-mm-dd (or '') once a whole date is typed, on Enter or on leaving the field. */
  onCommit: (day: string) => void;
};

/**
 * A date field written the way the UI language writes dates (31.12.2025 in German, 2025/12/31 in Chinese).
 * A native date input would follow the browser's language instead of the app's.
 */
export function LocalDateField({ value, onCommit, onBlur, onKeyDown, error, hint, ...props }: LocalDateFieldProps) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? i18n.language;
  const example = datePattern(locale).example;
  const [text, setText] = useState(() => formatDay(value, locale));
  const [invalid, setInvalid] = useState(false);

  // Follow the applied value (Back/Forward, "Clear filters") and the language.
  useEffect(() => {
    setText(formatDay(value, locale));
    setInvalid(false);
  }, [value, locale]);

  const commit = () => {
    const day = parseDay(text, locale);
    setInvalid(day === undefined);
    if (day === undefined) return;
    setText(formatDay(day, locale));
    if (day !== value) onCommit(day);
  };

  return (
    <TextField
      {...props}
      inputMode="numeric"
      autoComplete="off"
      placeholder={example}
      value={text}
      hint={hint}
      error={error ?? (invalid ? t('validation.date', { example }) : undefined)}
      onChange={(event) => {
        setText(event.target.value);
        setInvalid(false);
      }}
      onBlur={(event) => {
        commit();
        onBlur?.(event);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          commit();
        }
        onKeyDown?.(event);
      }}
    />
  );
}
