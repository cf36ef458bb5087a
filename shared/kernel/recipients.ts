import { z } from 'zod';

/** Who a route or a contract mails: at least one `to`, any number of `cc`. */
export const recipientsShape = {
  to: z.array(z.email()).min(1),
  cc: z.array(z.email()).default([]),
};
