import type { Json } from './document';

/**
 * The readable reference at /api/docs: one self-contained HTML page rendered from the OpenAPI
 * document (no script, no outside CDN), so it works offline, behind a strict CSP and on workerd.
 */

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Inline code spans and bold from the descriptions' small Markdown subset; the rest is text. */
const inlineMd = (s: string) =>
  esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

/** Paragraphs and "- " lists of a description. */
function prose(text: string): string {
  const paras = text.split(/\n\s*\n/);
  return paras
    .map((p) => {
      const lines = p.split('\n');
      const isList = lines.every((l, i) => (i === 0 ? /^- /.test(l) : true));
      if (isList) {
        const items = p.split(/\n- /).map((it) => it.replace(/^- /, '').replace(/\n\s*/g, ' '));
        return `<ul>${items.map((it) => `<li>${inlineMd(it)}</li>`).join('')}</ul>`;
      }
      return `<p>${inlineMd(p.replace(/\n\s*/g, ' '))}</p>`;
    })
    .join('');
}

const refName = (ref: string) => ref.replace('#/components/schemas/', '');

function typeLabel(s: Json): string {
  if (typeof s.$ref === 'string') return refName(s.$ref);
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
    const alts = ((s.anyOf ?? s.oneOf) as Json[]).map(typeLabel);
    return alts.join(' | ');
  }
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (s.type === 'array') return `${typeLabel((s.items ?? {}) as Json)}[]`;
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (typeof s.type === 'string') return s.format ? `${s.type} (${s.format})` : s.type;
  return 'any';
}

function constraints(s: Json): string {
  const out: string[] = [];
  const big = 9_000_000_000_000_000;
  if (typeof s.minimum === 'number' && s.minimum > -big) out.push(`≥ ${s.minimum}`);
  if (typeof s.maximum === 'number' && s.maximum < big) out.push(`≤ ${s.maximum}`);
  if (typeof s.minLength === 'number') out.push(`length ≥ ${s.minLength}`);
  if (typeof s.maxLength === 'number') out.push(`length ≤ ${s.maxLength}`);
  if (typeof s.minItems === 'number') out.push(`items ≥ ${s.minItems}`);
  if (typeof s.maxItems === 'number') out.push(`items ≤ ${s.maxItems}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out.join(', ');
}

/** A schema as a table of its fields; nested objects inline, named ones linked. */
function schemaTable(s: Json, depth = 0): string {
  if (typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    return `<p>See <a href="#schema-${esc(name)}">${esc(name)}</a>.</p>`;
  }
  const variants = (s.oneOf ?? s.anyOf) as Json[] | undefined;
  if (variants && depth < 4) {
    return variants.map((v, i) => `<p>Variant ${i + 1}:</p>${schemaTable(v, depth + 1)}`).join('');
  }
  if (s.type === 'array' && s.items) {
    return `<p>An array of:</p>${schemaTable(s.items as Json, depth + 1)}`;
  }
  const props = s.properties as Record<string, Json> | undefined;
  if (!props) return `<p><code>${esc(typeLabel(s))}</code></p>`;
  const required = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(props).map(([name, p]) => {
    const nested =
      depth < 3 && (p.properties || (p.type === 'array' && (p.items as Json)?.properties))
        ? `<details><summary>fields</summary>${schemaTable(p, depth + 1)}</details>`
        : '';
    const type =
      typeof p.$ref === 'string'
        ? `<a href="#schema-${esc(refName(p.$ref))}">${esc(refName(p.$ref))}</a>`
        : esc(typeLabel(p));
    const desc = [p.description, constraints(p)].filter(Boolean).join('. ');
    return `<tr><td><code>${esc(name)}</code>${required.has(name) ? '' : ' <small>optional</small>'}</td><td>${type}</td><td>${esc(desc)}${nested}</td></tr>`;
  });
  return `<table><thead><tr><th>Field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A body's schema in full: a named one is shown inline (its own nested names stay links). */
function bodySchema(schema: Json, schemas: Record<string, Json>): string {
  if (typeof schema.$ref !== 'string') return schemaTable(schema);
  const name = refName(schema.$ref);
  const resolved = schemas[name];
  if (!resolved) return schemaTable(schema);
  return `<p>Schema <a href="#schema-${esc(name)}">${esc(name)}</a>:</p>${schemaTable(resolved)}`;
}

function content(c: Json | undefined, schemas: Record<string, Json>): string {
  if (!c) return '';
  return Object.entries(c)
    .map(
      ([type, m]) =>
        `<p class="media">${esc(type)}</p>${bodySchema(((m as Json).schema ?? {}) as Json, schemas)}`,
    )
    .join('');
}

function operation(path: string, method: string, op: Json, schemas: Record<string, Json>): string {
  const id = esc(op.operationId);
  const params = (op.parameters ?? []) as Json[];
  const paramRows = params
    .map((p) => {
      const s = (p.schema ?? {}) as Json;
      const desc = [p.description, constraints(s)].filter(Boolean).join('. ');
      return `<tr><td><code>${esc(p.name)}</code>${p.required ? '' : ' <small>optional</small>'}</td><td>${esc(p.in)}</td><td>${esc(typeLabel(s))}</td><td>${esc(desc)}</td></tr>`;
    })
    .join('');
  const body = op.requestBody as Json | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(
      ([status, r]) =>
        `<details${status.startsWith('2') ? ' open' : ''}><summary><span class="status s${esc(status[0])}">${esc(status)}</span> ${inlineMd(String(r.description))}</summary>${content(r.content as Json, schemas)}</details>`,
    )
    .join('');
  return `<section class="op" id="${id}">
<h3><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p class="summary">${esc(op.summary)}</p>
${op.description ? prose(String(op.description)) : ''}
${paramRows ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Notes</th></tr></thead><tbody>${paramRows}</tbody></table>` : ''}
${body ? `<h4>Request body</h4>${content(body.content as Json, schemas)}` : ''}
<h4>Responses</h4>${responses}
</section>`;
}

const css = `
:root{color-scheme:light;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:72rem;padding:1rem}
h1{margin:.5rem 0}h2{margin-top:2.5rem;border-bottom:2px solid #ddd}
nav>ul{padding-left:1rem}nav ul ul{columns:22rem;font-size:.9rem}nav a{display:inline-block;min-height:44px;line-height:44px;overflow-wrap:anywhere}
.op{border:1px solid #ccc;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}
.method{display:inline-block;min-width:4.5rem;text-align:center;border-radius:4px;color:#fff;padding:0 .4rem}
.get{background:#1f5f99}.post{background:#1d6b35}.patch{background:#7a4b00}.put{background:#5b3a8c}.delete{background:#a11d1d}
code{background:#f2f2f2;padding:0 .2rem;border-radius:3px;overflow-wrap:anywhere}
h3 code{background:none}
h3,a,td,th,summary,p{overflow-wrap:anywhere}
.op{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:.5rem 0;display:block;overflow-x:auto}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
small{color:#555}.media{color:#444;font-style:italic;margin:.5rem 0 0}
summary{cursor:pointer;min-height:44px;line-height:44px}
.status{font-weight:bold}.s2{color:#1d6b35}.s4,.s5{color:#a11d1d}
a{color:#0b57a3}
`;

/** The whole page. */
export function renderReference(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const tags = (doc.tags ?? []) as { name: string; description: string }[];
  const schemas = ((doc.components as Json).schemas ?? {}) as Record<string, Json>;
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = ((op.tags as string[]) ?? ['Other'])[0]!;
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(path, method, op, schemas)]);
      toc.set(tag, [
        ...(toc.get(tag) ?? []),
        `<li><a href="#${esc(op.operationId)}">${esc(method.toUpperCase())} ${esc(path)}</a></li>`,
      ]);
    }
  }
  const sections = tags
    .filter((t) => byTag.has(t.name))
    .map(
      (t) =>
        `<h2 id="tag-${esc(t.name)}">${esc(t.name)}</h2><p>${esc(t.description)}</p>${byTag.get(t.name)!.join('')}`,
    )
    .join('');
  const nav = tags
    .filter((t) => toc.has(t.name))
    .map(
      (t) =>
        `<li><a href="#tag-${esc(t.name)}">${esc(t.name)}</a><ul>${toc.get(t.name)!.join('')}</ul></li>`,
    )
    .join('');
  const schemaSections = Object.entries(schemas)
    .map(
      ([name, s]) =>
        `<section class="op" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${schemaTable(s)}</section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} reference</title><style>${css}</style></head>
<body><header><h1>${esc(info.title)} <small>${esc(info.version)}</small></h1>
<p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p></header>
<main>${prose(String(info.description ?? ''))}
<nav aria-label="Sections"><h2>Sections</h2><ul>${nav}</ul></nav>
${sections}
<h2 id="schemas">Schemas</h2>${schemaSections}</main></body></html>`;
}
