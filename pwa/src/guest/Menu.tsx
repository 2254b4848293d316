import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { Catalog, Product } from '../api/types';
import { formatMoney } from '../lib/money';
import { ALLERGENS, allergensOf, LABELS, labelsOf, matches, SEARCH_FROM } from './allergens';

/**
 * The menu as the guest reads it: category chips that stay on top, jump to their section and
 * follow the scroll; products with allergen letters and labels, explained by a legend; a search
 * field on long menus. Rendered on the server too, so it reads with JavaScript off (the chips are
 * plain links to the sections).
 */
export function Menu(props: { catalog: Catalog; currency: string; onPick(p: Product): void }) {
  const [query, setQuery] = createSignal('');
  const [active, setActive] = createSignal<string | null>(null);
  const categories = createMemo(() =>
    props.catalog.categories.filter((c) =>
      props.catalog.products.some((p) => p.category_id === c.id),
    ),
  );
  const shown = (cat: string) =>
    props.catalog.products.filter(
      (p) => p.category_id === cat && matches(query(), p.name, p.description),
    );
  const anyShown = () => categories().some((c) => shown(c.id).length > 0);
  const usesAllergens = () => props.catalog.products.some((p) => p.allergens?.length);
  const usesLabels = () => props.catalog.products.some((p) => p.labels?.length);

  let chips: HTMLElement | undefined;
  onMount(() => {
    // The active chip is the last section whose heading has scrolled up to the chips (the one
    // being read), else the first. Measured once per frame while scrolling.
    let frame = 0;
    const track = () => {
      frame = 0;
      const line = (chips?.getBoundingClientRect().bottom ?? 0) + 24;
      let current = categories()[0]?.id ?? null;
      for (const c of categories()) {
        const el = document.getElementById(`cat-${c.id}`);
        if (el && el.getBoundingClientRect().top <= line) current = c.id;
      }
      if (current === active()) return;
      setActive(current);
      const chip = current && chips?.querySelector<HTMLElement>(`[data-cat="${current}"]`);
      if (chip && chips) {
        const left = chip.getBoundingClientRect().left - chips.getBoundingClientRect().left;
        chips.scrollTo({ left: chips.scrollLeft + left - 16, behavior: 'smooth' });
      }
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(track);
    };
    track();
    addEventListener('scroll', onScroll, { passive: true });
    onCleanup(() => {
      removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame);
    });
  });

  return (
    <div class="menu">
      <nav class="chips" aria-label="Menu categories" ref={chips}>
        <For each={categories()}>
          {(cat) => (
            <a
              class="chip"
              href={`#cat-${cat.id}`}
              data-cat={cat.id}
              aria-current={active() === cat.id ? 'true' : undefined}
            >
              {cat.name}
            </a>
          )}
        </For>
      </nav>
      <Show when={props.catalog.products.length > SEARCH_FROM}>
        <label class="menu-search">
          <span class="sr-only">Search the menu</span>
          <input
            type="search"
            placeholder="Search the menu"
            value={query()}
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
        </label>
      </Show>
      <For each={categories()}>
        {(cat) => (
          <Show when={shown(cat.id).length}>
            <section class="guest-category" id={`cat-${cat.id}`} aria-labelledby={`h-${cat.id}`}>
              <h2 id={`h-${cat.id}`}>{cat.name}</h2>
              <div class="grid">
                <For each={shown(cat.id)}>
                  {(p) => (
                    <button type="button" class="product" onClick={() => props.onPick(p)}>
                      <Show when={p.thumbnail_url}>
                        <img
                          src={p.thumbnail_url!}
                          alt=""
                          loading="lazy"
                          width="200"
                          height="200"
                        />
                      </Show>
                      <span class="name">{p.name}</span>
                      <Show when={p.description}>
                        <span class="desc">{p.description}</span>
                      </Show>
                      <span class="price">{formatMoney(p.price, props.currency)}</span>
                      <Show when={allergensOf(p.allergens).length || labelsOf(p.labels).length}>
                        <span class="tags">
                          <For each={labelsOf(p.labels)}>
                            {(l) => <span class={`label label-${l.key}`}>{l.name}</span>}
                          </For>
                          <For each={allergensOf(p.allergens)}>
                            {(a) => (
                              <abbr class="allergen" title={a.name} aria-label={a.name}>
                                {a.code}
                              </abbr>
                            )}
                          </For>
                        </span>
                      </Show>
                    </button>
                  )}
                </For>
              </div>
            </section>
          </Show>
        )}
      </For>
      <Show when={!anyShown()}>
        <p class="muted">Nothing on the menu matches “{query()}”.</p>
      </Show>
      <Show when={usesAllergens() || usesLabels()}>
        <section class="legend" aria-label="Allergens and labels">
          <h2>Allergens and labels</h2>
          <Show when={usesAllergens()}>
            <dl>
              <For each={Object.values(ALLERGENS)}>
                {(a) => (
                  <div>
                    <dt class="allergen">{a.code}</dt>
                    <dd>{a.name}</dd>
                  </div>
                )}
              </For>
            </dl>
          </Show>
          <Show when={usesLabels()}>
            <p>
              <For each={Object.entries(LABELS)}>
                {([key, name]) => <span class={`label label-${key}`}>{name}</span>}
              </For>
            </p>
          </Show>
          <p class="muted">Ask the staff about allergens in anything you order.</p>
        </section>
      </Show>
    </div>
  );
}
