import qrcode from "qrcode-generator";

/**
 * A QR code of `text` as inline SVG (no image URL, nothing for the Content-Security-Policy to allow), drawn from the
 * modules qrcode-generator computes; the text itself is given beside it for those who cannot scan.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  const quiet = 4;
  let path = "";
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (qr.isDark(row, col)) path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
    }
  }
  const extent = size + 2 * quiet;
  return (
    <svg className="qr" role="img" aria-label={label} viewBox={`0 0 ${extent} ${extent}`} width="220" height="220"
         shapeRendering="crispEdges">
      <rect width={extent} height={extent} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
