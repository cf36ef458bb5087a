import { z } from 'zod';
import { placeholderProblems } from './probe-template';

/** Text with host placeholders; an unknown placeholder is refused here, naming the field. */
export const templateSchema = (maxChars: number) =>
  z
    .string()
    .max(maxChars)
    .superRefine((text, ctx) => {
      for (const message of placeholderProblems(text)) ctx.addIssue({ code: 'custom', message });
    });

/**
 * A JavaScript regular expression, matched against what the probe read (a body the runner caps):
 * short, so a pathological pattern stays small.
 */
export const regexSchema = z
  .string()
  .min(1)
  .max(200)
  .superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${why}` });
    }
  });

/** A Cloud Function run probes many hosts: one probe never holds it longer than 10 s. */
export const timeoutMsSchema = z.int().min(100).max(10_000).default(5000);
