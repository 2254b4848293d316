import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

/** GET /reports/sales query: RFC 3339 instants, half-open [from, to). */
export const salesQuery = z
  .object({
    from: instant,
    to: instant,
    group_by: z.enum(['day', 'hour', 'category', 'product', 'method', 'staff']),
  })
  .strict()
  .refine((q) => q.from < q.to, { message: 'must be after from', path: ['to'] });

export type SalesQueryInput = z.infer<typeof salesQuery>;
