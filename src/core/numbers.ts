/** Round to 6 decimals so float noise never reaches the JSON. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
