import { z } from 'zod';
import { id, timestamp } from '../common/wire';

export const deviceResponse = z.object({ id, name: z.string(), created_at: timestamp });

/** The token is in this answer only: the server keeps its hash. */
export const createdDeviceResponse = deviceResponse.extend({
  device_token: z.string().meta({ description: 'Send as X-Device-Token to POST /auth/pin.' }),
});

/** A lock-screen tile: who may sign in by PIN on the device (GET /devices/current/staff). */
export const deviceStaffResponse = z.object({ id, name: z.string(), role: z.string() });
