/**
 * A span holding `text` as text. Leaflet parses a tooltip given as a string as HTML, so every
 * admin-entered name (Sozialraum, school) goes into a map as an element built this way.
 */
export function textElement(text: string, className?: string): HTMLElement {
  const span = document.createElement('span');
  if (className) span.className = className;
  span.textContent = text;
  return span;
}
