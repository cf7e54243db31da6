import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { StatusBadge } from '../customers/StatusBadge';
import { OrderStatusBadge, PaymentStatusBadge } from './OrderStatusBadge';

describe('status badges say their status in words', () => {
  it.each([
    ['pending', 'Pending'],
    ['processing', 'Processing'],
    ['shipped', 'Shipped'],
    ['delivered', 'Delivered'],
    ['cancelled', 'Cancelled'],
    ['refunded', 'Refunded'],
  ])('order status %s → "%s"', (status, text) => {
    render(<OrderStatusBadge status={status} />);
    expect(screen.getByText(text)).toBeInTheDocument();
  });

  it('translates with the UI language', async () => {
    await i18n.changeLanguage('de');
    render(
      <>
        <OrderStatusBadge status="shipped" />
        <PaymentStatusBadge status="partially_refunded" />
        <StatusBadge status="blocked" />
      </>,
    );
    expect(screen.getByText('Versandt')).toBeInTheDocument();
    expect(screen.getByText('Teilweise erstattet')).toBeInTheDocument();
    expect(screen.getByText('Gesperrt')).toBeInTheDocument();
  });

  it('shows an unknown status as it came rather than nothing', () => {
    render(<OrderStatusBadge status="on_hold" />);
    expect(screen.getByText('on_hold')).toBeInTheDocument();
  });

  it('keeps the icon away from screen readers (the text carries the meaning)', () => {
    const { container } = render(<PaymentStatusBadge status="failed" />);
    expect(screen.getByText('Payment failed')).toBeInTheDocument();
    expect(container.querySelector('svg')).toHaveAttribute('aria-hidden', 'true');
  });
});
