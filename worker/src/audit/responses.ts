import { z } from 'zod';
import { id, timestamp } from '../common/wire';

export const auditEntryResponse = z.object({
  id,
  at: timestamp,
  actor_id: id.nullable(),
  action: z.string().meta({ description: 'e.g. order.voided, user.role_changed, login.failed' }),
  object_type: z.string(),
  object_id: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
