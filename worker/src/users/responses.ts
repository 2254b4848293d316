import { z } from 'zod';
import { id, timestamp } from '../common/wire';
import { role } from './schemas';

/** A user as the /users routes show it (store.ts columns; never a password or PIN hash). */
export const userResponse = z.object({
  id,
  email: z.string(),
  name: z.string(),
  role,
  has_pin: z.boolean(),
  active: z
    .boolean()
    .meta({ description: 'false: deactivated; keeps its history, cannot log in.' }),
  created_at: timestamp,
  updated_at: timestamp,
});
