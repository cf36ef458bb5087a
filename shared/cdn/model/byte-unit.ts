import { z } from 'zod';

/**
 * Every byte unit, in one table: decimal and binary differ by ~10% at TB/TiB, so every conversion goes
 * through this file and nowhere else. Contracts are written in the large units (BYTE_UNITS); a provider's
 * feed may also count in the small ones (FEED_UNITS).
 */
const BYTES_PER_UNIT = {
  B: 1,
  KB: 1e3,
  KiB: 2 ** 10,
  MB: 1e6,
  MiB: 2 ** 20,
  GB: 1e9,
  GiB: 2 ** 30,
  TB: 1e12,
  TiB: 2 ** 40,
} as const;

export const BYTE_UNITS = ['GB', 'GiB', 'TB', 'TiB'] as const;
export const byteUnitSchema = z.enum(BYTE_UNITS);
export type ByteUnit = z.infer<typeof byteUnitSchema>;

export const FEED_UNITS = Object.keys(BYTES_PER_UNIT) as Array<keyof typeof BYTES_PER_UNIT>;
export const feedUnitSchema = z.enum(FEED_UNITS);
export type FeedUnit = z.infer<typeof feedUnitSchema>;

export function bytesPerUnit(unit: FeedUnit): number {
  return BYTES_PER_UNIT[unit];
}

export function toBytes(amount: number, unit: FeedUnit): number {
  return amount * BYTES_PER_UNIT[unit];
}

export function fromBytes(bytes: number, unit: FeedUnit): number {
  return bytes / BYTES_PER_UNIT[unit];
}

/** Whole bytes from a provider's number: byte counts are integers, and sums of integers stay exact. */
export function feedValueToBytes(value: number, unit: FeedUnit): number {
  return Math.round(value * BYTES_PER_UNIT[unit]);
}
