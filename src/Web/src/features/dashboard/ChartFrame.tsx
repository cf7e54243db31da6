import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SectionCard } from '../../components/SectionCard';

interface ChartFrameProps {
  title: string;
  description?: string;
  chart: ReactNode;
  table: ReactNode;
}

/** A chart in a card with a button that shows the same figures as a table (for screen readers and exact values). */
export function ChartFrame({ title, description, chart, table }: ChartFrameProps) {
  const { t } = useTranslation();
  const [showTable, setShowTable] = useState(false);
  return (
    <SectionCard
      title={title}
      description={description}
      actions={
        <button
          type="button"
          aria-pressed={showTable}
          onClick={() => setShowTable((shown) => !shown)}
          className="rounded-md px-2.5 py-1.5 text-sm font-medium text-indigo-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600"
        >
          {showTable ? t('charts.showChart') : t('charts.showTable')}
        </button>
      }
    >
      {showTable ? table : chart}
    </SectionCard>
  );
}
