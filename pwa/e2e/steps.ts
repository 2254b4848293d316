import type { Locator, Page } from 'playwright-core';

/**
 * Steps several browser tests take the same way. Each presses with `tap` on touch contexts (phones)
 * and `click` elsewhere, as a person would.
 */
const press = (target: Locator, touch: boolean) => (touch ? target.tap() : target.click());

/**
 * 10 % off ("regular guest") from an open order-actions dialog, asked by a cashier and approved by
 * Marco Manager typing `pin` on the same device. `check` runs on the Apply and the Enter PIN
 * screens (layout and accessibility checks) before each is pressed. Returns the actions dialog.
 *
 * Online (the default), it first waits for the order to be on the server: a Charge opens the
 * dialogs at once, and a discount given while the order is still in the outbox is queued behind
 * it instead of applied (right for a person, a flake for a test expecting "done").
 */
export async function discountTenPercentWithPin(
  page: Page,
  pin: string,
  options: {
    touch?: boolean;
    offline?: boolean;
    check?: (screen: 'apply' | 'approval', target: Locator) => Promise<void>;
  } = {},
): Promise<Locator> {
  const touch = options.touch ?? true;
  const actions = page.getByRole('dialog', { name: /actions$/ });
  if (!options.offline) {
    await page.getByRole('dialog', { name: /^Order #\d+: actions$/ }).waitFor();
    await actions.getByText(/not on the server yet/).waitFor({ state: 'detached' });
  }
  await press(actions.getByRole('button', { name: 'Discount' }), touch);
  await actions.getByRole('textbox', { name: /Percent off/ }).fill('10');
  await actions.getByRole('textbox', { name: 'Reason' }).fill('regular guest');
  const apply = actions.getByRole('button', { name: 'Apply discount' });
  await options.check?.('apply', apply);
  await press(apply, touch);
  const approval = page.getByRole('dialog', { name: 'Manager approval' });
  await press(approval.getByRole('button', { name: 'Marco Manager' }), touch);
  for (const d of pin) await press(approval.getByRole('button', { name: d, exact: true }), touch);
  const enter = approval.getByRole('button', { name: 'Enter PIN' });
  await options.check?.('approval', enter);
  await press(enter, touch);
  return actions;
}
