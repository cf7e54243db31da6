import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Languages } from 'lucide-react';
import { isSupportedLanguage, nativeLanguageName, SUPPORTED_LANGUAGES } from '../i18n/languages';

/** Switches the UI language; i18next's detector stores the choice in localStorage. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = i18n.resolvedLanguage ?? i18n.language;

  return (
    <div>
      <label htmlFor={id} className="mb-1.5 flex items-center gap-2 text-xs font-medium text-slate-300">
        <Languages aria-hidden="true" className="size-4" />
        {t('language.label')}
      </label>
      <select
        id={id}
        value={current}
        onChange={(event) => {
          if (isSupportedLanguage(event.target.value)) void i18n.changeLanguage(event.target.value);
        }}
        className="block w-full rounded-md border-0 bg-slate-800 px-3 py-2 text-sm text-white ring-1 ring-inset ring-slate-600 focus-visible:outline-white"
      >
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {nativeLanguageName(language)}
          </option>
        ))}
      </select>
    </div>
  );
}
