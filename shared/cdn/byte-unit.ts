import { z } from 'zod';

/**
 * Volume units a CDN contract may be written in. Decimal and binary differ by ~10% at TB/TiB, so every
 * conversion goes through this file and nowhere else.
 */
export const BYTE_UNITS = ['GB', 'GiB', 'TB', 'TiB'] as const;
export const byteUnitSchema = z.enum(BYTE_UNITS);
export type ByteUnit = z.infer<typeof byteUnitSchema>;

const BYTES_PER_UNIT: Record<ByteUnit, number> = {
  GB: 1e9,
  GiB: 2 ** 30,
  TB: 1e12,
  TiB: 2 ** 40,
};

export function bytesPerUnit(unit: ByteUnit): number {
  return BYTES_PER_UNIT[unit];
}

export function toBytes(amount: number, unit: ByteUnit): number {
  return amount * BYTES_PER_UNIT[unit];
}

export function fromBytes(bytes: number, unit: ByteUnit): number {
  return bytes / BYTES_PER_UNIT[unit];
}
