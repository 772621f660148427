// A calendar day in Finland as the instant an API step takes (a client leaving a case at
// `leftAt`): the worker picks a day, the record keeps a moment. Today is "now" (the server's own
// clock); another day is the start of that day in Finnish time, written with its offset so that the
// stored value still reads as that day.

/** The UTC offset of Europe/Helsinki on `day` (YYYY-MM-DD), as "+02:00" or "+03:00". */
export function helsinkiOffset(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  // Noon UTC is the same day in Helsinki whatever the season; the offset is that of the day.
  const at = new Date(Date.UTC(y!, m! - 1, d!, 12));
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
  const m2 = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return m2 ? `${m2[1]}:${m2[2] ?? '00'}` : '+02:00';
}

/**
 * The instant to send for a day the worker chose: undefined for today (the server takes its now),
 * the start of the Finnish day for another valid date, and anything else as typed (the server's
 * schema check then names the field).
 */
export function instantOfDay(day: string, today: string): string | undefined {
  const d = day.trim();
  if (d === today) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return d;
  const parsed = new Date(`${d}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d) return d;
  return `${d}T00:00:00${helsinkiOffset(d)}`;
}
