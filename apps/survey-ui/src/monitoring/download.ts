/**
 * Charts and the map as files people can reuse in their own reports: SVG (scalable, editable) and
 * PNG (for office programs), made in the browser from the same numbers the page shows.
 */

const FONT = "'Open Sans', 'Noto Sans', Arial, sans-serif";

/** Escapes text for SVG markup; names are admin-entered and must never become markup. */
export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A file name from a title: lower case, umlauts spelled out, no spaces. */
export function fileSlug(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 80) || 'diagramm';
}

/**
 * A chart's SVG element as a standalone file: namespace, size, white background, a title line
 * above and fonts written into the file (a page's style sheet does not travel with it).
 */
export function standaloneSvg(svg: SVGSVGElement, title: string): string {
  const width = Number(svg.getAttribute('width')) || svg.getBoundingClientRect().width;
  const height = Number(svg.getAttribute('height')) || svg.getBoundingClientRect().height;
  const inner = new XMLSerializer().serializeToString(svg);
  const top = 28;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + top}" viewBox="0 0 ${width} ${height + top}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="8" y="18" font-size="14" font-weight="600" fill="#111">${xmlText(title)}</text>`,
    `<g transform="translate(0 ${top})">${inner}</g>`,
    '</svg>',
  ].join('');
}

export function downloadBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Width and height of an SVG file's root element. */
function sizeOf(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const num = (name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)"`).exec(root)?.[1] ?? 0);
  return { width: num('width') || 600, height: num('height') || 400 };
}

/** Renders an SVG file to a PNG at twice its size (sharp on screens and in print). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const { width, height } = sizeOf(svg);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.width = width;
    img.height = height;
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('Das Bild konnte nicht erstellt werden.'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('Das Bild konnte nicht erstellt werden.');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('Das Bild konnte nicht erstellt werden.'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
