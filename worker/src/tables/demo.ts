import type { Sql } from '../db/client';
import { newQrToken } from './qr';
import { insertTable } from './store';

/** Tables T1–T8 for the demo tenant: four inside, four on the terrace. */
export async function seedDemoTables(sql: Sql, tenantId: string): Promise<void> {
  await sql.begin(async (tx) => {
    for (let n = 1; n <= 8; n++) {
      await insertTable(tx, tenantId, {
        name: `T${n}`,
        area: n <= 4 ? 'Inside' : 'Terrace',
        seats: n % 2 ? 2 : 4,
        position: n,
        // One row per area: round two-seaters and square four-seaters.
        layout: {
          x: 4 + ((n - 1) % 4) * 24,
          y: 10,
          w: n % 2 ? 18 : 20,
          h: n % 2 ? 18 : 20,
          shape: n % 2 ? 'round' : 'rect',
          rotation: 0,
        },
        qrToken: newQrToken(),
      });
    }
  });
}
