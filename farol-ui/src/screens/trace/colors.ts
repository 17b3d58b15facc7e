/**
 * A colour per service, by the service's place in the trace (the outline lists services in order of first
 * appearance), so the same trace always looks the same. Mid-tone colours that read on the light and the dark
 * theme; red is left out, it means an error. Plain values rather than CSS variables: the minimap draws on a canvas.
 */
const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#86bcb6',
  '#a0cbe8',
  '#d4a6c8',
  '#8cd17d',
] as const;

/** The error colour on the canvas, as `--error` is in the stylesheet's light theme. */
export const ERROR_COLOR = '#e15759';

export function serviceColor(service: number): string {
  return PALETTE[service % PALETTE.length] as string;
}
