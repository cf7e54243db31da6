import { PageHeader } from './PageHeader';

interface PlaceholderPageProps {
  title: string;
  description: string;
}

/** A section that later issues will fill; it only says what will live here. */
export function PlaceholderPage({ title, description }: PlaceholderPageProps) {
  return <PageHeader title={title} description={description} />;
}
