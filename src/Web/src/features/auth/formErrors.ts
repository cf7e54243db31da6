import type { FieldError, FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { TFunction } from 'i18next';
import { ApiError, problemToFieldErrors } from '../../api/problemDetails';
import { validationValues, type AuthValidationKey } from './authSchemas';

/** Our own messages are i18n keys; the server's arrive already worded and are shown as sent. */
export function fieldErrorText(t: TFunction, error: FieldError | undefined): string | undefined {
  if (!error?.message) return undefined;
  if (error.type === 'server') return error.message;
  return t(error.message as AuthValidationKey, validationValues);
}

/**
 * Puts a failed request's problem details on the form: field messages on their fields (the server's
 * field names mapped to the form's), everything else returned as general messages.
 */
export function applyServerErrors<Values extends FieldValues>(
  t: TFunction,
  error: unknown,
  setError: UseFormSetError<Values>,
  fieldNames: Partial<Record<string, Path<Values>>>,
): string[] {
  if (!(error instanceof ApiError)) return [t('common.networkError')];
  const { fieldErrors, generalMessages } = problemToFieldErrors(error.problem, Object.keys(fieldNames));
  fieldErrors.forEach(({ field, message }, index) => {
    const formField = fieldNames[field];
    if (formField) setError(formField, { type: 'server', message }, { shouldFocus: index === 0 });
  });
  if (fieldErrors.length === 0 && generalMessages.length === 0) return [t('common.unexpectedError')];
  return generalMessages;
}
