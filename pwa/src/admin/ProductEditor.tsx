import { createSignal, For, onCleanup, Show } from 'solid-js';
import {
  ALLERGEN_NAMES,
  ALLERGENS,
  type Allergen,
  LABEL_NAMES,
  LABELS,
  type Label,
} from '../../../worker/src/catalog/allergens';
import { api } from '../api/client';
import type { Category, ModifierGroup, Product, TaxRate } from '../api/types';
import { Dialog } from '../components/Dialog';
import { exponent, parseMoney, toDecimalString } from '../lib/money';
import { createFormState } from './form';

export interface EditorData {
  categories: Category[];
  taxRates: TaxRate[];
  groups: ModifierGroup[];
  currency: string;
  /** The rate most products use: a new product starts with it. */
  defaultRateId: string | null;
}

/**
 * Every field of a product in one dialog, with errors under the fields they concern. `product`
 * null creates; a product with no id is a duplicate to create.
 */
export function ProductEditor(props: {
  product: Partial<Product> | null;
  data: EditorData;
  onClose(): void;
  onSaved(p: Product): void;
}) {
  const p = props.product ?? {};
  const exp = exponent(props.data.currency);
  const [name, setName] = createSignal(p.name ?? '');
  const [categoryId, setCategoryId] = createSignal(p.category_id ?? '');
  const [price, setPrice] = createSignal(
    p.price !== undefined ? toDecimalString(p.price, exp) : '',
  );
  const [rateId, setRateId] = createSignal(p.tax_rate_id ?? props.data.defaultRateId ?? '');
  const [takeawayId, setTakeawayId] = createSignal(p.takeaway_tax_rate_id ?? '');
  const [description, setDescription] = createSignal(p.description ?? '');
  const [sku, setSku] = createSignal(p.sku ?? '');
  const [barcode, setBarcode] = createSignal(p.barcode ?? '');
  const [available, setAvailable] = createSignal(p.available ?? true);
  const [position, setPosition] = createSignal(String(p.position ?? 0));
  const [allergens, setAllergens] = createSignal<Allergen[]>(p.allergens ?? []);
  const [labels, setLabels] = createSignal<Label[]>(p.labels ?? []);
  const [groupIds, setGroupIds] = createSignal<string[]>(p.modifier_group_ids ?? []);
  const [image, setImage] = createSignal<File | null>(null);
  const [preview, setPreview] = createSignal<string | null>(p.image_url ?? null);
  const form = createFormState('product', {
    'sku-taken': ['sku', 'Another product already has this SKU.'],
    'barcode-taken': ['barcode', 'Another product has this barcode.'],
  });
  const { errors, setErrors } = form;
  let objectUrl: string | null = null;
  onCleanup(() => objectUrl && URL.revokeObjectURL(objectUrl));

  const pickImage = (f: File | undefined) => {
    if (!f) return;
    const errs = { ...errors() };
    delete errs.image;
    if (!['image/jpeg', 'image/png', 'image/webp'].includes(f.type)) {
      errs.image = 'Choose a JPEG, PNG or WebP photo.';
    } else if (f.size > 5 * 1024 * 1024) {
      errs.image = 'The photo is larger than 5 MB.';
    }
    setErrors(errs);
    if (errs.image) return;
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(f);
    setImage(f);
    setPreview(objectUrl);
  };

  const save = async (e?: Event) => {
    e?.preventDefault();
    const errs: Record<string, string> = {};
    if (!name().trim()) errs.name = 'Give the product a name.';
    const minor = parseMoney(price(), props.data.currency);
    if (minor === null) errs.price = `Write the price like ${toDecimalString(350, exp)}.`;
    if (!rateId()) errs.tax_rate_id = 'Choose a tax rate (add one under Tax rates first).';
    const pos = Number(position());
    if (!Number.isInteger(pos)) errs.position = 'A whole number.';
    const body = {
      name: name().trim(),
      category_id: categoryId() || null,
      price: minor,
      tax_rate_id: rateId(),
      takeaway_tax_rate_id: takeawayId() || null,
      description: description().trim() || null,
      sku: sku().trim() || null,
      barcode: barcode().trim() || null,
      available: available(),
      position: pos,
      allergens: allergens(),
      labels: labels(),
      modifier_group_ids: groupIds(),
    };
    await form.submit(errs, async () => {
      let saved = p.id
        ? await api<Product>('PATCH', `/products/${p.id}`, body)
        : await api<Product>('POST', '/products', body);
      const file = image();
      if (file) {
        try {
          saved = await api<Product>('PUT', `/products/${saved.id}/image`, undefined, {
            raw: file,
            headers: { 'content-type': file.type },
          });
        } catch (err) {
          setErrors({ image: `Saved, but the photo was refused: ${(err as Error).message}` });
        }
      }
      props.onSaved(saved);
    });
  };

  const err = form.error;

  return (
    <Dialog
      title={p.id ? `Edit ${p.name}` : 'New product'}
      class="wide"
      onClose={props.onClose}
      footer={
        <div class="row">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <span class="spacer" />
          <button
            type="button"
            class="btn primary"
            disabled={form.saving()}
            onClick={() => void save()}
          >
            Save product
          </button>
        </div>
      }
    >
      <form onSubmit={(e) => void save(e)}>
        {form.formError()}
        <div class="form-grid">
          <label class="field">
            <span>Name</span>
            <input
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              maxLength={120}
              {...form.invalid('name')}
            />
            {err('name')}
          </label>
          <label class="field">
            <span>Category</span>
            <select value={categoryId()} onChange={(e) => setCategoryId(e.currentTarget.value)}>
              <option value="">No category</option>
              <For each={props.data.categories}>
                {(c) => <option value={c.id}>{c.name}</option>}
              </For>
            </select>
            {err('category_id')}
          </label>
          <label class="field">
            <span>Price ({props.data.currency})</span>
            <input
              inputMode="decimal"
              value={price()}
              {...form.invalid('price')}
              onInput={(e) => setPrice(e.currentTarget.value)}
              placeholder={toDecimalString(0, exp)}
            />
            {err('price')}
          </label>
          <label class="field">
            <span>Tax rate</span>
            <select value={rateId()} onChange={(e) => setRateId(e.currentTarget.value)}>
              <option value="">Choose…</option>
              <For each={props.data.taxRates}>
                {(r) => (
                  <option value={r.id}>
                    {r.name} ({r.rate_bp / 100} %)
                  </option>
                )}
              </For>
            </select>
            {err('tax_rate_id')}
          </label>
          <label class="field">
            <span>Takeaway tax rate</span>
            <select value={takeawayId()} onChange={(e) => setTakeawayId(e.currentTarget.value)}>
              <option value="">Same as eating in</option>
              <For each={props.data.taxRates}>
                {(r) => (
                  <option value={r.id}>
                    {r.name} ({r.rate_bp / 100} %)
                  </option>
                )}
              </For>
            </select>
            {err('takeaway_tax_rate_id')}
          </label>
          <label class="field">
            <span>SKU</span>
            <input
              value={sku()}
              onInput={(e) => setSku(e.currentTarget.value)}
              maxLength={64}
              {...form.invalid('sku')}
            />
            {err('sku')}
          </label>
          <label class="field">
            <span>Barcode</span>
            <input
              inputMode="numeric"
              value={barcode()}
              {...form.invalid('barcode')}
              onInput={(e) => setBarcode(e.currentTarget.value)}
              maxLength={64}
            />
            {err('barcode')}
          </label>
          <label class="field">
            <span>Position in its category</span>
            <input
              inputMode="numeric"
              value={position()}
              {...form.invalid('position')}
              onInput={(e) => setPosition(e.currentTarget.value)}
            />
            {err('position')}
          </label>
        </div>
        <label class="field">
          <span>Description</span>
          <textarea
            rows={2}
            value={description()}
            onInput={(e) => setDescription(e.currentTarget.value)}
            maxLength={2000}
          />
          {err('description')}
        </label>
        <div class="check-grid">
          <label>
            <input
              type="checkbox"
              checked={available()}
              onChange={(e) => setAvailable(e.currentTarget.checked)}
            />
            Available to order
          </label>
        </div>
        <fieldset class="check-grid">
          <legend>Modifier groups</legend>
          <Show
            when={props.data.groups.length}
            fallback={<span class="muted">None yet: add them under Modifier groups.</span>}
          >
            <ChoiceList
              options={props.data.groups.map((g) => [g.id, g.name] as const)}
              chosen={groupIds()}
              onChange={setGroupIds}
            />
          </Show>
        </fieldset>
        <fieldset class="check-grid">
          <legend>Allergens</legend>
          <ChoiceList
            options={ALLERGENS.map((a) => [a, ALLERGEN_NAMES[a]] as const)}
            chosen={allergens()}
            onChange={setAllergens}
          />
        </fieldset>
        <fieldset class="check-grid">
          <legend>Labels</legend>
          <ChoiceList
            options={LABELS.map((l) => [l, LABEL_NAMES[l]] as const)}
            chosen={labels()}
            onChange={setLabels}
          />
        </fieldset>
        <div class="crop-preview">
          <div class="frame" aria-hidden={!preview()}>
            <Show when={preview()}>
              <img
                src={preview()!}
                alt={`${name() || 'The product'}, cropped square as on the menu`}
              />
            </Show>
          </div>
          <label class="field">
            <span>Photo (JPEG, PNG or WebP, up to 5 MB)</span>
            <input
              type="file"
              accept="image/jpeg,image/png,image/webp"
              onChange={(e) => pickImage(e.currentTarget.files?.[0])}
            />
            <span class="muted">The square shows how the menu crops it.</span>
            {err('image')}
          </label>
        </div>
      </form>
    </Dialog>
  );
}

/** One checkbox per option, named by its label; the chosen values keep the order they were picked. */
function ChoiceList<T extends string>(props: {
  options: readonly (readonly [T, string])[];
  chosen: T[];
  onChange(next: T[]): void;
}) {
  const set = (v: T, on: boolean) => {
    const rest = props.chosen.filter((x) => x !== v);
    props.onChange(on ? [...rest, v] : rest);
  };
  return (
    <For each={props.options}>
      {([value, label]) => (
        <label>
          <input
            type="checkbox"
            checked={props.chosen.includes(value)}
            onChange={(e) => set(value, e.currentTarget.checked)}
          />
          {label}
        </label>
      )}
    </For>
  );
}
