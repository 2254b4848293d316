import { z } from 'zod';
import { email, password, personName, pin } from '../tenants/schemas';

export const role = z.enum(['owner', 'manager', 'cashier', 'waiter', 'kitchen']);

export const createUser = z
  .object({ email, name: personName, role, password, pin: pin.optional() })
  .strict();

export const patchUser = z
  .object({ email, name: personName, role, password, pin: pin.nullable(), active: z.boolean() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'send at least one field');
