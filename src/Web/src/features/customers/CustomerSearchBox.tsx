import { useTranslation } from 'react-i18next';
import { SearchBox } from '../../components/SearchBox';

interface CustomerSearchBoxProps {
  /** The search currently in the URL (?q=). */
  query: string;
  onQueryChange: (query: string) => void;
}

/** Name, email, phone or company; accents and case do not matter ("muller" finds "Müller"). */
export function CustomerSearchBox({ query, onQueryChange }: CustomerSearchBoxProps) {
  const { t } = useTranslation();
  return (
    <SearchBox
      label={t('customers.search.label')}
      placeholder={t('customers.search.placeholder')}
      query={query}
      onQueryChange={onQueryChange}
    />
  );
}
