import { createSignal } from 'solid-js';
import type { DeviceStaff } from '../api/types';

/**
 * This device as registered by a manager (POST /devices): a shared tablet whose staff switch
 * with a PIN. The token is long-lived and shown once, so it is kept here and nowhere else.
 */
export interface DeviceInfo {
  id: string;
  name: string;
  token: string;
  /** Minutes without a touch before the lock screen comes back; 0 = never. */
  idle_minutes: number;
}

export type { DeviceStaff } from '../api/types';

const KEY = 'comanda.device';
const STAFF_KEY = 'comanda.device.staff';

function read(): DeviceInfo | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as DeviceInfo) : null;
  } catch {
    return null;
  }
}

const [device, setDeviceSignal] = createSignal<DeviceInfo | null>(read());

export { device };

export function saveDevice(d: DeviceInfo | null): void {
  if (d) localStorage.setItem(KEY, JSON.stringify(d));
  else localStorage.removeItem(KEY);
  localStorage.removeItem(STAFF_KEY);
  setDeviceSignal(d);
}

/**
 * Staff who can sign in on this device by PIN (GET /devices/current/staff). The last list is kept
 * (names and roles, never a PIN or its hash) so a manager can still be picked to approve offline.
 */
export async function deviceStaff(d: DeviceInfo): Promise<DeviceStaff[]> {
  let res: Response;
  try {
    res = await fetch('/api/v1/devices/current/staff', {
      headers: { 'x-device-token': d.token },
    });
  } catch (e) {
    const cached = cachedStaff(d);
    if (cached) return cached;
    throw e;
  }
  if (!res.ok) throw new Error(`The staff list could not be loaded (${res.status}).`);
  const data = ((await res.json()) as { data: DeviceStaff[] }).data;
  localStorage.setItem(STAFF_KEY, JSON.stringify({ device: d.id, data }));
  return data;
}

function cachedStaff(d: DeviceInfo): DeviceStaff[] | null {
  try {
    const raw = JSON.parse(localStorage.getItem(STAFF_KEY) ?? 'null') as {
      device: string;
      data: DeviceStaff[];
    } | null;
    return raw?.device === d.id ? raw.data : null;
  } catch {
    return null;
  }
}

const LOCK_KEY = 'comanda.locked';
const [locked, setLockedSignal] = createSignal(localStorage.getItem(LOCK_KEY) === '1');

export { locked };

/** Locks the shared device (it stays locked across reloads until someone enters a PIN). */
export function setLocked(on: boolean): void {
  if (on) localStorage.setItem(LOCK_KEY, '1');
  else localStorage.removeItem(LOCK_KEY);
  setLockedSignal(on);
}
