/** JSON text to a value, or undefined when it is not JSON (JSON.parse itself never yields undefined). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
