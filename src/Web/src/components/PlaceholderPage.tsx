import { PageHeader } from './PageHeader';

interface PlaceholderPageProps {
  title: string;
  description: string;
}

/** A section not built yet: it only says what will live here. */
export function PlaceholderPage({ title, description }: PlaceholderPageProps) {
  return <PageHeader title={title} description={description} />;
}
