import type { RouteObject } from 'react-router';
import { RequirePermission } from '../../auth/RequirePermission';
import { SegmentDetailPage } from './SegmentDetailPage';
import { EditSegmentPage, NewSegmentPage } from './SegmentEditorPage';
import { SegmentsPage } from './SegmentsPage';

/** /segments and below; defining segments needs customers.bulk, reading them customers.read. */
export const segmentRoutes: RouteObject[] = [
  { path: 'segments', element: <SegmentsPage /> },
  {
    path: 'segments/new',
    element: (
      <RequirePermission permission="customers.bulk">
        <NewSegmentPage />
      </RequirePermission>
    ),
  },
  { path: 'segments/:id', element: <SegmentDetailPage /> },
  {
    path: 'segments/:id/edit',
    element: (
      <RequirePermission permission="customers.bulk">
        <EditSegmentPage />
      </RequirePermission>
    ),
  },
];
