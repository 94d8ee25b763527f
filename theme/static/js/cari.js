// Search page (/cari/): Pagefind's JS API with our own accessible, Indonesian UI.
// The state lives in the URL (?q=...&urut=terbaru&tahun=2024&instansi=...), so a
// search can be shared and the back button returns to the previous one.
const root = document.getElementById("cari");
const form = document.getElementById("cari-form");
const input = document.getElementById("cari-q");
const order = document.getElementById("cari-urut");
const panel = document.getElementById("cari-saring");
const status = document.getElementById("cari-status");
const list = document.getElementById("cari-hasil");
const more = document.getElementById("cari-lagi");

const FILTERS = [ // [key, label]; the order shown
  ["jenis", "Jenis halaman"], ["tahun", "Tahun kegiatan"], ["wilayah", "Wilayah"],
  ["program", "Program"], ["instansi", "Instansi"],
];
const KIND_LABELS = { berita: "Berita", instansi: "Instansi", program: "Program", wilayah: "Wilayah" };
const KIND_ORDER = Object.keys(KIND_LABELS);
const PAGE = 10;
const collator = new Intl.Collator("id");
const number = new Intl.NumberFormat("id");

let pagefind = null;
let results = [];
let shown = 0;
let generation = 0; // a newer search makes older answers stale

const valueLabel = (key, value) => (key === "jenis" ? KIND_LABELS[value] || value : value);

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const [key] of FILTERS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = values;
  }
  return { q: (params.get("q") || "").trim(), sort: params.get("urut") === "terbaru" ? "terbaru" : "relevan", filters };
}

function stateFromForm() {
  const filters = {};
  for (const box of panel.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  return { q: input.value.trim(), sort: order.value, filters };
}

function urlOf(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort === "terbaru") params.set("urut", "terbaru");
  for (const [key] of FILTERS) for (const value of state.filters[key] || []) params.append(key, value);
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

function showState(state) {
  input.value = state.q;
  order.value = state.sort;
  for (const box of panel.querySelectorAll("input[type=checkbox]")) {
    box.checked = (state.filters[box.name] || []).includes(box.value);
  }
}

// The filters' values are loaded when a reader first opens a group (or the URL
// asks for a filter): a first search then downloads no filter data at all.
let filtersLoaded = null;

function loadFilters() {
  filtersLoaded ||= pagefind.filters().then(async (all) => {
    fillFilters(all);
    const state = stateFromUrl();
    for (const box of panel.querySelectorAll("input")) box.checked = (state.filters[box.name] || []).includes(box.value);
    showCounts(await counts(state), state); // the counts of the search on screen, now that they can be counted
  });
  return filtersLoaded;
}

function options(state) {
  return { filters: Object.fromEntries(Object.entries(state.filters).map(([k, v]) => [k, { any: v }])) };
}

const newestFirst = (state) => state.sort === "terbaru" || !state.q;

// The index lists its pages newest first by event date, and names page n
// "<bundle>/<n>" (plugins/search_index/canonical.py): ordering by n is ordering
// by date, with no sort list for every reader to download.
const place = (result) => Number(result.id.slice(result.id.lastIndexOf("/") + 1));

async function counts(state) {
  if (!state.q && !Object.keys(state.filters).length) return pagefind.filters();
  return (await pagefind.search(state.q || null, options(state))).filters;
}

// One "Saring hasil" around the groups, closed on a phone: the results stay on the first screen.
const WIDE = "(min-width: 48rem)";

function buildGroups() {
  const all = document.createElement("details");
  all.className = "cari-saring__semua";
  const title = document.createElement("summary");
  const picked = Object.assign(document.createElement("span"), { className: "cari-filter__picked" });
  title.append("Saring hasil ", picked);
  const groups = Object.assign(document.createElement("div"), { className: "cari-saring__kelompok" });
  all.append(title, groups);
  all.open = matchMedia(WIDE).matches;
  panel.append(all);
  for (const [key, label] of FILTERS) {
    const details = document.createElement("details");
    details.className = "cari-filter";
    details.dataset.key = key;
    const summary = document.createElement("summary");
    summary.textContent = label;
    const picked = document.createElement("span");
    picked.className = "cari-filter__picked";
    summary.append(" ", picked);
    const fieldset = document.createElement("fieldset");
    const legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = `Saring menurut ${label.toLowerCase()}`;
    const wait = Object.assign(document.createElement("p"), { className: "muted small", textContent: "Memuat pilihan…" });
    fieldset.append(legend, wait);
    details.append(summary, fieldset);
    details.addEventListener("toggle", () => details.open && loadFilters().catch(failed));
    groups.append(details);
  }
  panel.hidden = false;
}

function fillFilters(all) {
  for (const details of panel.querySelectorAll(".cari-filter")) {
    const key = details.dataset.key;
    const fieldset = details.querySelector("fieldset");
    const values = Object.keys(all[key] || {});
    details.hidden = !values.length;
    if (key === "jenis") values.sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b));
    else if (key === "tahun") values.sort((a, b) => b.localeCompare(a));
    else values.sort(collator.compare);
    fieldset.querySelector("p")?.remove();
    values.forEach((value, i) => {
      const id = `saring-${key}-${i}`;
      const row = document.createElement("div");
      row.className = "cari-filter__item";
      const box = Object.assign(document.createElement("input"), { type: "checkbox", id, name: key, value });
      const text = Object.assign(document.createElement("label"), { htmlFor: id });
      const count = Object.assign(document.createElement("span"), { className: "count" });
      text.append(valueLabel(key, value), " ", count);
      row.append(box, text);
      fieldset.append(row);
    });
  }
}

function showCounts(counts, state) {
  const all = panel.querySelector(".cari-saring__semua");
  const chosen = Object.values(state.filters).flat().length;
  all.querySelector(":scope > summary .cari-filter__picked").textContent = chosen ? `(${chosen} dipilih)` : "";
  if (chosen) all.open = true;
  for (const details of panel.querySelectorAll(".cari-filter")) {
    const key = details.dataset.key;
    const chosen = state.filters[key] || [];
    for (const row of details.querySelectorAll(".cari-filter__item")) {
      const box = row.querySelector("input");
      const n = counts?.[key]?.[box.value] ?? 0;
      row.querySelector(".count").textContent = `(${number.format(n)})`;
      row.hidden = n === 0 && !box.checked;
    }
    details.querySelector(".cari-filter__picked").textContent = chosen.length ? `(${chosen.length} dipilih)` : "";
    if (chosen.length) details.open = true;
  }
}

function say(text) {
  status.textContent = text;
}

function describe(state, total) {
  const chosen = Object.entries(state.filters).flatMap(([key, values]) => values.map((v) => valueLabel(key, v)));
  const what = state.q ? ` untuk “${state.q}”` : "";
  const where = chosen.length ? `, disaring: ${chosen.join(", ")}` : "";
  if (!total) return `Tidak ada hasil${what}${where}. Periksa ejaan, pakai kata lain, atau kurangi saringan.`;
  const sorted = newestFirst(state) ? ", terbaru lebih dulu" : "";
  return `${number.format(total)} hasil${what}${where}${sorted}.`;
}

// Lead photo thumbnail, decorative (docs/search.md); `loading` before `src`, or it loads at once.
function thumbnail(src) {
  const photo = Object.assign(document.createElement("img"), {
    loading: "lazy", decoding: "async", className: "cari-item__foto", alt: "", width: 96, height: 64, src,
  });
  photo.addEventListener("error", () => photo.remove()); // no broken box
  return photo;
}

function card(data) {
  const meta = data.meta || {};
  const item = document.createElement("li");
  item.className = "cari-item";
  if (meta.image) item.append(thumbnail(meta.image));
  const kind = Object.assign(document.createElement("p"), { className: "cari-item__jenis", textContent: meta.jenis || "" });
  const heading = document.createElement("h2");
  heading.className = "cari-item__title";
  const link = Object.assign(document.createElement("a"), { href: data.url, textContent: meta.title || data.url });
  heading.append(link);
  item.append(kind, heading);
  const facts = [meta.tanggal, meta.tempat, meta.penyelenggara].filter(Boolean);
  if (facts.length) {
    const line = Object.assign(document.createElement("p"), { className: "cari-item__meta" });
    for (const fact of facts) line.append(Object.assign(document.createElement("span"), { textContent: fact }));
    item.append(line);
  }
  const excerpt = Object.assign(document.createElement("p"), { className: "cari-item__kutipan" });
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>
  item.append(excerpt);
  return item;
}

async function showMore(focusFirst) {
  const mine = generation;
  const slice = results.slice(shown, shown + PAGE);
  const data = await Promise.all(slice.map((r) => r.data()));
  if (mine !== generation) return;
  const cards = data.map(card);
  list.append(...cards);
  shown += slice.length;
  more.hidden = shown >= results.length;
  if (focusFirst && cards.length) cards[0].querySelector("a").focus();
}

async function run(state) {
  const mine = ++generation;
  results = [];
  shown = 0;
  document.title = (state.q ? `${state.q} — ` : "") + root.dataset.title;
  list.setAttribute("aria-busy", "true");
  if (!state.q && !Object.keys(state.filters).length) {
    list.replaceChildren();
    more.hidden = true;
    if (filtersLoaded) showCounts(await pagefind.filters(), state);
    say("");
  } else {
    const search = await pagefind.search(state.q || null, options(state));
    if (mine !== generation || !search) return;
    results = newestFirst(state) ? [...search.results].sort((a, b) => place(a) - place(b)) : search.results;
    list.replaceChildren();
    showCounts(search.filters, state);
    await showMore(false);
    if (mine !== generation) return;
    say(describe(state, results.length));
  }
  list.setAttribute("aria-busy", "false");
  root.dataset.putaran = String(Number(root.dataset.putaran || 0) + 1); // searches finished: for tests
}

function go(state, push) {
  if (push && urlOf(state) !== location.pathname + location.search) history.pushState(null, "", urlOf(state));
  run(state).catch(failed);
}

function failed(error) {
  say("Pencarian tidak dapat dimuat. Muat ulang halaman ini, atau telusuri arsip berita.");
  console.warn("cari:", error);
}

async function start() {
  root.dataset.title = document.title;
  const state = stateFromUrl();
  showState(state);
  if (state.q || Object.keys(state.filters).length) say("Memuat indeks pencarian…");
  pagefind = await import(root.dataset.indeks);
  await pagefind.options({ excerptLength: 24 });
  buildGroups();
  if (Object.keys(state.filters).length) await loadFilters();
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(stateFromForm(), true);
  });
  panel.addEventListener("change", () => go(stateFromForm(), true));
  order.addEventListener("change", () => go(stateFromForm(), true));
  more.addEventListener("click", () => showMore(true).catch(failed));
  addEventListener("popstate", () => {
    const next = stateFromUrl();
    if (Object.keys(next.filters).length) loadFilters().catch(failed); // ticks the boxes once loaded
    showState(next);
    go(next, false);
  });
  await run(state);
}

start().catch(failed);
