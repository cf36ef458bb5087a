import { z } from 'zod';

const EXPECTED = 'expected a status code (100-599) or a class such as 2xx';
const statusCode = z.int().min(100).max(599);
const statusClass = z.string().regex(/^[1-5]xx$/, EXPECTED);

/** The HTTP statuses that pass: codes (`204`) or classes (`2xx`); any 2xx when not given. */
export const expectStatusSchema = z
  .array(z.union([statusCode, statusClass], { error: EXPECTED }))
  .min(1)
  .max(20)
  .default(['2xx']);

export type ExpectStatus = z.infer<typeof expectStatusSchema>;

export const statusMatches = (expect: ExpectStatus, code: number): boolean =>
  expect.some((e) => (typeof e === 'number' ? e === code : Math.floor(code / 100) === Number(e[0])));
