import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

interface QrCodeImageProps {
  value: string;
  alt: string;
}

/** `value` drawn as a QR code into a PNG data URL, shown as an <img> with alt text. */
export function QrCodeImage({ value, alt }: QrCodeImageProps) {
  const [src, setSrc] = useState<string>();

  useEffect(() => {
    let current = true;
    setSrc(undefined);
    QRCode.toDataURL(value, { width: 192, margin: 1, errorCorrectionLevel: 'M' })
      .then((url) => {
        if (current) setSrc(url);
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [value]);

  return src ? (
    <img src={src} alt={alt} width={192} height={192} className="rounded-md ring-1 ring-slate-200" />
  ) : (
    <div aria-hidden="true" className="size-48 animate-pulse rounded-md bg-slate-100" />
  );
}
